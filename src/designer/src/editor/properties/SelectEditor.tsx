import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";

export function SelectEditor({ id, input, value, onChange }: EditorProps) {
  const text = asText(value);
  const options = input.options ?? [];
  return (
    <select id={id} data-testid={id} value={text} onChange={(e) => onChange(e.target.value)}>
      <option value="" />
      {options.map((o) => <option key={o}>{o}</option>)}
      {text && !options.includes(text) && <option>{text}</option>}
    </select>
  );
}
