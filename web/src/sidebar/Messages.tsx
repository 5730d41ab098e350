import { useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useStudio, useStudioStore } from '../store/context';
import { topicMatches } from '../store/feeds';

/**
 * Node-RED's debug sidebar: the messages passing through the tapped nodes, newest at the bottom, filtered by topic.
 * Pause drops new messages and counts them; the scrollback is bounded; it follows new messages only while scrolled
 * to the bottom.
 */
export function Messages() {
  const store = useStudioStore();
  const feed = store.messages;
  useSyncExternalStore(feed.subscribe, feed.version);
  const graph = useStudio((s) => s.graph);
  const taps = useStudio((s) => s.taps);
  const types = useStudio((s) => s.types);
  const [filter, setFilter] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const items = feed.all();
  const shown = useMemo(() => items.filter((m) => topicMatches(filter, m.topic)), [items, filter]);

  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  });

  const datNodes = (graph?.nodes ?? []).filter((n) => types.get(n.type)?.family !== 'CHOP');

  return (
    <div className="messages" data-testid="messages">
      <div className="messages-bar">
        <input
          type="search"
          placeholder="Filter topic (a/+/c, a/#)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="messages-filter"
        />
        <button onClick={() => feed.setPaused(!feed.paused)} data-testid="messages-pause">
          {feed.paused ? 'Resume' : 'Pause'}
        </button>
        <button onClick={() => feed.clear()} data-testid="messages-clear">
          Clear
        </button>
      </div>
      <details className="taps" open={taps.size === 0 || undefined}>
        <summary>Tapped nodes ({taps.size})</summary>
        {datNodes.map((n) => (
          <label key={n.id}>
            <input
              type="checkbox"
              checked={taps.has(n.id)}
              onChange={(e) => store.setTap(n.id, e.target.checked)}
              data-testid={`tap-${n.id}`}
            />
            {n.id}
          </label>
        ))}
      </details>
      {feed.paused && <div className="paused">Paused; {feed.droppedWhilePaused} messages dropped.</div>}
      <div
        className="messages-list"
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
        }}
      >
        {shown.map((m, i) => (
          <div className="msg" key={`${m.t}-${i}`} data-testid="message">
            <div className="msg-meta">
              <span>{new Date(m.t).toLocaleTimeString()}</span>
              <a onClick={() => store.select(m.node)} className="node-link">
                {m.node}
              </a>
              {m.topic !== undefined && <span className="msg-topic">{m.topic}</span>}
              {m.qos !== undefined && <span>qos {m.qos}</span>}
              {m.retained && <span>retained</span>}
            </div>
            <pre className="msg-payload">{m.payload}</pre>
          </div>
        ))}
        {shown.length === 0 && (
          <div className="empty">{taps.size === 0 ? 'Tap a node to see the messages passing through it.' : 'No messages yet.'}</div>
        )}
      </div>
    </div>
  );
}
