import { useEffect, useState } from "react";
import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";

const integerTypes = new Set(["Int16", "Int32", "Int64", "Byte"]);

export function NumberEditor({ id, input, value, onChange }: EditorProps) {
  const [text, setText] = useState(asText(value));
  useEffect(() => {
    if (Number(text) !== Number(value) || (text === "") !== (value === "")) setText(asText(value));
    // Only a new value from outside resets what the user is typing.
  }, [value]);
  const integer = integerTypes.has(input.typeName);
  const invalid = text !== "" && (!Number.isFinite(Number(text)) || (integer && !Number.isInteger(Number(text))));

  function change(next: string) {
    setText(next);
    const n = Number(next);
    if (next === "") onChange("");
    else if (Number.isFinite(n) && (!integer || Number.isInteger(n))) onChange(n);
  }

  return (
    <>
      <input id={id} data-testid={id} type="number" step={integer ? 1 : "any"} value={text} onChange={(e) => change(e.target.value)} aria-invalid={invalid} />
      {invalid && <span className="field-error">{integer ? "Enter a whole number." : "Enter a number."}</span>}
    </>
  );
}
