import { useEffect, useState } from "react";
import type { EditorProps } from "./editorProps";

type Row = [string, string];

function toRows(value: unknown): Row[] {
  let source = value;
  if (typeof value === "string" && value.trim().startsWith("{")) {
    try {
      source = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!source || typeof source !== "object" || Array.isArray(source)) return [];
  return Object.entries(source as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

function toObject(rows: Row[]): Record<string, string> {
  return Object.fromEntries(rows.filter(([k]) => k.trim() !== ""));
}

/** Key/value rows; rows keep their order and may have an empty key while being typed (only named ones are stored). */
export function DictionaryEditor({ id, value, onChange }: EditorProps) {
  const [rows, setRows] = useState<Row[]>(() => toRows(value));
  useEffect(() => {
    if (JSON.stringify(toObject(rows)) !== JSON.stringify(toObject(toRows(value)))) setRows(toRows(value));
  }, [value]);

  const keys = rows.map(([k]) => k.trim()).filter((k) => k !== "");
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);

  function set(next: Row[]) {
    setRows(next);
    const named = next.map(([k]) => k.trim()).filter((k) => k !== "");
    if (new Set(named).size === named.length) onChange(named.length ? toObject(next) : "");
  }

  return (
    <div className="dictionary-editor" data-testid={id}>
      {rows.map(([key, val], i) => (
        <div className="row" key={i}>
          <input data-testid={`${id}-key-${i}`} aria-label={`Key ${i + 1}`} placeholder="key" value={key} onChange={(e) => set(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} />
          <input data-testid={`${id}-value-${i}`} aria-label={`Value ${i + 1}`} placeholder="value" value={val} onChange={(e) => set(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} />
          <button type="button" aria-label={`Remove entry ${i + 1}`} onClick={() => set(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" data-testid={`${id}-add`} onClick={() => setRows([...rows, ["", ""]])}>Add entry</button>
      {duplicate && <span className="field-error">The key '{duplicate}' appears twice; only one can be kept.</span>}
    </div>
  );
}
