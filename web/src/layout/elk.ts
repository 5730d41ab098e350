import type { ELK } from 'elkjs/lib/elk-api';
import type { Graph } from '../protocol/types';
import { TILE_HEIGHT, TILE_WIDTH } from '../store/flow';

// elkjs is large; it is loaded only when a graph without positions needs it.
let elk: Promise<ELK> | null = null;

/** Left-to-right layered positions for the nodes of `graph` (for graphs whose file has no x/y). */
export async function layeredLayout(graph: Graph): Promise<Map<string, { x: number; y: number }>> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await (await elk).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: TILE_WIDTH, height: TILE_HEIGHT })),
    edges: graph.nodes.flatMap((n) =>
      (n.inputs ?? [])
        .filter((s) => ids.has(s))
        .map((s, i) => ({ id: `${s}->${n.id}#${i}`, sources: [s], targets: [n.id] })),
    ),
  });
  const out = new Map<string, { x: number; y: number }>();
  for (const c of result.children ?? []) out.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return out;
}
