import type { EditOp, Graph, GraphNode, ParamValue } from '../protocol/types';

// Edit operations applied to a graph in the browser (the same meaning the server gives them) and their inverses,
// for undo and redo. Applying an op list then its inverse gives back the same graph.

export class OpError extends Error {}

function find(graph: Graph, id: string): GraphNode {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new OpError(`no node '${id}'`);
  return node;
}

/** A new graph with `op` applied; untouched nodes keep their identity. */
export function applyOp(graph: Graph, op: EditOp): Graph {
  const mapNode = (id: string, f: (n: GraphNode) => GraphNode): Graph => {
    find(graph, id);
    return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? f(n) : n)) };
  };
  switch (op.op) {
    case 'add':
      if (graph.nodes.some((n) => n.id === op.node.id)) throw new OpError(`node '${op.node.id}' exists`);
      return { ...graph, nodes: [...graph.nodes, op.node] };
    case 'remove':
      find(graph, op.id);
      return {
        ...graph,
        nodes: graph.nodes
          .filter((n) => n.id !== op.id)
          .map((n) => (n.inputs?.includes(op.id) ? { ...n, inputs: n.inputs.filter((i) => i !== op.id) } : n)),
      };
    case 'rename':
      find(graph, op.id);
      if (graph.nodes.some((n) => n.id === op.to)) throw new OpError(`node '${op.to}' exists`);
      return {
        ...graph,
        nodes: graph.nodes.map((n) => {
          let m = n.id === op.id ? { ...n, id: op.to } : n;
          if (m.inputs?.includes(op.id)) m = { ...m, inputs: m.inputs!.map((i) => (i === op.id ? op.to : i)) };
          return m;
        }),
      };
    case 'inputs':
      return mapNode(op.id, (n) => ({ ...n, inputs: [...op.inputs] }));
    case 'param':
      return mapNode(op.id, (n) => ({ ...n, params: { ...(n.params ?? {}), [op.name]: op.value } }));
    case 'reset':
      return mapNode(op.id, (n) => {
        const params = { ...(n.params ?? {}) };
        delete params[op.name];
        return { ...n, params };
      });
    case 'pulse':
      return graph;
    case 'move':
      return mapNode(op.id, (n) => ({ ...n, x: op.x, y: op.y }));
    case 'comment':
      return mapNode(op.id, (n) => {
        // An empty comment is no comment (the file does not keep an empty key).
        if (op.text) return { ...n, comment: op.text };
        const { comment: _gone, ...rest } = n;
        return rest;
      });
  }
}

export function applyOps(graph: Graph, ops: EditOp[]): Graph {
  return ops.reduce(applyOp, graph);
}

/** The ops that undo `op` on `graph` (the graph before `op`). */
function invertOp(graph: Graph, op: EditOp): EditOp[] {
  switch (op.op) {
    case 'add':
      return [{ op: 'remove', id: op.node.id }];
    case 'remove': {
      const node = find(graph, op.id);
      // Removing a node drops the wires from it; give them back to the nodes that had them.
      const rewire: EditOp[] = graph.nodes
        .filter((n) => n.id !== op.id && n.inputs?.includes(op.id))
        .map((n) => ({ op: 'inputs', id: n.id, inputs: [...n.inputs!] }));
      return [{ op: 'add', node: structuredClone(node) }, ...rewire];
    }
    case 'rename':
      return [{ op: 'rename', id: op.to, to: op.id }];
    case 'inputs':
      return [{ op: 'inputs', id: op.id, inputs: [...(find(graph, op.id).inputs ?? [])] }];
    case 'param':
    case 'reset': {
      const params = find(graph, op.id).params ?? {};
      return Object.prototype.hasOwnProperty.call(params, op.name)
        ? [{ op: 'param', id: op.id, name: op.name, value: structuredClone(params[op.name]) as ParamValue }]
        : [{ op: 'reset', id: op.id, name: op.name }];
    }
    case 'pulse':
      return [];
    case 'move': {
      const n = find(graph, op.id);
      return [{ op: 'move', id: op.id, x: n.x ?? op.x, y: n.y ?? op.y }];
    }
    case 'comment':
      return [{ op: 'comment', id: op.id, text: find(graph, op.id).comment ?? '' }];
  }
}

/** The op list that undoes `ops` applied to `graph`: each op's inverse, last op first. */
export function invertOps(graph: Graph, ops: EditOp[]): EditOp[] {
  const inverses: EditOp[][] = [];
  let g = graph;
  for (const op of ops) {
    inverses.push(invertOp(g, op));
    g = applyOp(g, op);
  }
  return inverses.reverse().flat();
}

export interface UndoEntry {
  ops: EditOp[];
  inverse: EditOp[];
}

/** Undo and redo stacks of op lists; a new edit clears redo. */
export class UndoStack {
  private readonly done: UndoEntry[] = [];
  private readonly undone: UndoEntry[] = [];

  constructor(private readonly limit = 200) {}

  push(entry: UndoEntry): void {
    if (entry.inverse.length === 0) return;
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
  }

  canUndo(): boolean {
    return this.done.length > 0;
  }

  canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Takes the latest edit off the undo stack; the caller sends its `inverse`. */
  takeUndo(): UndoEntry | undefined {
    const e = this.done.pop();
    if (e) this.undone.push(e);
    return e;
  }

  /** Takes the latest undone edit; the caller sends its `ops` again. */
  takeRedo(): UndoEntry | undefined {
    const e = this.undone.pop();
    if (e) this.done.push(e);
    return e;
  }

  /** Puts an entry back after the server refused its undo or redo. */
  restoreUndo(e: UndoEntry): void {
    const i = this.undone.lastIndexOf(e);
    if (i >= 0) this.undone.splice(i, 1);
    this.done.push(e);
  }

  restoreRedo(e: UndoEntry): void {
    const i = this.done.lastIndexOf(e);
    if (i >= 0) this.done.splice(i, 1);
    this.undone.push(e);
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
