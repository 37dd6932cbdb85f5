/** A .NET TimeSpan as Elsa writes it ("c" format): [-][d.]hh:mm:ss[.fffffff]. */
export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const pattern = /^(\d+\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d{1,7})?)?$/;

/** Null when the text is not a duration in .NET's TimeSpan format (negative durations are not waits). */
export function parseDuration(text: string): DurationParts | null {
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const days = match[1] ? Number(match[1].slice(0, -1)) : 0;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = Number(match[4] ?? 0) + Number(match[5] ?? 0);
  if (hours > 23 || minutes > 59 || seconds >= 60) return null;
  return { days, hours, minutes, seconds };
}

export function totalSeconds(parts: DurationParts): number {
  return ((parts.days * 24 + parts.hours) * 60 + parts.minutes) * 60 + parts.seconds;
}

/** Friendly fields may overflow (90 minutes); the stored text is always normalized. */
export function formatDuration(parts: DurationParts): string {
  let rest = Math.max(0, Math.round(totalSeconds(parts)));
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  rest = (rest - minutes) / 60;
  const hours = rest % 24;
  const days = (rest - hours) / 24;
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = `${two(hours)}:${two(minutes)}:${two(seconds)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

export const durationFormatHint = "Use d.hh:mm:ss or hh:mm:ss, e.g. 2.00:00:00 for two days or 00:30:00 for half an hour.";
