import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useLive, useStudioStore } from '../store/context';
import type { TileNode } from '../store/flow';
import { Sparkline } from './Sparkline';
import { fmtMs, fmtRate, fmtValue } from '../format';

const MAX_CHANNELS = 5;

/** A tile of the network editor: header tinted by family, a fixed-size live viewer, and a footer with the state. */
export const OpTile = memo(function OpTile({ id, data, selected }: NodeProps<TileNode>) {
  const family = data.family.toLowerCase();
  return (
    <div
      className={`tile tile-${family}${selected ? ' selected' : ''}${data.known ? '' : ' unknown'}`}
      data-testid={`tile-${id}`}
      title={data.comment || undefined}
    >
      {data.maxInputs > 0 && <Handle type="target" position={Position.Left} className={`port port-${family}`} />}
      <div className="tile-head">
        <span className="tile-family">{data.family}</span>
        <span className="tile-id" data-testid={`tile-name-${id}`}>
          {id}
        </span>
        <span className="tile-type">{data.type}</span>
      </div>
      <div className="tile-viewer nodrag nowheel">
        {data.family === 'CHOP' ? <ChopViewer id={id} /> : <DatViewer id={id} />}
      </div>
      <TileFooter id={id} family={data.family} />
      <Handle type="source" position={Position.Right} className={`port port-${family}`} />
    </div>
  );
});

export function DatViewer({ id }: { id: string }) {
  const store = useStudioStore();
  const live = useLive(id);
  const table = live?.table;
  if (!table) {
    return <div className="viewer-empty">{store.isWatched(id) ? 'no rows yet' : ''}</div>;
  }
  return (
    <div className="dat-viewer" data-testid={`dat-${id}`}>
      <table>
        <thead>
          <tr>
            {table.header.map((h, c) => (
              <th key={c}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={table.numRows - table.rows.length + r}>
              {row.map((cell, c) => (
                <td key={c} data-testid={`tile-cell-${id}-${r}-${c}`}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="viewer-count">{table.numRows} rows</div>
    </div>
  );
}

export function ChopViewer({ id }: { id: string }) {
  const store = useStudioStore();
  const live = useLive(id);
  const ch = live?.channels;
  const version = store.live.version(id);
  if (!ch) return <div className="viewer-empty">{store.isWatched(id) ? 'no channels yet' : ''}</div>;
  const shown = Math.min(MAX_CHANNELS, ch.names.length);
  return (
    <div className="chop-viewer" data-testid={`chop-${id}`}>
      {ch.names.slice(0, shown).map((name, i) => (
        <div className="chan" key={name}>
          <span className="chan-name">{name}</span>
          <span className="chan-value" data-testid={`chan-${id}-${name}`}>
            {fmtValue(ch.values[i])}
          </span>
          <Sparkline channels={ch} index={i} version={version} />
        </div>
      ))}
      <div className="viewer-count">
        {ch.names.length} channel{ch.names.length === 1 ? '' : 's'}
        {ch.names.length > shown ? ` (${ch.names.length - shown} more in the panel)` : ''}
      </div>
    </div>
  );
}

export function TileFooter({ id, family }: { id: string; family: string }) {
  const live = useLive(id);
  const s = live?.state;
  const kind = s?.state ?? 'idle';
  const rate = family === 'DAT' ? `${fmtRate(s?.rowsPerSec)} rows/s` : `${fmtRate(s?.cooksPerSec)} cooks/s`;
  return (
    <div className={`tile-foot state-${kind}`} data-testid={`tile-state-${id}`} data-state={kind}>
      <span className={`badge badge-${kind}`} title={kind}>
        {kind === 'error' ? '✖' : kind === 'warning' ? '▲' : kind === 'ok' ? '●' : '○'}
      </span>
      <span className="tile-msg" title={s?.message || undefined} data-testid={`tile-msg-${id}`}>
        {s?.message || ''}
      </span>
      <span className="tile-rate">{rate}</span>
      <span className="tile-cook" title="cook time">
        {fmtMs(s?.cookMs)}
      </span>
    </div>
  );
}
