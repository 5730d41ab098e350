import { useCallback, useEffect, useRef, useState } from 'react';
import { useLive, useStudioStore } from '../store/context';

export const ROW_HEIGHT = 22;
export const BLOCK = 200;
const OVERSCAN = 10;
const REFRESH_MS = 250;
const RETRY_MS = 500;

/**
 * A node's whole table, virtually scrolled: only the rows in view are in the DOM, fetched from the server in blocks
 * of BLOCK rows with `rows` requests and cached. When the table changes (rows appended or dropped from the head) the
 * cached blocks are dropped and the visible ones fetched again, at most every REFRESH_MS.
 */
export function VirtualTable({ id, height = 420 }: { id: string; height?: number }) {
  const store = useStudioStore();
  const live = useLive(id);
  const [answered, setAnswered] = useState(0);
  const numRows = live?.table?.numRows ?? answered;
  const firstSeq = live?.table?.firstSeq ?? 0;
  const [scrollTop, setScrollTop] = useState(0);
  const [header, setHeader] = useState<string[]>(live?.table?.header ?? []);
  const blocks = useRef(new Map<number, string[][]>());
  const inFlight = useRef(new Set<number>());
  const [, setFetched] = useState(0);
  const generation = useRef(0);
  const key = `${firstSeq}:${numRows}`;
  const lastKey = useRef(key);
  const lastRefresh = useRef(0);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(numRows, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  const fetchBlock = useCallback(
    (b: number) => {
      if (inFlight.current.has(b)) return;
      inFlight.current.add(b);
      const gen = generation.current;
      void store.requestRows(id, b * BLOCK, BLOCK).then((answer) => {
        if (!answer) {
          // Refused (busy server) or the connection dropped: try again a little later.
          setTimeout(() => {
            inFlight.current.delete(b);
            setFetched((n) => n + 1);
          }, RETRY_MS);
          return;
        }
        inFlight.current.delete(b);
        if (gen !== generation.current) return;
        blocks.current.set(b, answer.rows);
        setAnswered(answer.numRows);
        if (answer.header) setHeader(answer.header);
        setFetched((n) => n + 1);
      });
    },
    [store, id],
  );

  // The table changed: drop the cache (rate-limited, so a streaming table does not flood the server).
  useEffect(() => {
    if (key === lastKey.current) return;
    const wait = lastRefresh.current + REFRESH_MS - Date.now();
    const t = setTimeout(
      () => {
        lastKey.current = key;
        lastRefresh.current = Date.now();
        generation.current++;
        blocks.current.clear();
        inFlight.current.clear();
        setFetched((n) => n + 1);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(t);
  }, [key]);

  useEffect(() => {
    if (numRows === 0) return;
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(Math.max(first, last - 1) / BLOCK); b++) {
      if (!blocks.current.has(b)) fetchBlock(b);
    }
  });

  useEffect(() => {
    if (live?.table?.header?.length) setHeader(live.table.header);
  }, [live?.table?.header]);

  const rows = [];
  for (let i = first; i < last; i++) {
    const block = blocks.current.get(Math.floor(i / BLOCK));
    const row = block?.[i % BLOCK];
    rows.push(
      <div className="vrow" key={i} style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT }} data-testid={`row-${id}-${i}`}>
        <span className="vindex">{i}</span>
        {row
          ? row.map((cell, c) => (
              <span className="vcell" key={c} data-testid={`cell-${id}-${i}-${c}`} title={cell}>
                {cell}
              </span>
            ))
          : <span className="vcell loading">…</span>}
      </div>,
    );
  }

  return (
    <div className="vtable" data-testid={`table-${id}`}>
      <div className="vhead">
        <span className="vindex">#</span>
        {header.map((h, c) => (
          <span className="vcell" key={c}>
            {h}
          </span>
        ))}
      </div>
      <div
        className="vbody nowheel"
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid={`table-scroll-${id}`}
      >
        <div style={{ height: numRows * ROW_HEIGHT, position: 'relative' }}>{rows}</div>
      </div>
      <div className="vfoot">{numRows} rows</div>
    </div>
  );
}
