/**
 * A value written into a log line, with every control character (C0, DEL, C1)
 * and bidi control shown as an escape: a doc id or name holding `\n` or
 * `\x1b[2J` can then neither start a forged line of its own nor repaint the
 * terminal. The frames of a stack trace (a line break before `    at `) stay on
 * their own lines.
 */
export function escapeLogText(text: string): string {
  return text.replace(UNSAFE_IN_LOG, (character: string, offset: number, whole: string) => {
    if (character === '\n' && STACK_FRAME.test(whole.slice(offset + 1, offset + 16))) return '\n';
    return escapeOf(character);
  });
}

const UNSAFE_IN_LOG = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const STACK_FRAME = /^\s+at /;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOf(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}
