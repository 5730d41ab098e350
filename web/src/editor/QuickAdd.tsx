import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStudio } from '../store/context';
import { filterTypes } from '../sidebar/Palette';

/** The type-ahead box a double-click on the canvas opens: Enter adds the first match there, Escape closes. */
export function QuickAdd({
  left,
  top,
  onPick,
  onClose,
}: {
  left: number;
  top: number;
  onPick: (type: string) => void;
  onClose: () => void;
}) {
  const types = useStudio((s) => s.typeList);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => filterTypes(types, query).slice(0, 12), [types, query]);
  useEffect(() => input.current?.focus(), []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && matches[index]) onPick(matches[index].id);
  };

  return (
    <div className="quick-add nodrag nowheel" style={{ left, top }} data-testid="quick-add">
      <input
        ref={input}
        value={query}
        placeholder="Add operator…"
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={onKey}
        data-testid="quick-add-input"
      />
      <ul>
        {matches.map((t, i) => (
          <li
            key={t.id}
            className={i === index ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(t.id);
            }}
            title={t.summary}
          >
            <span className={`fam fam-${t.family.toLowerCase()}`}>{t.family}</span> {t.id}
          </li>
        ))}
      </ul>
    </div>
  );
}
