import { currentLanguage, i18n } from '../i18n/i18n';

// Dates and numbers are written the way the chosen language writes them ("3 mar 2030" in
// Spanish), through Intl; the words around them come from the common catalogue.

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(style: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const language = currentLanguage();
  const key = `${style}:${language}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      language,
      style === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
    );
    cache.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

/** The common string for key, or the English fallback when i18n has not started (unit tests). */
function word(key: string, fallback: string, values: Record<string, number> = {}): string {
  return i18n.isInitialized ? i18n.t(key, { ns: 'common', ...values }) : fallback;
}

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null): string {
  const date = iso ? parsed(iso) : null;
  return date ? dateFormat('dateTime').format(date) : word('format.unknownTime', 'unknown time');
}

export function formatDate(iso: string | null): string {
  const date = iso ? parsed(iso) : null;
  return date ? dateFormat('date').format(date) : word('format.noDate', 'no date');
}

export function formatPercent(share: number): string {
  return new Intl.NumberFormat(currentLanguage(), {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(share);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLanguage()).format(value);
}

/** "12 min", "1 h 5 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return word('format.underAMinute', 'under a minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return word('format.minutes', `${minutes} min`, { minutes });
  return rest === 0
    ? word('format.hours', `${hours} h`, { hours })
    : word('format.hoursMinutes', `${hours} h ${rest} min`, { hours, minutes: rest });
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
