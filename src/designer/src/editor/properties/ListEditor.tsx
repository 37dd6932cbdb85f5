import type { EditorProps } from "./editorProps";

/** Accepts what older documents hold: an array, a JSON array in a string, or one item per line. */
export function toList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  if (typeof value !== "string" || value === "") return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return toList(parsed);
  } catch {
    // Not JSON: one item per line.
  }
  return value.split("\n");
}

export function ListEditor({ id, value, onChange }: EditorProps) {
  const items = toList(value);
  const set = (next: string[]) => onChange(next);
  return (
    <div className="list-editor" data-testid={id}>
      {items.map((item, i) => (
        <div className="row" key={i}>
          <input data-testid={`${id}-item-${i}`} aria-label={`Item ${i + 1}`} value={item} onChange={(e) => set(items.map((x, j) => (j === i ? e.target.value : x)))} />
          <button type="button" aria-label={`Remove item ${i + 1}`} onClick={() => set(items.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" data-testid={`${id}-add`} onClick={() => set([...items, ""])}>Add item</button>
    </div>
  );
}
