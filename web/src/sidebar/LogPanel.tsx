import { useSyncExternalStore } from 'react';
import { useStudioStore } from '../store/context';

/** Errors and notices, newest first; clicking one with a node selects that node and brings it into view. */
export function LogPanel({ onJump }: { onJump: (id: string) => void }) {
  const store = useStudioStore();
  const feed = store.log;
  useSyncExternalStore(feed.subscribe, feed.version);
  const items = feed.all();
  return (
    <div className="log" data-testid="log">
      <div className="log-bar">
        <b>Log</b> <span>{items.filter((i) => i.level === 'error').length} errors</span>
        <button onClick={() => feed.clear()}>Clear</button>
      </div>
      <ul>
        {[...items].reverse().map((item, i) => (
          <li key={items.length - i} className={`log-${item.level}`} data-testid="log-entry" data-level={item.level}>
            <span className="log-time">{new Date(item.t).toLocaleTimeString()}</span>
            {item.node && (
              <a className="node-link" onClick={() => onJump(item.node!)} data-testid={`log-jump-${item.node}`}>
                {item.node}
              </a>
            )}
            <span className="log-text">{item.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
