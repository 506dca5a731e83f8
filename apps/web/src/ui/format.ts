// Dates and numbers are written the way the browser's locale writes them; the words around
// them are English for now (issue 7 brings one i18n layer).
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null): string {
  const date = iso ? parsed(iso) : null;
  return date ? dateTime.format(date) : 'unknown time';
}

export function formatDate(iso: string | null): string {
  const date = iso ? parsed(iso) : null;
  return date ? dateOnly.format(date) : 'no date';
}

export function formatPercent(share: number): string {
  return percent.format(share);
}

/** "12 min", "1 h 5 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A <input type="datetime-local"> value (local time) as an ISO instant, or '' if unreadable. */
export function localInputToIso(value: string): string {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

/** An ISO instant as a <input type="datetime-local"> value in the browser's time zone. */
export function isoToLocalInput(iso: string): string {
  const date = parsed(iso);
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
