import { useState } from "react";
import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";
import { pickerSources, type PickerOption } from "./pickers";

/** A text field offering the server's choices for its UI hint; a value not (yet) on the server can still be typed. */
export function PickerEditor({ id, input, value, onChange }: EditorProps) {
  const text = asText(value);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<PickerOption[] | null>(null);
  const [error, setError] = useState("");

  function load() {
    setOpen(true);
    // Fetched on every opening: a segment or event created meanwhile shows up without reloading the designer.
    pickerSources[input.uiHint!]()
      .then((loaded) => {
        setOptions(loaded);
        setError("");
      })
      .catch((e: Error) => setError(`Could not load the choices: ${e.message}`));
  }

  const filter = text.trim().toLowerCase();
  const shown = (options ?? []).filter((o) => !filter || o.value.toLowerCase().includes(filter) || (o.label ?? "").toLowerCase().includes(filter));
  const exact = (options ?? []).some((o) => o.value === text);
  const visible = open && (shown.length > 0 || options !== null);

  function choose(option: PickerOption) {
    onChange(option.value);
    setOpen(false);
  }

  return (
    <div className="picker">
      <input
        id={id} data-testid={id} role="combobox" aria-expanded={visible} aria-controls={`${id}-options`} aria-autocomplete="list"
        value={text} autoComplete="off"
        onFocus={load} onBlur={() => setOpen(false)}
        onChange={(e) => { onChange(e.target.value); setOpen(true); }}
        onKeyDown={(e) => { if (e.key === "Escape") setOpen(false); }}
      />
      {visible && (
        <ul className="picker-options" role="listbox" id={`${id}-options`} data-testid={`${id}-options`}>
          {shown.map((o) => (
            <li
              key={o.value} role="option" aria-selected={o.value === text} data-testid={`${id}-option-${o.value}`}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => { e.preventDefault(); choose(o); }}
            >
              <span className="value">{o.value}</span>
              {o.label && <small>{o.label}</small>}
              {o.group && <small className="group">{o.group}</small>}
            </li>
          ))}
          {shown.length === 0 && <li className="empty" aria-disabled="true">No match on the server{text ? "; the typed value is kept" : ""}.</li>}
        </ul>
      )}
      {text && options !== null && !exact && !open && <small className="hint">Not on the server yet; kept as typed.</small>}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
