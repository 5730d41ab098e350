import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnDelete,
  type OnNodeDrag,
} from '@xyflow/react';
import { useStudio, useStudioStore } from '../store/context';
import { inputFamily, TILE_HEIGHT, TILE_WIDTH, type TileNode } from '../store/flow';
import type { EditOp } from '../protocol/types';
import { OpTile } from './OpTile';
import { QuickAdd } from './QuickAdd';

/** Defined once, outside any component, so React Flow never sees a new object. */
const nodeTypes = { op: OpTile };

/** Below this zoom the tiles' text is illegible: the viewers are unwatched and the tiles draw a plain box. */
export const LEGIBLE_ZOOM = 0.35;

const FIT = { maxZoom: 1, padding: 0.15 };

import { DRAG_TYPE } from './dnd';

const familyColor = (n: TileNode) => (n.data.family === 'CHOP' ? '#3f7fbf' : n.data.family === 'DAT' ? '#8a5fbf' : '#777');

export function Editor() {
  const store = useStudioStore();
  const nodes = useStudio((s) => s.nodes);
  const edges = useStudio((s) => s.edges);
  const readonly = useStudio((s) => s.readonly);
  const layoutCount = useStudio((s) => s.layoutCount);
  const flow = useReactFlow<TileNode, Edge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const [quickAdd, setQuickAdd] = useState<{ left: number; top: number; flowX: number; flowY: number } | null>(null);
  const [lowDetail, setLowDetail] = useState(false);

  // Watch only what is on screen at a legible zoom.
  const updateWatches = useCallback(() => {
    const el = wrapper.current;
    if (!el) return;
    const { x, y, zoom } = flow.getViewport();
    setLowDetail(zoom < LEGIBLE_ZOOM);
    if (zoom < LEGIBLE_ZOOM) {
      store.setWatched([]);
      return;
    }
    const w = el.clientWidth || 1200;
    const h = el.clientHeight || 800;
    const left = -x / zoom;
    const top = -y / zoom;
    const right = left + w / zoom;
    const bottom = top + h / zoom;
    const visible: string[] = [];
    for (const n of store.getState().nodes) {
      const p = n.position;
      if (p.x + TILE_WIDTH >= left && p.x <= right && p.y + TILE_HEIGHT >= top && p.y <= bottom) visible.push(n.id);
    }
    store.setWatched(visible);
  }, [flow, store]);

  // Fit the view once the automatic layout has placed the nodes.
  useEffect(() => {
    if (layoutCount > 0) requestAnimationFrame(() => void flow.fitView(FIT));
  }, [layoutCount, flow]);

  const nodeIds = nodes.map((n) => `${n.id}@${n.position.x},${n.position.y}`).join('|');
  useEffect(() => {
    updateWatches();
  }, [nodeIds, updateWatches]);
  useEffect(() => {
    const el = wrapper.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => updateWatches());
    ro.observe(el);
    return () => ro.disconnect();
  }, [updateWatches]);

  const isValidConnection: IsValidConnection<Edge> = useCallback(
    (c) => {
      const s = store.getState();
      const src = s.nodes.find((n) => n.id === c.source);
      const tgt = s.nodes.find((n) => n.id === c.target);
      if (!src || !tgt || src.id === tgt.id) return false;
      const inputs = s.graph?.nodes.find((n) => n.id === tgt.id)?.inputs ?? [];
      if (inputs.includes(src.id) || inputs.length >= tgt.data.maxInputs) return false;
      return src.data.family === inputFamily(tgt.data, inputs.length);
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const g = store.getState().graph;
      const target = g?.nodes.find((n) => n.id === c.target);
      if (!target || !c.source) return;
      void store.edit([{ op: 'inputs', id: target.id, inputs: [...(target.inputs ?? []), c.source] }]);
    },
    [store],
  );

  const onDelete: OnDelete<TileNode, Edge> = useCallback(
    ({ nodes: gone, edges: cut }) => {
      const g = store.getState().graph;
      if (!g) return;
      const removed = new Set(gone.map((n) => n.id));
      const ops: EditOp[] = [];
      const byTarget = new Map<string, Set<number>>();
      for (const e of cut) {
        if (removed.has(e.target)) continue;
        const idx = Number(e.id.slice(e.id.lastIndexOf('#') + 1));
        if (!byTarget.has(e.target)) byTarget.set(e.target, new Set());
        byTarget.get(e.target)!.add(idx);
      }
      for (const [target, idxs] of byTarget) {
        const node = g.nodes.find((n) => n.id === target);
        if (!node) continue;
        const inputs = (node.inputs ?? []).filter((src, i) => !idxs.has(i) || removed.has(src));
        ops.push({ op: 'inputs', id: target, inputs: inputs.filter((src) => !removed.has(src)) });
      }
      for (const id of removed) ops.push({ op: 'remove', id });
      void store.edit(ops);
    },
    [store],
  );

  const onNodeDragStop: OnNodeDrag<TileNode> = useCallback(
    (_e, _node, dragged) => {
      const g = store.getState().graph;
      const ops: EditOp[] = dragged
        .filter((n) => {
          const gn = g?.nodes.find((m) => m.id === n.id);
          return gn && (gn.x !== Math.round(n.position.x) || gn.y !== Math.round(n.position.y));
        })
        .map((n) => ({ op: 'move', id: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }));
      if (ops.length) void store.edit(ops);
    },
    [store],
  );

  const onNodeClick = useCallback((_e: MouseEvent, n: TileNode) => store.select(n.id), [store]);
  const onPaneClick = useCallback(() => setQuickAdd(null), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const addNode = useCallback(
    (type: string, x: number, y: number) => {
      const id = store.newNodeId(type);
      void store.edit([{ op: 'add', node: { id, type, params: {}, inputs: [], x: Math.round(x), y: Math.round(y) } }]).then((ok) => {
        if (ok) store.select(id);
      });
    },
    [store],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_TYPE);
      if (!type || readonly) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNode(type, p.x - TILE_WIDTH / 2, p.y - 20);
    },
    [flow, addNode, readonly],
  );

  // A double-click on the empty canvas opens the quick-add box there (TouchDesigner's OP Create dialog).
  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (readonly) return;
      const target = e.target as HTMLElement;
      if (!target.classList.contains('react-flow__pane')) return;
      const rect = wrapper.current!.getBoundingClientRect();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      setQuickAdd({ left: e.clientX - rect.left, top: e.clientY - rect.top, flowX: p.x, flowY: p.y });
    },
    [flow, readonly],
  );

  return (
    <div
      className={`editor${lowDetail ? ' low-detail' : ''}`}
      ref={wrapper}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDoubleClick={onDoubleClick}
      data-testid="editor"
    >
      <ReactFlow<TileNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={store.onNodesChange}
        onEdgesChange={store.onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        onMoveEnd={updateWatches}
        onInit={updateWatches}
        isValidConnection={isValidConnection}
        nodesDraggable={!readonly}
        nodesConnectable={!readonly}
        edgesReconnectable={false}
        deleteKeyCode={readonly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.1}
        maxZoom={2}
        fitView
        fitViewOptions={FIT}
        proOptions={{ hideAttribution: true }}
      >
        {/* Zoomed far out the dot grid would be tens of thousands of dots to paint on every pan step. */}
        {!lowDetail && <Background gap={24} />}
        <MiniMap pannable zoomable nodeColor={familyColor} />
        <Controls showInteractive={!readonly} />
      </ReactFlow>
      {quickAdd && (
        <QuickAdd
          left={quickAdd.left}
          top={quickAdd.top}
          onPick={(type) => {
            addNode(type, quickAdd.flowX, quickAdd.flowY);
            setQuickAdd(null);
          }}
          onClose={() => setQuickAdd(null)}
        />
      )}
    </div>
  );
}
