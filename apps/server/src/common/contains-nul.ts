/**
 * Whether any string in a parsed JSON value (keys included) holds a NUL: neither
 * PostgreSQL nor PGlite can store one in text, so it would fail deep inside a
 * query. Walks with its own stack, so a deeply nested body cannot overflow ours.
 */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

export const NUL_REFUSAL_MESSAGE =
  'The request contains a NUL character (\\u0000), which no text here can hold. Remove it and try again.';
