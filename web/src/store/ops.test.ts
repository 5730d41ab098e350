// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { applyOps, invertOps, OpError, UndoStack } from './ops';
import { helloGraph } from '../test/fixtures';
import type { EditOp, Graph } from '../protocol/types';

/** The graph with its nodes in id order: undoing a remove adds the node back at the end. */
function byId(g: Graph): Graph {
  return { ...g, nodes: [...g.nodes].sort((a, b) => a.id.localeCompare(b.id)) };
}

function roundTrip(ops: EditOp[]) {
  const g = helloGraph();
  const after = applyOps(g, ops);
  const inverse = invertOps(g, ops);
  expect(byId(applyOps(after, inverse))).toEqual(byId(g));
  return { after, inverse };
}

describe('op inversion', () => {
  it('undoes an add with a remove', () => {
    const { inverse } = roundTrip([{ op: 'add', node: { id: 'n', type: 'table', x: 1, y: 2 } }]);
    expect(inverse).toEqual([{ op: 'remove', id: 'n' }]);
  });

  it('undoes a remove by adding the node back and rewiring the nodes that read it', () => {
    const { after, inverse } = roundTrip([{ op: 'remove', id: 'rooms' }]);
    expect(after.nodes.find((n) => n.id === 'warm')!.inputs).toEqual([]);
    expect(inverse[0]).toMatchObject({ op: 'add', node: { id: 'rooms', type: 'table' } });
    expect(inverse[1]).toEqual({ op: 'inputs', id: 'warm', inputs: ['rooms'] });
  });

  it('undoes a rename, and wires follow the name', () => {
    const { after, inverse } = roundTrip([{ op: 'rename', id: 'rooms', to: 'places' }]);
    expect(after.nodes.find((n) => n.id === 'warm')!.inputs).toEqual(['places']);
    expect(inverse).toEqual([{ op: 'rename', id: 'places', to: 'rooms' }]);
  });

  it('undoes a parameter set with the old value, or with a reset when it was at its default', () => {
    expect(roundTrip([{ op: 'param', id: 'warm', name: 'extractrows', value: 'all' }]).inverse).toEqual([
      { op: 'param', id: 'warm', name: 'extractrows', value: 'byexpr' },
    ]);
    expect(roundTrip([{ op: 'param', id: 'warm', name: 'rowexpr', value: { expr: '1 > 0' } }]).inverse).toEqual([
      { op: 'reset', id: 'warm', name: 'rowexpr' },
    ]);
    expect(roundTrip([{ op: 'reset', id: 'warm', name: 'extractrows' }]).inverse).toEqual([
      { op: 'param', id: 'warm', name: 'extractrows', value: 'byexpr' },
    ]);
  });

  it('undoes inputs, move and comment with their old values', () => {
    roundTrip([{ op: 'inputs', id: 'temps', inputs: ['rooms'] }]);
    expect(roundTrip([{ op: 'move', id: 'rooms', x: 50, y: 60 }]).inverse).toEqual([{ op: 'move', id: 'rooms', x: 0, y: 0 }]);
    roundTrip([{ op: 'comment', id: 'rooms', text: 'hi' }]);
  });

  it('inverts a list last op first, each against the graph it applied to', () => {
    const ops: EditOp[] = [
      { op: 'add', node: { id: 'n', type: 'select', inputs: ['rooms'] } },
      { op: 'param', id: 'n', name: 'rowexpr', value: 'x' },
      { op: 'rename', id: 'n', to: 'm' },
    ];
    const { inverse } = roundTrip(ops);
    expect(inverse).toEqual([
      { op: 'rename', id: 'm', to: 'n' },
      { op: 'reset', id: 'n', name: 'rowexpr' },
      { op: 'remove', id: 'n' },
    ]);
  });

  it('refuses an op on a missing node', () => {
    expect(() => invertOps(helloGraph(), [{ op: 'remove', id: 'nope' }])).toThrow(OpError);
  });
});

describe('UndoStack', () => {
  it('moves entries between undo and redo, and a new edit clears redo', () => {
    const s = new UndoStack();
    const a = { ops: [{ op: 'comment', id: 'x', text: 'a' } as EditOp], inverse: [{ op: 'comment', id: 'x', text: '' } as EditOp] };
    const b = { ...a };
    s.push(a);
    s.push(b);
    expect(s.takeUndo()).toBe(b);
    expect(s.canRedo()).toBe(true);
    expect(s.takeRedo()).toBe(b);
    s.takeUndo();
    s.push({ ...a });
    expect(s.canRedo()).toBe(false);
  });

  it('skips edits that cannot be undone (a pulse)', () => {
    const s = new UndoStack();
    s.push({ ops: [{ op: 'pulse', id: 'x', name: 'p' }], inverse: [] });
    expect(s.canUndo()).toBe(false);
  });
});
