import { useEffect, useState } from "react";
import { CodeEditor } from "./CodeEditor";
import type { EditorProps } from "./editorProps";

function pretty(value: unknown): string {
  if (value === "" || value === undefined || value === null) return "";
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

function parsedValue(value: unknown): unknown {
  if (typeof value !== "string" || value === "") return value ?? "";
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** JSON text; stored as the parsed value once it parses, so the engine gets an object rather than a string. */
export function JsonEditor({ id, input, value, onChange }: EditorProps) {
  const [text, setText] = useState(() => pretty(value));
  const [error, setError] = useState("");
  useEffect(() => {
    // Text that does not parse yet is the user typing: keep it. Parsed text is replaced only by a different value.
    let typed: unknown;
    try {
      typed = text.trim() === "" ? "" : JSON.parse(text);
    } catch {
      return;
    }
    if (JSON.stringify(typed) !== JSON.stringify(parsedValue(value))) setText(pretty(value));
  }, [value]);

  function change(next: string) {
    setText(next);
    if (next.trim() === "") {
      setError("");
      onChange("");
      return;
    }
    try {
      onChange(JSON.parse(next));
      setError("");
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
      <CodeEditor testId={id} label={input.displayName} language="json" value={text} onChange={change} />
      {error && <span className="field-error">Not valid JSON: {error}</span>}
    </>
  );
}
