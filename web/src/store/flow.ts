import type { Edge, Node } from '@xyflow/react';
import type { Graph, GraphNode, TypeDescriptor } from '../protocol/types';

// The graph as React Flow nodes and edges. Structure only: live data lives in the LiveStore. Objects of nodes and
// edges that did not change keep their identity, so React Flow re-renders only the tiles that changed.

export const TILE_WIDTH = 180;
export const TILE_HEIGHT = 160;

export interface TileData extends Record<string, unknown> {
  id: string;
  type: string;
  family: string;
  label: string;
  comment: string;
  known: boolean;
  /** Infinity when the last input repeats. */
  maxInputs: number;
  /** Each input port's family; the last one repeats. */
  inputFamilies: string[];
}

export type TileNode = Node<TileData, 'op'>;

export function tileData(n: GraphNode, types: Map<string, TypeDescriptor>): TileData {
  const t = types.get(n.type);
  return {
    id: n.id,
    type: n.type,
    family: t?.family ?? '?',
    label: t?.label ?? n.type,
    comment: n.comment ?? '',
    known: !!t,
    maxInputs: t?.inputs ? (t.inputs.max === null ? Infinity : t.inputs.max) : 0,
    inputFamilies: t?.inputs?.families ?? [],
  };
}

function sameData(a: TileData, b: TileData): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.family === b.family &&
    a.label === b.label &&
    a.comment === b.comment &&
    a.known === b.known &&
    a.maxInputs === b.maxInputs &&
    a.inputFamilies.join() === b.inputFamilies.join()
  );
}

/** The family input `index` of a node accepts: its port's, the last port's (it repeats), or the node's own. */
export function inputFamily(data: TileData, index: number): string {
  const f = data.inputFamilies;
  return f[Math.min(index, f.length - 1)] ?? data.family;
}

export function hasPosition(n: GraphNode): boolean {
  return typeof n.x === 'number' && typeof n.y === 'number';
}

/**
 * React Flow nodes for `graph`, reusing the objects of `prev` that are unchanged. A node without x/y keeps its
 * previous position, or takes `fallback(id, index)` (the automatic layout's).
 */
export function reconcileNodes(
  graph: Graph,
  types: Map<string, TypeDescriptor>,
  prev: TileNode[],
  fallback: (id: string, index: number) => { x: number; y: number },
): TileNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  return graph.nodes.map((g, i) => {
    const old = byId.get(g.id);
    const data = tileData(g, types);
    const position = hasPosition(g) ? { x: g.x!, y: g.y! } : (old?.position ?? fallback(g.id, i));
    if (old && sameData(old.data, data) && old.position.x === position.x && old.position.y === position.y) {
      return old;
    }
    return {
      ...(old ?? {}),
      id: g.id,
      type: 'op',
      position,
      data: old && sameData(old.data, data) ? old.data : data,
      width: TILE_WIDTH,
      height: TILE_HEIGHT,
    } as TileNode;
  });
}

export function edgeId(source: string, target: string, index: number): string {
  return `${source}->${target}#${index}`;
}

/** One edge per input of each node, from the input node's output to the node's input. */
export function reconcileEdges(graph: Graph, types: Map<string, TypeDescriptor>, prev: Edge[]): Edge[] {
  const byId = new Map(prev.map((e) => [e.id, e]));
  const ids = new Set(graph.nodes.map((n) => n.id));
  const family = new Map(graph.nodes.map((n) => [n.id, types.get(n.type)?.family ?? '?']));
  const out: Edge[] = [];
  for (const n of graph.nodes) {
    (n.inputs ?? []).forEach((src, i) => {
      if (!ids.has(src)) return;
      const id = edgeId(src, n.id, i);
      const old = byId.get(id);
      if (old) out.push(old);
      else out.push({ id, source: src, target: n.id, className: `wire wire-${(family.get(src) ?? '').toLowerCase()}` });
    });
  }
  return out;
}

/** Grid positions, used until the automatic layout has run. */
export function gridPosition(_id: string, index: number): { x: number; y: number } {
  return { x: (index % 4) * (TILE_WIDTH + 80), y: Math.floor(index / 4) * (TILE_HEIGHT + 60) };
}
