import { useEffect, useState } from "react";
import { durationFormatHint, formatDuration, parseDuration, totalSeconds, type DurationParts } from "./duration";
import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";

const units: { key: keyof DurationParts; label: string }[] = [
  { key: "days", label: "Days" },
  { key: "hours", label: "Hours" },
  { key: "minutes", label: "Minutes" },
  { key: "seconds", label: "Seconds" },
];

/** The TimeSpan text and friendly day/hour/minute/second fields, each updating the other. */
export function DurationEditor({ id, value, onChange }: EditorProps) {
  const stored = asText(value);
  const [text, setText] = useState(stored);
  useEffect(() => {
    // Keep what the user is typing unless the stored duration really changed (undo, the friendly fields).
    const typed = parseDuration(text);
    const current = parseDuration(stored);
    if (!typed || !current || totalSeconds(typed) !== totalSeconds(current)) setText(stored);
  }, [stored]);

  const parsed = parseDuration(text);
  const invalid = text.trim() !== "" && parsed === null;
  const parts = parsed ?? { days: 0, hours: 0, minutes: 0, seconds: 0 };

  function typeText(next: string) {
    setText(next);
    if (next.trim() === "") onChange("");
    else if (parseDuration(next)) onChange(next.trim());
  }

  function setUnit(key: keyof DurationParts, raw: string) {
    const n = raw === "" ? 0 : Number(raw);
    if (!Number.isFinite(n) || n < 0) return;
    const next = formatDuration({ ...parts, [key]: n });
    setText(next);
    onChange(next);
  }

  return (
    <div className="duration-editor">
      <div className="duration-units">
        {units.map((u) => (
          <label key={u.key}>
            <input
              type="number" min={0} data-testid={`${id}-${u.key}`} aria-label={u.label}
              value={parsed || text.trim() === "" ? String(parts[u.key]) : ""} disabled={invalid}
              onChange={(e) => setUnit(u.key, e.target.value)}
            />
            <span>{u.label}</span>
          </label>
        ))}
      </div>
      <input id={id} data-testid={id} className="code" placeholder="d.hh:mm:ss" value={text} aria-invalid={invalid} onChange={(e) => typeText(e.target.value)} />
      {invalid && <span className="field-error" data-testid={`${id}-error`}>{durationFormatHint}</span>}
    </div>
  );
}
