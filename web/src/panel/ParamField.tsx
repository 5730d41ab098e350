import { useEffect, useState, type KeyboardEvent } from 'react';
import { paramMode, type Graph, type ParamDescriptor, type ParamValue } from '../protocol/types';

export interface ParamFieldProps {
  nodeId: string;
  desc: ParamDescriptor;
  /** The value in the graph; undefined when the parameter is at its default. */
  value: ParamValue | undefined;
  graph: Graph | null;
  operatorFamily: (nodeId: string) => string | undefined;
  readonly: boolean;
  error?: string;
  onSet: (value: ParamValue) => void;
  onReset: () => void;
  onPulse: () => void;
}

type Mode = 'constant' | 'expr' | 'bind';

/** One parameter: its widget by kind, the constant/expression/bind mode, a reset to the default, its help. */
export function ParamField(props: ParamFieldProps) {
  const { desc, value, readonly, error } = props;
  const kind = desc.kind;
  const current = paramMode(value);
  const modeable = kind !== 'secret' && kind !== 'pulse' && kind !== 'list' && kind !== 'dict';
  const [mode, setMode] = useState<Mode>(current === 'env' ? 'constant' : current);
  useEffect(() => setMode(current === 'env' ? 'constant' : current), [current]);
  const label = desc.label ?? desc.name;
  const isDefault = value === undefined;

  return (
    <div className={`param${error ? ' has-error' : ''}`} data-testid={`param-row-${desc.name}`}>
      <div className="param-label" title={desc.help}>
        <span>{label}</span> <code className="param-name">{desc.name}</code>
        {isDefault ? <span className="param-default">default</span> : null}
      </div>
      <div className="param-input">
        {mode === 'constant' || !modeable ? (
          <ConstantInput {...props} />
        ) : (
          <TextCommit
            testId={`param-${desc.name}`}
            value={mode === 'expr' ? modeText(value, 'expr') : modeText(value, 'bind')}
            placeholder={mode === 'expr' ? "expression, e.g. me.inputRow['temp']" : 'node/channel'}
            disabled={readonly}
            onCommit={(text) => props.onSet(mode === 'expr' ? { expr: text } : { bind: text })}
          />
        )}
        {modeable && !readonly && (
          <select
            className="param-mode"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            data-testid={`param-mode-${desc.name}`}
            title="constant, expression or bind"
          >
            <option value="constant">const</option>
            <option value="expr">expr</option>
            <option value="bind">bind</option>
          </select>
        )}
        {!isDefault && !readonly && kind !== 'pulse' && (
          <button className="param-reset" title="back to the default" onClick={props.onReset} data-testid={`param-reset-${desc.name}`}>
            ↺
          </button>
        )}
      </div>
      {desc.help && <div className="param-help">{desc.help}</div>}
      {error && (
        <div className="param-error" data-testid={`param-error-${desc.name}`}>
          {error}
        </div>
      )}
    </div>
  );
}

function modeText(v: ParamValue | undefined, key: 'expr' | 'bind'): string {
  if (v && typeof v === 'object' && !Array.isArray(v) && key in v) return String((v as Record<string, unknown>)[key]);
  return '';
}

function effective(props: ParamFieldProps): ParamValue | undefined {
  const v = props.value;
  if (v === undefined || paramMode(v) !== 'constant') return props.desc.default;
  return v;
}

function ConstantInput(props: ParamFieldProps) {
  const { desc, readonly, onSet } = props;
  const v = effective(props);
  const testId = `param-${desc.name}`;
  switch (desc.kind) {
    case 'boolean':
      return (
        <label className="toggle">
          <input
            type="checkbox"
            checked={v === true || v === 'true'}
            disabled={readonly}
            onChange={(e) => onSet(e.target.checked)}
            data-testid={testId}
          />
          <span>{v === true || v === 'true' ? 'on' : 'off'}</span>
        </label>
      );
    case 'menu':
      return (
        <select value={v == null ? '' : String(v)} disabled={readonly} onChange={(e) => onSet(e.target.value)} data-testid={testId}>
          {(desc.menu ?? []).map((m) => (
            <option key={m.name} value={m.name}>
              {m.label}
            </option>
          ))}
        </select>
      );
    case 'number':
    case 'integer':
      return <NumberInput {...props} value={typeof v === 'number' ? v : v == null ? undefined : Number(v)} />;
    case 'operator': {
      const nodes = (props.graph?.nodes ?? []).filter(
        (n) => n.id !== props.nodeId && (!desc.family || props.operatorFamily(n.id) === desc.family),
      );
      return (
        <select value={v == null ? '' : String(v)} disabled={readonly} onChange={(e) => onSet(e.target.value)} data-testid={testId}>
          <option value="">(none)</option>
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.id}
            </option>
          ))}
        </select>
      );
    }
    case 'pulse':
      return (
        <button disabled={readonly} onClick={props.onPulse} data-testid={testId}>
          Pulse
        </button>
      );
    case 'secret': {
      // Only the environment variable's name is ever shown or sent; the value stays on the server.
      const env = props.value && paramMode(props.value) === 'env' ? (props.value as { env: string }).env : '';
      return (
        <span className="secret">
          <code>{'{"env": '}</code>
          <TextCommit
            testId={testId}
            value={env}
            placeholder="ENV_VAR_NAME"
            disabled={readonly}
            onCommit={(name) => onSet({ env: name })}
          />
          <code>{'}'}</code>
        </span>
      );
    }
    case 'list':
      return <ListEditor {...props} />;
    case 'dict':
      return <DictEditor {...props} />;
    case 'string':
      return (
        <TextCommit
          testId={testId}
          value={v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v)}
          multiline={typeof v === 'string' && v.includes('\n')}
          disabled={readonly}
          onCommit={(text) => onSet(text)}
        />
      );
    default:
      return <JsonInput {...props} value={v} />;
  }
}

function NumberInput(props: Omit<ParamFieldProps, 'value'> & { value: number | undefined }) {
  const { desc, readonly, onSet, value } = props;
  const integer = desc.kind === 'integer';
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const commit = (t: string) => {
    if (t.trim() === '' || t === String(value)) return;
    const n = Number(t);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      setLocal(`not ${integer ? 'an integer' : 'a number'}: ${t}`);
      return;
    }
    if ((desc.min !== undefined && n < desc.min) || (desc.max !== undefined && n > desc.max)) {
      setLocal(`out of range ${desc.min ?? '−∞'} … ${desc.max ?? '∞'}`);
      return;
    }
    setLocal(null);
    onSet(n);
  };
  const ranged = desc.min !== undefined && desc.max !== undefined;
  return (
    <span className="number">
      <input
        type="text"
        inputMode="decimal"
        value={text}
        disabled={readonly}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={(e) => e.key === 'Enter' && commit(text)}
        data-testid={`param-${desc.name}`}
      />
      {ranged && (
        <input
          type="range"
          min={desc.min}
          max={desc.max}
          step={integer ? 1 : (desc.max! - desc.min!) / 1000}
          value={Number.isFinite(Number(text)) ? Number(text) : desc.min}
          disabled={readonly}
          onChange={(e) => setText(e.target.value)}
          onPointerUp={(e) => commit((e.target as HTMLInputElement).value)}
          onKeyUp={(e) => commit((e.target as HTMLInputElement).value)}
          data-testid={`param-range-${desc.name}`}
        />
      )}
      {ranged && (
        <span className="range-hint">
          {desc.min} … {desc.max}
        </span>
      )}
      {local && <span className="param-error">{local}</span>}
    </span>
  );
}

/** A text field that sends its value on Enter (Ctrl-Enter when multi-line) or when it loses focus. */
export function TextCommit({
  value,
  onCommit,
  disabled,
  placeholder,
  multiline,
  testId,
}: {
  value: string;
  onCommit: (v: string) => void;
  disabled?: boolean;
  placeholder?: string;
  multiline?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') setText(value);
  };
  return multiline ? (
    <textarea
      value={text}
      rows={4}
      disabled={disabled}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKey}
      data-testid={testId}
    />
  ) : (
    <input
      type="text"
      value={text}
      disabled={disabled}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKey}
      data-testid={testId}
    />
  );
}

function JsonInput(props: Omit<ParamFieldProps, 'value'> & { value: ParamValue | undefined }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <TextCommit
        testId={`param-${props.desc.name}`}
        value={props.value === undefined ? '' : JSON.stringify(props.value)}
        disabled={props.readonly}
        onCommit={(t) => {
          try {
            props.onSet(JSON.parse(t) as ParamValue);
            setError(null);
          } catch (e) {
            setError(`not JSON: ${(e as Error).message}`);
          }
        }}
      />
      {error && <span className="param-error">{error}</span>}
    </span>
  );
}

type Rec = Record<string, ParamValue>;

/** A list of records, one row per record and one column per field of the descriptor. */
function ListEditor(props: ParamFieldProps) {
  const { desc, readonly, onSet } = props;
  const v = effective(props);
  const records: Rec[] = Array.isArray(v) ? (v as Rec[]) : [];
  const fields = desc.fields ?? [{ name: 'value', kind: 'string' }];
  const setField = (i: number, f: ParamDescriptor, raw: string | boolean) => {
    const next = records.map((r) => ({ ...r }));
    next[i][f.name] = coerce(f, raw);
    onSet(next);
  };
  return (
    <div className="list-editor" data-testid={`param-${desc.name}`}>
      <table>
        <thead>
          <tr>
            {fields.map((f) => (
              <th key={f.name} title={f.help}>
                {f.label ?? f.name}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr key={i}>
              {fields.map((f) => (
                <td key={f.name}>
                  {f.kind === 'boolean' ? (
                    <input type="checkbox" checked={r[f.name] === true} disabled={readonly} onChange={(e) => setField(i, f, e.target.checked)} />
                  ) : f.kind === 'menu' ? (
                    <select value={String(r[f.name] ?? f.default ?? '')} disabled={readonly} onChange={(e) => setField(i, f, e.target.value)}>
                      {(f.menu ?? []).map((m) => (
                        <option key={m.name} value={m.name}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <TextCommit
                      testId={`param-${desc.name}-${i}-${f.name}`}
                      value={r[f.name] === undefined ? '' : String(r[f.name])}
                      placeholder={f.default !== undefined ? String(f.default) : ''}
                      disabled={readonly}
                      onCommit={(t) => setField(i, f, t)}
                    />
                  )}
                </td>
              ))}
              <td>
                {!readonly && (
                  <button title="remove" onClick={() => onSet(records.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readonly && (
        <button
          onClick={() => {
            const rec: Rec = {};
            for (const f of fields) if (f.default !== undefined) rec[f.name] = f.default;
            onSet([...records, rec]);
          }}
          data-testid={`param-add-${desc.name}`}
        >
          + add
        </button>
      )}
    </div>
  );
}

function coerce(f: ParamDescriptor, raw: string | boolean): ParamValue {
  if (typeof raw === 'boolean') return raw;
  if ((f.kind === 'number' || f.kind === 'integer') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

/** Key/value pairs; values are kept as strings unless they were numbers or booleans. */
function DictEditor(props: ParamFieldProps) {
  const { desc, readonly, onSet } = props;
  const v = effective(props);
  const dict: Rec = v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
  const entries = Object.entries(dict);
  const [newKey, setNewKey] = useState('');
  const rebuild = (pairs: [string, ParamValue][]) => onSet(Object.fromEntries(pairs));
  return (
    <div className="dict-editor" data-testid={`param-${desc.name}`}>
      {entries.map(([k, val], i) => (
        <div className="dict-row" key={k}>
          <TextCommit
            value={k}
            disabled={readonly}
            onCommit={(nk) => rebuild(entries.map(([ek, ev], j) => (j === i ? [nk, ev] : [ek, ev])))}
          />
          <TextCommit
            testId={`param-${desc.name}-${k}`}
            value={typeof val === 'string' ? val : JSON.stringify(val)}
            disabled={readonly}
            onCommit={(t) =>
              rebuild(entries.map(([ek, ev], j) => (j === i ? [ek, typeof ev === 'string' ? t : parseLoose(t)] : [ek, ev])))
            }
          />
          {!readonly && <button onClick={() => rebuild(entries.filter((_, j) => j !== i))}>✕</button>}
        </div>
      ))}
      {!readonly && (
        <div className="dict-row">
          <input placeholder="new key" value={newKey} onChange={(e) => setNewKey(e.target.value)} />
          <button
            disabled={!newKey || newKey in dict}
            onClick={() => {
              rebuild([...entries, [newKey, '']]);
              setNewKey('');
            }}
          >
            + add
          </button>
        </div>
      )}
    </div>
  );
}

function parseLoose(t: string): ParamValue {
  try {
    return JSON.parse(t) as ParamValue;
  } catch {
    return t;
  }
}
