/** Half of a UTF-16 surrogate pair without its other half: no valid UTF-8 encodes it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null. */
function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return NUL_REFUSAL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return LONE_SURROGATE_MESSAGE;
  return null;
}

/**
 * Why a parsed JSON value (keys included) holds text no store here can keep,
 * or null: a NUL (neither PostgreSQL nor PGlite can store one in text), or a
 * lone surrogate (`"\ud800"` is valid JSON, but PostgreSQL refuses it in jsonb
 * and has no UTF-8 for it in text). Either would fail deep inside a query.
 * Walks with its own stack, so a deeply nested body cannot overflow ours.
 */
export function unstorableTextIn(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      const reason = unstorable(next);
      if (reason !== null) return reason;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        const reason = unstorable(key);
        if (reason !== null) return reason;
        pending.push(item);
      }
    }
  }
  return null;
}

export const NUL_REFUSAL_MESSAGE =
  'The request contains a NUL character (\\u0000), which no text here can hold. Remove it and try again.';
export const LONE_SURROGATE_MESSAGE =
  'The request contains half of a character (a lone UTF-16 surrogate such as \\ud800), which no text here can hold. Remove it and try again.';
