import { useEffect, useState } from 'react';
import { useLive, useStudio, useStudioStore } from '../store/context';
import type { GraphNode, TypeDescriptor } from '../protocol/types';
import { ParamField, TextCommit } from './ParamField';
import { VirtualTable } from './VirtualTable';
import { ChannelPlot } from './ChannelPlot';
import { fmtMs, fmtRate } from '../format';

type Tab = 'params' | 'data' | 'info' | 'docs' | 'callbacks';

/** The selected node: its parameters, its whole table or channel plots, info, docs and callbacks. */
export function NodePanel({ id }: { id: string }) {
  const store = useStudioStore();
  const graph = useStudio((s) => s.graph);
  const types = useStudio((s) => s.types);
  const node = graph?.nodes.find((n) => n.id === id);
  const type = node ? types.get(node.type) : undefined;
  const [tab, setTab] = useState<Tab>('params');

  useEffect(() => {
    store.pin(id);
    return () => store.pin(null);
  }, [store, id]);

  if (!node) return null;
  const family = type?.family ?? '?';
  return (
    <div className={`node-panel fam-${family.toLowerCase()}`} data-testid="node-panel">
      <div className="panel-head">
        <span className={`fam fam-${family.toLowerCase()}`}>{family}</span>
        <NameField node={node} />
        <span className="panel-type">{type?.label ?? node.type}</span>
        {family === 'DAT' && <TapToggle id={id} />}
        <button className="panel-close" onClick={() => store.select(null)} title="close">
          ✕
        </button>
      </div>
      <div className="tabs">
        {(['params', 'data', 'info', 'docs', 'callbacks'] as Tab[]).map((t) => (
          <button key={t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {t === 'params' ? 'Parameters' : t === 'data' ? (family === 'CHOP' ? 'Channels' : 'Table') : t[0].toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {tab === 'params' && <ParamPage node={node} type={type} />}
        {tab === 'data' && (family === 'CHOP' ? <ChannelPlot id={id} /> : <VirtualTable id={id} />)}
        {tab === 'info' && <InfoPage id={id} />}
        {tab === 'docs' && (
          <pre className="docs" data-testid="docs">
            {type?.doc ?? `No operator '${node.type}' is registered.`}
          </pre>
        )}
        {tab === 'callbacks' && <CallbacksPage node={node} type={type} />}
      </div>
    </div>
  );
}

/** Sends this node's new rows to the messages sidebar. */
function TapToggle({ id }: { id: string }) {
  const store = useStudioStore();
  const tapped = useStudio((s) => s.taps.has(id));
  return (
    <label className="tap-toggle" title="show this node's new rows in Messages">
      <input type="checkbox" checked={tapped} onChange={(e) => store.setTap(id, e.target.checked)} data-testid="panel-tap" />
      tap
    </label>
  );
}

function NameField({ node }: { node: GraphNode }) {
  const store = useStudioStore();
  const readonly = useStudio((s) => s.readonly);
  const error = useStudio((s) => s.fieldErrors[`${node.id}/`]);
  return (
    <span className="name-field">
      <TextCommit
        testId="node-name"
        value={node.id}
        disabled={readonly}
        onCommit={(to) => {
          const clean = to.trim();
          if (!clean || clean === node.id) return;
          void store.edit([{ op: 'rename', id: node.id, to: clean }]).then((ok) => ok && store.select(clean));
        }}
      />
      {error && <span className="param-error">{error}</span>}
    </span>
  );
}

function ParamPage({ node, type }: { node: GraphNode; type: TypeDescriptor | undefined }) {
  const store = useStudioStore();
  const graph = useStudio((s) => s.graph);
  const readonly = useStudio((s) => s.readonly);
  const errors = useStudio((s) => s.fieldErrors);
  const types = useStudio((s) => s.types);
  if (!type) return <div className="empty">Unknown operator type '{node.type}'; its parameters cannot be shown.</div>;
  const familyOf = (nid: string) => types.get(graph?.nodes.find((n) => n.id === nid)?.type ?? '')?.family;
  const known = new Set(type.params.map((p) => p.name));
  const extra = Object.keys(node.params ?? {}).filter((k) => !known.has(k));
  return (
    <div className="param-page" data-testid="param-page">
      <div className="param">
        <div className="param-label">
          <span>Comment</span>
        </div>
        <TextCommit
          testId="node-comment"
          value={node.comment ?? ''}
          disabled={readonly}
          multiline
          onCommit={(text) => void store.edit([{ op: 'comment', id: node.id, text }])}
        />
      </div>
      {type.params.map((p) => (
        <ParamField
          key={p.name}
          nodeId={node.id}
          desc={p}
          value={node.params?.[p.name]}
          graph={graph}
          operatorFamily={familyOf}
          readonly={readonly}
          error={errors[`${node.id}/${p.name}`]}
          onSet={(value) => void store.edit([{ op: 'param', id: node.id, name: p.name, value }])}
          onReset={() => void store.edit([{ op: 'reset', id: node.id, name: p.name }])}
          onPulse={() => void store.edit([{ op: 'pulse', id: node.id, name: p.name }], 'none')}
        />
      ))}
      {extra.length > 0 && (
        <div className="param-error">
          Not parameters of {type.id}: {extra.join(', ')}
        </div>
      )}
    </div>
  );
}

function InfoPage({ id }: { id: string }) {
  const live = useLive(id);
  const s = live?.state;
  const rows: [string, string][] = [
    ['state', s?.state ?? 'idle'],
    ['message', s?.message || ''],
    ['cook count', String(s?.cookCount ?? 0)],
    ['cook time', fmtMs(s?.cookMs)],
    ['cooks/s', fmtRate(s?.cooksPerSec)],
    ['rows/s', fmtRate(s?.rowsPerSec)],
    ['rows appended', String(s?.rows ?? 0)],
    ...(live?.table ? ([['rows in the table', String(live.table.numRows)]] as [string, string][]) : []),
    ...Object.entries(s?.info ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
  ];
  return (
    <table className="info" data-testid="info">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td data-testid={`info-${k}`}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CallbacksPage({ node, type }: { node: GraphNode; type: TypeDescriptor | undefined }) {
  const cb = node.callbacks;
  return (
    <div className="callbacks" data-testid="callbacks">
      {type?.callbacks?.length ? (
        <p>
          Callbacks of {type.id}: {type.callbacks.map((c) => <code key={c}>{c}</code>)}
        </p>
      ) : (
        <p>{type?.id ?? node.type} has no callbacks.</p>
      )}
      {cb === undefined ? (
        <p className="empty">This node names no callbacks.</p>
      ) : typeof cb === 'string' ? (
        <p>
          From the file <code>{cb}</code> (beside the graph file; editing it reloads the node).
        </p>
      ) : (
        <pre>{JSON.stringify(cb, null, 2)}</pre>
      )}
    </div>
  );
}
