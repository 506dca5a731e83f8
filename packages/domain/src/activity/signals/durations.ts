const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function minutes(count: number): number {
  return count * MINUTE;
}

export function ms(iso: string): number {
  return Date.parse(iso);
}

/** “less than a minute”, “1 minute”, “12 minutes”, “3 hours”, “2 days”: for reasons a teacher reads. */
export function describeDuration(durationMs: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (durationMs < MINUTE) return 'less than a minute';
  if (durationMs < HOUR) return plural(Math.floor(durationMs / MINUTE), 'minute');
  if (durationMs < DAY) return plural(Math.floor(durationMs / HOUR), 'hour');
  return plural(Math.floor(durationMs / DAY), 'day');
}

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Sorted, non-overlapping union of spans. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.from <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else merged.push(span);
  }
  return merged;
}

/** Intersection of two unions (each sorted and non-overlapping). */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const result: Span[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (to > from) result.push({ from, to });
    }
  }
  return union(result);
}

export function total(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + (s.to - s.from), 0);
}
