import { Temporal } from 'temporal-polyfill';
import { assert } from '../kernel/assert.ts';
import { seoulTimeZone } from '../kernel/civil-date.ts';

/**
 * Quiet hours: a span of Seoul wall-clock time (21:00–08:00 by default) in which non-urgent messages wait. A
 * message enqueued then is held until the span ends; urgent ones (a sign-in code, an escalation to an official)
 * go at once. Minutes after midnight; a span may wrap past midnight.
 */
export type QuietHours = { readonly startMinute: number; readonly endMinute: number };

export const defaultQuietHours: QuietHours = { startMinute: 21 * 60, endMinute: 8 * 60 };

const spanPattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** `21:00-08:00` → quiet hours; `off` → none; anything else → undefined (a configuration error). */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  if (text === 'off') return null;
  const match = spanPattern.exec(text);
  if (!match) return undefined;
  const startMinute = Number(match[1]) * 60 + Number(match[2]);
  const endMinute = Number(match[3]) * 60 + Number(match[4]);
  if (startMinute === endMinute) return undefined;
  return { startMinute, endMinute };
}

function seoulMinuteOfDay(instant: Date): number {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(seoulTimeZone);
  return zoned.hour * 60 + zoned.minute;
}

export function isQuiet(instant: Date, quiet: QuietHours): boolean {
  const minute = seoulMinuteOfDay(instant);
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

/** The earliest instant at or after `now` a message may go: `now` itself, or the end of the quiet span. Pure. */
export function sendableAt(now: Date, urgent: boolean, quiet: QuietHours | null): Date {
  if (urgent || quiet === null || !isQuiet(now, quiet)) return now;
  const zoned = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(seoulTimeZone);
  const minute = zoned.hour * 60 + zoned.minute;
  // The span ends today when we are past midnight inside a wrapping span (or in a span within one day).
  const endsToday = quiet.startMinute < quiet.endMinute || minute < quiet.endMinute;
  const endDay = endsToday ? zoned.toPlainDate() : zoned.toPlainDate().add({ days: 1 });
  const end = endDay
    .toZonedDateTime({
      timeZone: seoulTimeZone,
      plainTime: Temporal.PlainTime.from({ hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 }),
    })
    .toInstant();
  const at = new Date(end.epochMilliseconds);
  assert(at.getTime() > now.getTime(), 'the end of quiet hours lies ahead');
  return at;
}
