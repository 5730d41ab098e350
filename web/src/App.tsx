import { useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useStudio, useStudioStore } from './store/context';
import { Editor } from './editor/Editor';
import { Palette } from './sidebar/Palette';
import { Messages } from './sidebar/Messages';
import { LogPanel } from './sidebar/LogPanel';
import { NodePanel } from './panel/NodePanel';
import { TILE_HEIGHT, TILE_WIDTH } from './store/flow';

export function App() {
  return (
    <ReactFlowProvider>
      <Studio />
    </ReactFlowProvider>
  );
}

function Studio() {
  const store = useStudioStore();
  const conn = useStudio((s) => s.conn);
  const connMessage = useStudio((s) => s.connMessage);
  const readonly = useStudio((s) => s.readonly);
  const selected = useStudio((s) => s.selected);
  const hasGraph = useStudio((s) => s.graph !== null);
  const [side, setSide] = useState<'node' | 'messages'>('node');
  const flow = useReactFlow();

  useShortcuts();

  const jump = useCallback(
    (id: string) => {
      const n = store.getState().nodes.find((m) => m.id === id);
      if (!n) return;
      store.select(id);
      setSide('node');
      void flow.setCenter(n.position.x + TILE_WIDTH / 2, n.position.y + TILE_HEIGHT / 2, { zoom: 1, duration: 300 });
    },
    [store, flow],
  );

  useEffect(() => {
    if (selected) setSide('node');
  }, [selected]);

  if (conn === 'notoken' || conn === 'refused') {
    return (
      <div className="blocked" data-testid="refused">
        <h1>Patchline Studio</h1>
        <p>{conn === 'notoken' ? 'This page needs the address that patchline studio printed (with ?token=…).' : `The studio refused this page: ${connMessage}.`}</p>
        <p>Open the URL printed by the command again; each start of the studio makes a new token.</p>
      </div>
    );
  }

  return (
    <div className={`studio${readonly ? ' readonly' : ''}`}>
      <Toolbar />
      {!readonly && <Palette />}
      <main className="canvas">
        {hasGraph ? <Editor /> : <div className="loading">{conn === 'open' ? 'Loading…' : 'Connecting…'}</div>}
      </main>
      <aside className="side">
        <div className="tabs">
          <button className={side === 'node' ? 'active' : ''} onClick={() => setSide('node')} data-testid="side-node">
            Node
          </button>
          <button className={side === 'messages' ? 'active' : ''} onClick={() => setSide('messages')} data-testid="side-messages">
            Messages
          </button>
        </div>
        <div className="side-body">
          {side === 'node' ? (
            selected ? (
              <NodePanel key={selected} id={selected} />
            ) : (
              <div className="empty">Click a tile to see its parameters, its whole table or channels, and its docs.</div>
            )
          ) : (
            <Messages />
          )}
        </div>
      </aside>
      <footer className="bottom">
        <LogPanel onJump={jump} />
      </footer>
    </div>
  );
}

function Toolbar() {
  const store = useStudioStore();
  const conn = useStudio((s) => s.conn);
  const connMessage = useStudio((s) => s.connMessage);
  const readonly = useStudio((s) => s.readonly);
  const file = useStudio((s) => s.file);
  const canUndo = useStudio((s) => s.canUndo);
  const canRedo = useStudio((s) => s.canRedo);
  const name = file.path ? file.path.split(/[\\/]/).pop() : 'untitled';

  useEffect(() => {
    document.title = `${file.dirty ? '● ' : ''}${name} · Patchline Studio`;
  }, [file.dirty, name]);

  return (
    <header className="toolbar">
      <b className="brand">Patchline Studio</b>
      <span className="file" title={file.path} data-testid="file-name">
        {name}
        {file.dirty && (
          <span className="dirty" data-testid="dirty" title="changed since the last save">
            ●
          </span>
        )}
      </span>
      {readonly ? (
        <span className="readonly-badge" data-testid="readonly">
          read-only
        </span>
      ) : (
        <>
          <button onClick={() => void store.undoLast()} disabled={!canUndo} data-testid="undo" title="Undo (Ctrl-Z)">
            Undo
          </button>
          <button onClick={() => void store.redoLast()} disabled={!canRedo} data-testid="redo" title="Redo (Ctrl-Shift-Z)">
            Redo
          </button>
          <button onClick={() => void store.save()} disabled={conn !== 'open'} data-testid="save" title="Save (Ctrl-S)">
            Save
          </button>
        </>
      )}
      <span className={`conn conn-${conn}`} data-testid="conn" data-conn={conn}>
        {conn === 'open' ? 'live' : conn}
        {connMessage ? `: ${connMessage}` : ''}
      </span>
    </header>
  );
}

/** Ctrl/Cmd-S saves, Ctrl/Cmd-Z undoes, Ctrl/Cmd-Shift-Z and Ctrl-Y redo (not while typing in a field). */
function useShortcuts() {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void store.save();
        return;
      }
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        void store.undoLast();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        void store.redoLast();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
