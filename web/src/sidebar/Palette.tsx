import { useMemo, useState, type DragEvent } from 'react';
import { useStudio } from '../store/context';
import type { TypeDescriptor } from '../protocol/types';
import { DRAG_TYPE } from '../editor/dnd';

/** Types whose id, label, family or summary contain every word of `query`; id matches first. */
export function filterTypes(types: TypeDescriptor[], query: string): TypeDescriptor[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return types;
  const hay = (t: TypeDescriptor) => `${t.id} ${t.label ?? ''} ${t.family} ${t.summary ?? ''}`.toLowerCase();
  const hits = types.filter((t) => words.every((w) => hay(t).includes(w)));
  const q = words[0];
  return hits.sort((a, b) => Number(!a.id.toLowerCase().startsWith(q)) - Number(!b.id.toLowerCase().startsWith(q)));
}

/** Every operator type with its summary; drag one onto the canvas to add it. */
export function Palette() {
  const types = useStudio((s) => s.typeList);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterTypes(types, query), [types, query]);
  const onDragStart = (e: DragEvent, id: string) => {
    e.dataTransfer.setData(DRAG_TYPE, id);
    e.dataTransfer.setData('text/plain', id);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" data-testid="palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search operators"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <ul>
        {shown.map((t) => (
          <li
            key={t.id}
            draggable
            onDragStart={(e) => onDragStart(e, t.id)}
            className={`palette-item fam-${t.family.toLowerCase()}`}
            data-testid={`palette-${t.id}`}
            title={t.summary}
          >
            <div className="palette-title">
              <span className={`fam fam-${t.family.toLowerCase()}`}>{t.family}</span>
              <b>{t.label ?? t.id}</b> <code>{t.id}</code>
            </div>
            {t.summary && <div className="palette-summary">{t.summary}</div>}
          </li>
        ))}
        {shown.length === 0 && <li className="empty">No operator matches.</li>}
      </ul>
    </aside>
  );
}
