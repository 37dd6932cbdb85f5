/** Local date/time in an IANA zone to and from ISO 8601 with the zone's offset at that moment. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

interface Fields { year: number; month: number; day: number; hour: number; minute: number; second: number }

function fieldsAt(zone: string, utcMs: number): Fields {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** Minutes the zone is ahead of UTC at that instant. */
export function offsetMinutes(zone: string, utcMs: number): number {
  const f = fieldsAt(zone, utcMs);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2025-03-30T09:00" in Europe/Paris → "2025-03-30T09:00:00+02:00"; null when the local text is not a date/time. */
export function toIsoWithOffset(local: string, zone: string): string | null {
  const m = localPattern.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // The offset depends on the instant, which depends on the offset: two passes settle it (also across DST changes).
  let offset = offsetMinutes(zone, wall);
  offset = offsetMinutes(zone, wall - offset * 60000);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${two(+(m[6] ?? 0))}${offsetText(offset)}`;
}

/** The wall-clock time (for a datetime-local input) of an ISO instant in a zone; null when the text is not ISO 8601. */
export function toLocalInZone(iso: string, zone: string): string | null {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return null;
  const f = fieldsAt(zone, ms);
  return `${f.year}-${two(f.month)}-${two(f.day)}T${two(f.hour)}:${two(f.minute)}`;
}

/** The offset written in an ISO text, in minutes; undefined when it has none (a local time). */
export function writtenOffset(iso: string): number | undefined {
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso);
  if (!m) return undefined;
  if (m[1] === "Z") return 0;
  return (m[2] === "-" ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
}

export function allZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** A zone that shows the stored instant with the offset it was written with: the preferred one if it fits, else UTC or the first that does. */
export function zoneFor(iso: string, preferred: string): string {
  const offset = writtenOffset(iso);
  const ms = Date.parse(iso);
  if (offset === undefined || Number.isNaN(ms)) return preferred;
  if (offsetMinutes(preferred, ms) === offset) return preferred;
  if (offset === 0) return "UTC";
  return allZones().find((z) => offsetMinutes(z, ms) === offset) ?? preferred;
}
