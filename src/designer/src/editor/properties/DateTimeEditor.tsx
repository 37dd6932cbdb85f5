import { useMemo, useState } from "react";
import { asText } from "./inputValue";
import type { EditorProps } from "./editorProps";
import { allZones, browserZone, toIsoWithOffset, toLocalInZone, zoneFor } from "./zonedTime";

/** A local date/time and an IANA zone; stored as ISO 8601 with the zone's offset at that moment. */
export function DateTimeEditor({ id, value, onChange }: EditorProps) {
  const stored = asText(value);
  const zones = useMemo(allZones, []);
  const [chosenZone, setChosenZone] = useState(() => zoneFor(stored, browserZone()));
  const zone = stored ? zoneFor(stored, chosenZone) : chosenZone;
  const local = stored ? toLocalInZone(stored, zone) : "";
  const unreadable = stored !== "" && local === null;

  function write(nextLocal: string, nextZone: string) {
    if (nextLocal === "") return onChange("");
    const iso = toIsoWithOffset(nextLocal, nextZone);
    if (iso) onChange(iso);
  }

  return (
    <div className="datetime-editor">
      <input id={id} data-testid={id} type="datetime-local" value={local ?? ""} onChange={(e) => write(e.target.value, zone)} />
      <select data-testid={`${id}-zone`} aria-label="Time zone" value={zone} onChange={(e) => { setChosenZone(e.target.value); if (local) write(local, e.target.value); }}>
        {zones.map((z) => <option key={z}>{z}</option>)}
      </select>
      {stored && !unreadable && <small className="code" data-testid={`${id}-iso`}>{stored}</small>}
      {unreadable && <span className="field-error">'{stored}' is not an ISO 8601 date and time; pick one to replace it.</span>}
    </div>
  );
}
