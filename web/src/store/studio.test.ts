// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { StudioStore } from './studio';
import { helloGraph, syncFrames, TYPES } from '../test/fixtures';
import type { ClientMessage, Graph } from '../protocol/types';

function connected(graph: Graph = helloGraph(), layout?: (g: Graph) => Promise<Map<string, { x: number; y: number }>>) {
  const store = new StudioStore({ requestFrame: syncFrames, layout });
  const sent: ClientMessage[] = [];
  store.attach((m) => {
    sent.push(m);
    return true;
  });
  store.handle({ type: 'hello', proto: 1, server: 'patchline 0.1', readonly: false, file: '/g/hello.json' });
  store.handle({
    type: 'snapshot',
    rev: 7,
    graph,
    types: TYPES,
    nodes: { rooms: { state: 'ok', cookCount: 3 } },
    file: { path: '/g/hello.json', dirty: false },
  });
  return { store, sent };
}

describe('StudioStore: snapshot and graph', () => {
  it('turns a snapshot into tiles coloured by family and one edge per input', () => {
    const { store } = connected();
    const s = store.getState();
    expect(s.rev).toBe(7);
    expect(s.nodes.map((n) => [n.id, n.data.family, n.position])).toEqual([
      ['rooms', 'DAT', { x: 0, y: 0 }],
      ['warm', 'DAT', { x: 300, y: 0 }],
      ['temps', 'CHOP', { x: 600, y: 0 }],
    ]);
    expect(s.edges.map((e) => [e.source, e.target])).toEqual([
      ['rooms', 'warm'],
      ['warm', 'temps'],
    ]);
    expect(store.live.get('rooms')!.state!.cookCount).toBe(3);
    expect(s.file).toEqual({ path: '/g/hello.json', dirty: false });
  });

  it('keeps the objects of unchanged tiles and edges when a new graph arrives', () => {
    const { store } = connected();
    const before = store.getState();
    const g = helloGraph();
    g.nodes[2] = { ...g.nodes[2], x: 700 };
    store.handle({ type: 'graph', rev: 8, source: 'disk', graph: g });
    const after = store.getState();
    expect(after.nodes[0]).toBe(before.nodes[0]);
    expect(after.nodes[1]).toBe(before.nodes[1]);
    expect(after.nodes[2]).not.toBe(before.nodes[2]);
    expect(after.nodes[2].position).toEqual({ x: 700, y: 0 });
    expect(after.edges[0]).toBe(before.edges[0]);
    expect(after.rev).toBe(8);
  });

  it('places nodes without x/y by the automatic layout', async () => {
    const g = helloGraph();
    g.nodes = g.nodes.map(({ x: _x, y: _y, ...n }) => n);
    const { store } = connected(g, async (graph) => new Map(graph.nodes.map((n, i) => [n.id, { x: i * 1000, y: 5 }])));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 5 },
      { x: 1000, y: 5 },
      { x: 2000, y: 5 },
    ]);
  });

  it('drops live data and the watch of a node that left the graph', () => {
    const { store, sent } = connected();
    store.setWatched(['warm']);
    store.live.table('warm', { reset: true, header: ['room'], rows: [['kitchen']], numRows: 1 });
    const g = helloGraph();
    g.nodes = g.nodes.filter((n) => n.id !== 'warm');
    store.handle({ type: 'graph', rev: 8, graph: g });
    expect(store.live.get('warm')).toBeUndefined();
    expect(sent).toContainEqual({ type: 'unwatch', id: 'warm' });
  });
});

describe('StudioStore: React Flow changes', () => {
  it('applies selection and drag locally but leaves removals to the server\'s graph', () => {
    const { store } = connected();
    store.onNodesChange([
      { type: 'select', id: 'rooms', selected: true },
      { type: 'remove', id: 'warm' },
    ]);
    store.onEdgesChange([{ type: 'remove', id: store.getState().edges[0].id }]);
    const s = store.getState();
    expect(s.nodes.find((n) => n.id === 'rooms')!.selected).toBe(true);
    expect(s.nodes.map((n) => n.id)).toContain('warm');
    expect(s.edges.length).toBe(2);
  });
});

describe('StudioStore: watches', () => {
  it('watches what is visible plus the panel\'s node, and asks again after a reconnect\'s snapshot', () => {
    const { store, sent } = connected();
    store.setWatched(['rooms', 'temps']);
    expect(sent).toEqual(
      expect.arrayContaining([
        { type: 'watch', id: 'rooms', rows: 8 },
        { type: 'watch', id: 'temps' },
      ]),
    );
    store.pin('warm');
    store.setWatched(['temps']);
    expect(sent).toContainEqual({ type: 'unwatch', id: 'rooms' });
    expect(store.isWatched('warm')).toBe(true);
    sent.length = 0;
    store.handle({ type: 'snapshot', rev: 9, graph: helloGraph(), types: TYPES, nodes: {} });
    expect(sent.map((m) => m.type === 'watch' && m.id).sort()).toEqual(['temps', 'warm']);
  });
});

describe('StudioStore: edits, undo, redo, save', () => {
  it('sends an edit with the current rev, records it on ack, and undo sends its inverse', async () => {
    const { store, sent } = connected();
    const done = store.edit([{ op: 'param', id: 'warm', name: 'extractrows', value: 'all' }]);
    const edit = sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>;
    expect(edit).toMatchObject({ type: 'edit', baseRev: 7, ops: [{ op: 'param', id: 'warm', name: 'extractrows', value: 'all' }] });
    store.handle({ type: 'ack', reqId: edit.reqId, rev: 8 });
    expect(await done).toBe(true);
    expect(store.getState().canUndo).toBe(true);

    const undone = store.undoLast();
    const undo = sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>;
    expect(undo.ops).toEqual([{ op: 'param', id: 'warm', name: 'extractrows', value: 'byexpr' }]);
    store.handle({ type: 'ack', reqId: undo.reqId, rev: 9 });
    expect(await undone).toBe(true);
    expect(store.getState()).toMatchObject({ canUndo: false, canRedo: true });

    void store.redoLast();
    expect((sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>).ops).toEqual(edit.ops);
  });

  it('a nack shows the errors by node and parameter, logs them, and records nothing', async () => {
    const { store, sent } = connected();
    const done = store.edit([{ op: 'param', id: 'warm', name: 'rowexpr', value: { expr: '(' } }]);
    const edit = sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>;
    store.handle({ type: 'nack', reqId: edit.reqId, errors: [{ id: 'warm', param: 'rowexpr', message: 'unexpected end' }] });
    expect(await done).toBe(false);
    expect(store.getState().fieldErrors).toEqual({ 'warm/rowexpr': 'unexpected end' });
    expect(store.getState().canUndo).toBe(false);
    expect(store.log.all().at(-1)).toMatchObject({ level: 'error', node: 'warm' });
  });

  it('a stale edit is sent once more against the newer graph, then given up', async () => {
    const { store, sent } = connected();
    const done = store.edit([{ op: 'comment', id: 'rooms', text: 'x' }]);
    const first = sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>;
    store.handle({ type: 'graph', rev: 8, source: 'disk', graph: helloGraph() });
    store.handle({ type: 'nack', reqId: first.reqId, stale: true });
    const second = sent.at(-1) as Extract<ClientMessage, { type: 'edit' }>;
    expect(second).toMatchObject({ baseRev: 8, ops: first.ops });
    expect(second.reqId).not.toBe(first.reqId);
    store.handle({ type: 'nack', reqId: second.reqId, stale: true });
    expect(await done).toBe(false);
    expect(sent.filter((m) => m.type === 'edit').length).toBe(2);
  });

  it('a refused undo goes back on the undo stack', async () => {
    const { store, sent } = connected();
    void store.edit([{ op: 'comment', id: 'rooms', text: 'x' }]);
    store.handle({ type: 'ack', reqId: (sent.at(-1) as { reqId: string }).reqId, rev: 8 });
    const undone = store.undoLast();
    store.handle({ type: 'nack', reqId: (sent.at(-1) as { reqId: string }).reqId, errors: [{ id: 'rooms', message: 'gone' }] });
    expect(await undone).toBe(false);
    expect(store.getState()).toMatchObject({ canUndo: true, canRedo: false });
  });

  it('read-only sends no edits or saves', async () => {
    const { store, sent } = connected();
    store.handle({ type: 'hello', proto: 1, readonly: true });
    const n = sent.length;
    expect(await store.edit([{ op: 'remove', id: 'rooms' }])).toBe(false);
    expect(await store.save()).toBe(false);
    expect(sent.length).toBe(n);
  });

  it('save resolves on ack, and the file message sets the dirty marker', async () => {
    const { store, sent } = connected();
    store.handle({ type: 'file', path: '/g/hello.json', dirty: true, rev: 8 });
    expect(store.getState().file.dirty).toBe(true);
    const saved = store.save();
    store.handle({ type: 'ack', reqId: (sent.at(-1) as { reqId: string }).reqId, rev: 8 });
    expect(await saved).toBe(true);
  });

  it('requests that wait for an answer learn that the connection dropped', async () => {
    const { store } = connected();
    const rows = store.requestRows('rooms', 0, 100);
    const edit = store.edit([{ op: 'comment', id: 'rooms', text: 'x' }]);
    store.setConnection('closed');
    expect(await rows).toBeNull();
    expect(await edit).toBe(false);
  });

  it('gives a new node the type name and the first free number', () => {
    const { store } = connected();
    expect(store.newNodeId('table')).toBe('table1');
  });
});
