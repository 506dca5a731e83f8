/** One contiguous replacement that turns `before` into `after`. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single change from `before` to `after` (common prefix and suffix kept).
 *
 * `caret` is where the caret sits in `after` once the edit is done. When the change is
 * ambiguous (typing "a" into "aa" could be at 0, 1 or 2) it places the change where the
 * person actually typed, so a concurrent edit nearby merges around their words, not inside.
 *
 * The change never splits a surrogate pair: Yjs would replace half an emoji with U+FFFD.
 */
export function diffText(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);

  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }

  let index = prefix;
  if (prefix + suffix > shorter && caret !== undefined) {
    // Any index in [shorter - suffix, prefix] yields an equally small change.
    const grown = Math.max(0, after.length - before.length);
    index = Math.min(prefix, Math.max(shorter - suffix, caret - grown));
  }
  let kept = Math.min(suffix, shorter - index);

  if (index > 0 && isHighSurrogate(before.charCodeAt(index - 1))) index--;
  if (kept > 0 && isLowSurrogate(before.charCodeAt(before.length - kept))) kept--;

  return {
    index,
    deleteCount: before.length - index - kept,
    insert: after.slice(index, after.length - kept),
  };
}

/** Applies a change to a string; the inverse of `diffText`, used by tests and checks. */
export function applyChange(text: string, change: TextChange): string {
  return (
    text.slice(0, change.index) + change.insert + text.slice(change.index + change.deleteCount)
  );
}
