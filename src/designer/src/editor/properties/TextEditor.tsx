import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";

export function TextEditor({ id, value, onChange }: EditorProps) {
  return <input id={id} data-testid={id} value={asText(value)} onChange={(e) => onChange(e.target.value)} />;
}

export function MultiLineEditor({ id, value, onChange }: EditorProps) {
  return <textarea id={id} data-testid={id} rows={4} value={asText(value)} onChange={(e) => onChange(e.target.value)} />;
}
