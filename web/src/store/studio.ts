import { applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type NodeChange } from '@xyflow/react';
import { Emitter } from './emitter';
import { BoundedFeed, MessageFeed } from './feeds';
import { gridPosition, hasPosition, reconcileEdges, reconcileNodes, type TileNode } from './flow';
import { LiveStore } from './liveStore';
import { invertOps, UndoStack, type UndoEntry } from './ops';
import type {
  ClientMessage,
  EditError,
  EditOp,
  FileState,
  Graph,
  LogItem,
  ServerMessage,
  TypeDescriptor,
} from '../protocol/types';

export type ConnState = 'connecting' | 'open' | 'closed' | 'refused' | 'notoken';

export interface StudioState {
  conn: ConnState;
  connMessage: string;
  readonly: boolean;
  server: string;
  rev: number;
  graph: Graph | null;
  types: Map<string, TypeDescriptor>;
  typeList: TypeDescriptor[];
  file: FileState;
  nodes: TileNode[];
  edges: Edge[];
  /** The node shown in the panel. */
  selected: string | null;
  /** Messages of the last refused edit, by `node/param` (or `node/` for the node itself). */
  fieldErrors: Record<string, string>;
  canUndo: boolean;
  canRedo: boolean;
  taps: ReadonlySet<string>;
  /** Counts the automatic layouts applied, so the editor can fit the view to them. */
  layoutCount: number;
}

export type RowsAnswer = Extract<ServerMessage, { type: 'rows' }>;

type Pending =
  | {
      kind: 'edit';
      ops: EditOp[];
      entry: UndoEntry;
      record: 'push' | 'undo' | 'redo' | 'none';
      retried: boolean;
      resolve: (ok: boolean) => void;
    }
  | { kind: 'save'; resolve: (ok: boolean) => void }
  | { kind: 'rows'; resolve: (answer: RowsAnswer | null) => void };

export interface StudioOptions {
  requestFrame?: (cb: () => void) => unknown;
  layout?: (graph: Graph) => Promise<Map<string, { x: number; y: number }>>;
  tileRows?: number;
}

/**
 * The page's model of the studio: the graph and operator types from the server, the React Flow view of them, the
 * watches and taps the page holds, pending requests, undo and redo. Live data goes to `live`, `messages` and `log`.
 */
export class StudioStore {
  readonly live: LiveStore;
  readonly messages = new MessageFeed(500);
  readonly log: BoundedFeed<LogItem>;
  private readonly emitter = new Emitter();
  private readonly undo = new UndoStack();
  private readonly pending = new Map<string, Pending>();
  private readonly watched = new Set<string>();
  private visible = new Set<string>();
  private pinned: string | null = null;
  private readonly layoutPositions = new Map<string, { x: number; y: number }>();
  private layoutRunning = false;
  private nextReq = 1;
  private sendFn: ((m: ClientMessage) => boolean) | null = null;

  private state: StudioState = {
    conn: 'connecting',
    connMessage: '',
    readonly: false,
    server: '',
    rev: 0,
    graph: null,
    types: new Map(),
    typeList: [],
    file: { dirty: false },
    nodes: [],
    edges: [],
    selected: null,
    fieldErrors: {},
    canUndo: false,
    canRedo: false,
    taps: new Set(),
    layoutCount: 0,
  };

  constructor(private readonly options: StudioOptions = {}) {
    this.live = new LiveStore(options.tileRows ?? 8, options.requestFrame);
    this.log = new BoundedFeed<LogItem>(500, options.requestFrame);
  }

  getState = (): StudioState => this.state;
  subscribe = (l: () => void) => this.emitter.subscribe(l);

  private set(patch: Partial<StudioState>): void {
    this.state = { ...this.state, ...patch };
    this.emitter.emit();
  }

  /** Where client messages go; null while disconnected. */
  attach(send: ((m: ClientMessage) => boolean) | null): void {
    this.sendFn = send;
  }

  setConnection(conn: ConnState, message = ''): void {
    if (conn !== 'open') {
      // Answers to requests in flight will not come; their callers learn it now.
      for (const [reqId, p] of this.pending) {
        this.pending.delete(reqId);
        if (p.kind === 'rows') p.resolve(null);
        else p.resolve(false);
      }
    }
    this.set({ conn, connMessage: message });
  }

  private send(m: ClientMessage): boolean {
    return this.sendFn ? this.sendFn(m) : false;
  }

  // ---- server messages -------------------------------------------------------------------------------------------

  handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'hello':
        this.set({ readonly: !!msg.readonly, server: msg.server ?? '', file: { ...this.state.file, path: msg.file } });
        return;
      case 'snapshot': {
        const types = new Map(msg.types.map((t) => [t.id, t]));
        this.live.resetAll(msg.nodes ?? {});
        this.state = {
          ...this.state,
          types,
          typeList: [...msg.types].sort((a, b) => a.id.localeCompare(b.id)),
          file: msg.file ?? this.state.file,
          nodes: [],
          edges: [],
        };
        this.undo.clear();
        this.applyGraph(msg.graph, msg.rev);
        // A new connection starts with no watches or taps: ask again for what the page shows.
        for (const id of this.watched) this.send(this.watchMessage(id));
        for (const id of this.state.taps) this.send({ type: 'tap', id });
        return;
      }
      case 'graph':
        this.applyGraph(msg.graph, msg.rev);
        return;
      case 'state':
        this.live.mergeStates(msg.nodes);
        return;
      case 'table':
        this.live.table(msg.id, msg);
        return;
      case 'channels':
        this.live.channels(msg.id, msg.names, msg.values);
        return;
      case 'rows': {
        const p = this.takePending(msg.reqId, 'rows');
        p?.resolve(msg);
        return;
      }
      case 'messages':
        this.messages.receive(msg.items);
        return;
      case 'log':
        this.log.add(msg.items);
        return;
      case 'file':
        this.set({ file: { path: msg.path ?? this.state.file.path, dirty: msg.dirty } });
        return;
      case 'ack':
        this.onAck(msg.reqId, msg.rev);
        return;
      case 'nack':
        this.onNack(msg.reqId, msg.errors ?? [], !!msg.stale);
        return;
      case 'hb':
        return;
    }
  }

  private takePending<K extends Pending['kind']>(reqId: string, kind: K): Extract<Pending, { kind: K }> | undefined {
    const p = this.pending.get(reqId);
    if (!p || p.kind !== kind) return undefined;
    this.pending.delete(reqId);
    return p as Extract<Pending, { kind: K }>;
  }

  private applyGraph(graph: Graph, rev: number): void {
    const prevGraph = this.state.graph;
    const ids = new Set(graph.nodes.map((n) => n.id));
    if (prevGraph) {
      for (const n of prevGraph.nodes) {
        if (!ids.has(n.id)) {
          this.live.remove(n.id);
          if (this.watched.delete(n.id)) this.send({ type: 'unwatch', id: n.id });
        }
      }
    }
    const fallback = (id: string, i: number) => this.layoutPositions.get(id) ?? gridPosition(id, i);
    const nodes = reconcileNodes(graph, this.state.types, this.state.nodes, fallback);
    const edges = reconcileEdges(graph, this.state.types, this.state.edges);
    const selected = this.state.selected && ids.has(this.state.selected) ? this.state.selected : null;
    if (this.pinned && !ids.has(this.pinned)) this.pinned = null;
    for (const id of [...this.visible]) if (!ids.has(id)) this.visible.delete(id);
    const taps = new Set([...this.state.taps].filter((id) => ids.has(id)));
    this.set({ graph, rev, nodes, edges, selected, taps });
    this.layoutIfNeeded(graph);
  }

  /** Nodes without x/y get the layered layout, once (moving one then sends its position). */
  private layoutIfNeeded(graph: Graph): void {
    const missing = graph.nodes.filter((n) => !hasPosition(n) && !this.layoutPositions.has(n.id));
    if (missing.length === 0 || this.layoutRunning || !this.options.layout) return;
    this.layoutRunning = true;
    this.options
      .layout(graph)
      .then((positions) => {
        for (const n of missing) {
          const p = positions.get(n.id);
          if (p) this.layoutPositions.set(n.id, p);
        }
        const current = this.state.graph;
        if (!current) return;
        const nodes = this.state.nodes.map((rf) => {
          const g = current.nodes.find((n) => n.id === rf.id);
          const p = this.layoutPositions.get(rf.id);
          return g && !hasPosition(g) && p ? { ...rf, position: p } : rf;
        });
        this.set({ nodes, layoutCount: this.state.layoutCount + 1 });
      })
      .catch((e) => this.localLog('warning', null, `automatic layout failed: ${e}`))
      .finally(() => {
        this.layoutRunning = false;
      });
  }

  private onAck(reqId: string, rev: number | undefined): void {
    const p = this.pending.get(reqId);
    if (!p || p.kind === 'rows') return;
    this.pending.delete(reqId);
    if (p.kind === 'edit') {
      if (p.record === 'push') this.undo.push(p.entry);
      this.set({
        fieldErrors: {},
        canUndo: this.undo.canUndo(),
        canRedo: this.undo.canRedo(),
        rev: rev !== undefined && rev > this.state.rev ? rev : this.state.rev,
      });
    }
    p.resolve(true);
  }

  private onNack(reqId: string, errors: EditError[], stale: boolean): void {
    const p = this.pending.get(reqId);
    if (!p) return;
    this.pending.delete(reqId);
    if (p.kind === 'rows') {
      // The server is busy or the node has no table; the caller asks again later.
      p.resolve(null);
      return;
    }
    if (p.kind === 'edit' && stale && !p.retried) {
      // Another change came first (its graph is already here): send the same ops once more against it.
      this.sendEditRequest(p.ops, p.entry, p.record, p.resolve, true);
      return;
    }
    if (p.kind === 'edit') {
      if (p.record === 'undo') this.undo.restoreUndo(p.entry);
      if (p.record === 'redo') this.undo.restoreRedo(p.entry);
    }
    const fieldErrors: Record<string, string> = {};
    for (const e of errors) fieldErrors[`${e.id ?? ''}/${e.param ?? ''}`] = e.message;
    const what = p.kind === 'save' ? 'save' : 'edit';
    const text = stale
      ? `${what} refused: the graph changed meanwhile (try again)`
      : `${what} refused: ${errors.map((e) => (e.id ? `${e.id}${e.param ? '.' + e.param : ''}: ` : '') + e.message).join('; ') || 'no reason given'}`;
    this.localLog('error', errors[0]?.id ?? null, text);
    this.set({ fieldErrors, canUndo: this.undo.canUndo(), canRedo: this.undo.canRedo() });
    p.resolve(false);
  }

  localLog(level: LogItem['level'], node: string | null, text: string): void {
    this.log.add([{ t: Date.now(), level, node, text }]);
  }

  // ---- edits -----------------------------------------------------------------------------------------------------

  private reqId(prefix: string): string {
    return `${prefix}${this.nextReq++}`;
  }

  /** Sends an edit; it joins the undo stack when the server accepts it. Resolves to whether it was accepted. */
  edit(ops: EditOp[], record: 'push' | 'none' = 'push'): Promise<boolean> {
    const graph = this.state.graph;
    if (!graph || ops.length === 0 || this.state.readonly) return Promise.resolve(false);
    let inverse: EditOp[];
    try {
      inverse = invertOps(graph, ops);
    } catch (e) {
      this.localLog('error', null, `edit not sent: ${(e as Error).message}`);
      return Promise.resolve(false);
    }
    return this.sendEdit(ops, { ops, inverse }, record);
  }

  private sendEdit(ops: EditOp[], entry: UndoEntry, record: 'push' | 'undo' | 'redo' | 'none'): Promise<boolean> {
    return new Promise((resolve) => this.sendEditRequest(ops, entry, record, resolve, false));
  }

  private sendEditRequest(
    ops: EditOp[],
    entry: UndoEntry,
    record: 'push' | 'undo' | 'redo' | 'none',
    resolve: (ok: boolean) => void,
    retried: boolean,
  ): void {
    const reqId = this.reqId('e');
    this.pending.set(reqId, { kind: 'edit', ops, entry, record, retried, resolve });
    if (!this.send({ type: 'edit', reqId, baseRev: this.state.rev, ops })) {
      this.pending.delete(reqId);
      if (record === 'undo') this.undo.restoreUndo(entry);
      if (record === 'redo') this.undo.restoreRedo(entry);
      this.localLog('error', null, 'edit not sent: not connected');
      resolve(false);
    }
  }

  undoLast(): Promise<boolean> {
    const e = this.state.readonly ? undefined : this.undo.takeUndo();
    if (!e) return Promise.resolve(false);
    this.set({ canUndo: this.undo.canUndo(), canRedo: this.undo.canRedo() });
    return this.sendEdit(e.inverse, e, 'undo');
  }

  redoLast(): Promise<boolean> {
    const e = this.state.readonly ? undefined : this.undo.takeRedo();
    if (!e) return Promise.resolve(false);
    this.set({ canUndo: this.undo.canUndo(), canRedo: this.undo.canRedo() });
    return this.sendEdit(e.ops, e, 'redo');
  }

  save(): Promise<boolean> {
    if (this.state.readonly) return Promise.resolve(false);
    const reqId = this.reqId('s');
    return new Promise((resolve) => {
      this.pending.set(reqId, { kind: 'save', resolve });
      if (!this.send({ type: 'save', reqId })) {
        this.pending.delete(reqId);
        this.localLog('error', null, 'save not sent: not connected');
        resolve(false);
      }
    });
  }

  /** A fresh node id for `type`: the type's name and the first free number. */
  newNodeId(type: string): string {
    const ids = new Set(this.state.graph?.nodes.map((n) => n.id) ?? []);
    const base = type.replace(/[^A-Za-z0-9_]/g, '') || 'node';
    for (let i = 1; ; i++) if (!ids.has(`${base}${i}`)) return `${base}${i}`;
  }

  // ---- viewers, taps, rows ---------------------------------------------------------------------------------------

  private watchMessage(id: string): ClientMessage {
    const t = this.state.types.get(this.state.graph?.nodes.find((n) => n.id === id)?.type ?? '');
    return t?.family === 'CHOP' ? { type: 'watch', id } : { type: 'watch', id, rows: this.options.tileRows ?? 8 };
  }

  /** The tiles on screen at a legible zoom: they (and the panel's node) are watched, the others unwatched. */
  setWatched(ids: Iterable<string>): void {
    this.visible = new Set(ids);
    this.syncWatches();
  }

  /** The node shown in the panel stays watched wherever its tile is. */
  pin(id: string | null): void {
    this.pinned = id;
    this.syncWatches();
  }

  private syncWatches(): void {
    const want = new Set(this.visible);
    if (this.pinned) want.add(this.pinned);
    for (const id of [...this.watched]) {
      if (!want.has(id)) {
        this.watched.delete(id);
        this.send({ type: 'unwatch', id });
        this.live.clearViewers(id);
      }
    }
    for (const id of want) {
      if (!this.watched.has(id)) {
        this.watched.add(id);
        this.send(this.watchMessage(id));
      }
    }
  }

  isWatched(id: string): boolean {
    return this.watched.has(id);
  }

  setTap(id: string, on: boolean): void {
    const taps = new Set(this.state.taps);
    if (on === taps.has(id)) return;
    if (on) taps.add(id);
    else taps.delete(id);
    this.send({ type: on ? 'tap' : 'untap', id });
    this.set({ taps });
  }

  /** Rows `from`…`from+count-1` of a table, or null if the connection dropped first. */
  requestRows(id: string, from: number, count: number): Promise<RowsAnswer | null> {
    const reqId = this.reqId('r');
    return new Promise((resolve) => {
      this.pending.set(reqId, { kind: 'rows', resolve });
      if (!this.send({ type: 'rows', reqId, id, from, count: Math.min(count, 1000) })) {
        this.pending.delete(reqId);
        resolve(null);
      }
    });
  }

  // ---- React Flow ------------------------------------------------------------------------------------------------

  // Removals are not applied here: they go to the server as an edit, and the graph it sends back removes the tiles
  // and wires (a refused delete leaves them in place).
  onNodesChange = (changes: NodeChange<TileNode>[]): void => {
    const local = changes.filter((c) => c.type !== 'remove');
    if (local.length) this.set({ nodes: applyNodeChanges(local, this.state.nodes) });
  };

  onEdgesChange = (changes: EdgeChange[]): void => {
    const local = changes.filter((c) => c.type !== 'remove');
    if (local.length) this.set({ edges: applyEdgeChanges(local, this.state.edges) });
  };

  select(id: string | null): void {
    if (id !== this.state.selected) this.set({ selected: id });
  }
}
