import { FrameCoalescer } from './emitter';
import type { NodeState } from '../protocol/types';

// Live data of the running patch (node state, the last rows of watched tables, channel values and their recent
// history), kept outside React Flow's state. Frames from the server update it at once; the listeners of the nodes
// that changed hear about it once per animation frame, so a tile re-renders at most at the display's rate, and one
// tile's data never re-renders another.

export const HISTORY = 120;

export interface LiveTable {
  header: string[];
  /** The last rows, at most `keep`. */
  rows: string[][];
  firstSeq: number;
  numRows: number;
}

export interface LiveChannels {
  names: string[];
  values: number[];
  /** One ring of HISTORY samples per channel; `head` is the next write position, `count` the samples held. */
  history: Float32Array[];
  head: number;
  count: number;
}

export interface LiveNode {
  state?: NodeState;
  table?: LiveTable;
  channels?: LiveChannels;
}

export class LiveStore {
  private readonly nodes = new Map<string, LiveNode>();
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly dirty = new Set<string>();
  private readonly coalescer: FrameCoalescer;

  constructor(
    private readonly keepRows = 8,
    requestFrame?: (cb: () => void) => unknown,
  ) {
    this.coalescer = new FrameCoalescer(() => this.flush(), requestFrame);
  }

  get(id: string): LiveNode | undefined {
    return this.nodes.get(id);
  }

  /** Changes when the node's live data changed (for useSyncExternalStore). */
  version(id: string): number {
    return this.versions.get(id) ?? 0;
  }

  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(id);
    };
  }

  /** Replaces all node states, as a snapshot does; tables and channels start over. */
  resetAll(states: Record<string, NodeState>): void {
    for (const id of this.nodes.keys()) this.dirty.add(id);
    this.nodes.clear();
    for (const [id, state] of Object.entries(states)) {
      this.nodes.set(id, { state });
      this.dirty.add(id);
    }
    this.coalescer.schedule();
  }

  mergeStates(states: Record<string, NodeState>): void {
    for (const [id, state] of Object.entries(states)) {
      const n = this.entry(id);
      n.state = { ...n.state, ...state };
      this.dirty.add(id);
    }
    this.coalescer.schedule();
  }

  /** A `table` frame: with `reset` the rows replace the view, without it `append` adds to it. */
  table(
    id: string,
    msg: { reset: boolean; header?: string[]; firstSeq?: number; numRows?: number; rows?: string[][]; append?: string[][] },
  ): void {
    const n = this.entry(id);
    if (msg.reset || !n.table) {
      n.table = {
        header: msg.header ?? n.table?.header ?? [],
        rows: (msg.rows ?? msg.append ?? []).slice(-this.keepRows),
        firstSeq: msg.firstSeq ?? 0,
        numRows: msg.numRows ?? (msg.rows ?? []).length,
      };
    } else {
      const t = n.table;
      if (msg.header) t.header = msg.header;
      if (msg.append && msg.append.length > 0) {
        const rows = msg.append.length >= this.keepRows ? msg.append.slice(-this.keepRows) : t.rows.concat(msg.append);
        t.rows = rows.length > this.keepRows ? rows.slice(rows.length - this.keepRows) : rows;
      }
      if (msg.firstSeq !== undefined) t.firstSeq = msg.firstSeq;
      if (msg.numRows !== undefined) t.numRows = msg.numRows;
      else if (msg.append) t.numRows += msg.append.length;
    }
    this.dirty.add(id);
    this.coalescer.schedule();
  }

  /** A `channels` frame: the latest values, appended to each channel's history. */
  channels(id: string, names: string[], raw: (number | null)[]): void {
    // Non-finite values travel as null.
    const values = raw.map((v) => (typeof v === 'number' ? v : NaN));
    const n = this.entry(id);
    let c = n.channels;
    if (!c || !sameNames(c.names, names)) {
      c = n.channels = {
        names: [...names],
        values: [],
        history: names.map(() => new Float32Array(HISTORY)),
        head: 0,
        count: 0,
      };
    }
    c.values = values;
    for (let i = 0; i < c.history.length; i++) c.history[i][c.head] = values[i] ?? NaN;
    c.head = (c.head + 1) % HISTORY;
    c.count = Math.min(HISTORY, c.count + 1);
    this.dirty.add(id);
    this.coalescer.schedule();
  }

  /** A node gone from the graph, or renamed. */
  remove(id: string): void {
    if (this.nodes.delete(id)) {
      this.dirty.add(id);
      this.coalescer.schedule();
    }
  }

  /** Drops a node's table and channels (it is no longer watched); its state stays. */
  clearViewers(id: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    n.table = undefined;
    n.channels = undefined;
    this.dirty.add(id);
    this.coalescer.schedule();
  }

  private entry(id: string): LiveNode {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = {}));
    return n;
  }

  private flush(): void {
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
      const set = this.listeners.get(id);
      if (set) for (const l of [...set]) l();
    }
  }
}

function sameNames(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The samples of one channel's ring, oldest first. */
export function channelHistory(c: LiveChannels, index: number): number[] {
  const out: number[] = [];
  const ring = c.history[index];
  const start = (c.head - c.count + HISTORY) % HISTORY;
  for (let i = 0; i < c.count; i++) out.push(ring[(start + i) % HISTORY]);
  return out;
}
