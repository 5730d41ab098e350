// The studio protocol (docs/guide/studio.md), as the page uses it. Version 1.

export const PROTO = 1;

/** A parameter value in the file format: a constant or one of the modes. */
export type ParamValue =
  | string
  | number
  | boolean
  | null
  | ParamValue[]
  | { expr: string }
  | { bind: string }
  | { env: string }
  | { [key: string]: ParamValue };

export interface GraphNode {
  id: string;
  type: string;
  params?: Record<string, ParamValue>;
  inputs?: string[];
  callbacks?: unknown;
  x?: number;
  y?: number;
  comment?: string;
  [extra: string]: unknown;
}

export interface Graph {
  patchline: number;
  comment?: string;
  nodes: GraphNode[];
  [extra: string]: unknown;
}

export type Family = 'DAT' | 'CHOP' | string;

export interface ParamDescriptor {
  name: string;
  label?: string;
  kind: string;
  default?: ParamValue;
  help?: string;
  min?: number;
  max?: number;
  menu?: { name: string; label: string }[];
  family?: Family;
  fields?: ParamDescriptor[];
}

export interface TypeDescriptor {
  id: string;
  family: Family;
  label?: string;
  summary?: string;
  doc?: string;
  /** `max` is null when the last input repeats; `families` gives each input port's family. */
  inputs?: { min: number; max: number | null; families?: Family[] };
  callbacks?: string[];
  params: ParamDescriptor[];
}

export type NodeStateKind = 'ok' | 'warning' | 'error' | 'idle';

export interface NodeState {
  state?: NodeStateKind;
  message?: string;
  cookCount?: number;
  cookMs?: number;
  cooksPerSec?: number;
  rowsPerSec?: number;
  rows?: number;
  info?: Record<string, number | string>;
}

export interface FileState {
  path?: string;
  dirty: boolean;
}

export type EditOp =
  | { op: 'add'; node: GraphNode }
  | { op: 'remove'; id: string }
  | { op: 'rename'; id: string; to: string }
  | { op: 'inputs'; id: string; inputs: string[] }
  | { op: 'param'; id: string; name: string; value: ParamValue }
  | { op: 'reset'; id: string; name: string }
  | { op: 'pulse'; id: string; name: string }
  | { op: 'move'; id: string; x: number; y: number }
  | { op: 'comment'; id: string; text: string };

export interface EditError {
  id?: string;
  param?: string;
  message: string;
}

export interface MessageItem {
  node: string;
  t: number;
  topic?: string;
  payload?: string;
  qos?: number;
  retained?: boolean;
}

export interface LogItem {
  t: number;
  level: 'error' | 'warning' | 'info';
  node?: string | null;
  text: string;
}

export type ServerMessage =
  | { type: 'hello'; proto: number; server?: string; readonly?: boolean; file?: string }
  | {
      type: 'snapshot';
      rev: number;
      graph: Graph;
      types: TypeDescriptor[];
      nodes: Record<string, NodeState>;
      file?: FileState;
    }
  | { type: 'graph'; rev: number; source?: string; graph: Graph }
  | { type: 'state'; nodes: Record<string, NodeState> }
  | {
      type: 'table';
      id: string;
      reset: boolean;
      header?: string[];
      firstSeq?: number;
      numRows?: number;
      rows?: string[][];
      append?: string[][];
      dropped?: number;
    }
  | { type: 'channels'; id: string; names: string[]; values: (number | null)[]; frame?: number }
  | {
      type: 'rows';
      reqId: string;
      id: string;
      from: number;
      numRows: number;
      header?: string[];
      rows: string[][];
      firstSeq?: number;
    }
  | { type: 'messages'; items: MessageItem[] }
  | { type: 'log'; items: LogItem[] }
  | { type: 'file'; path?: string; dirty: boolean; rev?: number }
  | { type: 'ack'; reqId: string; rev?: number }
  | { type: 'nack'; reqId: string; errors?: EditError[]; stale?: boolean }
  | { type: 'hb' };

export type ClientMessage =
  | { type: 'hello'; proto: number; token: string }
  | { type: 'watch'; id: string; rows?: number }
  | { type: 'unwatch'; id: string }
  | { type: 'rows'; reqId: string; id: string; from: number; count: number }
  | { type: 'tap'; id: string }
  | { type: 'untap'; id: string }
  | { type: 'edit'; reqId: string; baseRev: number; ops: EditOp[] }
  | { type: 'save'; reqId: string };

/** A parameter value in one of the non-constant modes, or null for a constant. */
export function paramMode(v: ParamValue | undefined): 'expr' | 'bind' | 'env' | 'constant' {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      if (keys[0] === 'expr' || keys[0] === 'bind' || keys[0] === 'env') return keys[0];
    }
  }
  return 'constant';
}
