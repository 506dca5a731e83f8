/*
 * Calendar days in a person's own time zone, with nothing but Intl: a day starts at their
 * local midnight, and is 23 or 25 hours long where the clocks change.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant`, read as if it were UTC. */
function wallClock(instant: number, timeZone: string): number {
  const parts = partsFormat(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
}

/** The calendar date (`2026-11-23`) in `timeZone` at `instant`. */
export function zonedDate(instant: number, timeZone: string): string {
  return new Date(wallClock(instant, timeZone)).toISOString().slice(0, 10);
}

/** `date` moved by whole calendar days. */
export function addDays(date: string, days: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The instant `date` begins in `timeZone` (its local midnight). */
export function zonedMidnight(date: string, timeZone: string): number {
  const midnightAsUtc = Date.parse(`${date}T00:00:00.000Z`);
  // The zone's offset at a first guess, then at the instant that guess gives: right on both
  // sides of a clock change.
  let instant = midnightAsUtc;
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
    instant = midnightAsUtc - offset;
  }
  return instant;
}

/** The Monday of the calendar week `date` is in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
