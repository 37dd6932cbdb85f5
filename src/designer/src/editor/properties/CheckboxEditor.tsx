import type { EditorProps } from "./editorProps";

export function CheckboxEditor({ id, value, onChange }: EditorProps) {
  return <input id={id} data-testid={id} type="checkbox" checked={value === true || value === "true"} onChange={(e) => onChange(e.target.checked)} />;
}
