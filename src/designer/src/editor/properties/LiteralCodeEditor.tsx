import { CodeEditor } from "./CodeEditor";
import type { EditorProps } from "./editorProps";
import { asText } from "./inputValue";

/** A literal shown as code (a script the activity runs itself): highlighted as JavaScript. */
export function LiteralCodeEditor({ id, input, value, onChange }: EditorProps) {
  return <CodeEditor testId={id} label={input.displayName} language="javascript" value={asText(value)} onChange={onChange} />;
}
