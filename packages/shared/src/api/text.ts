import { z } from 'zod';

/**
 * Text people type (names, posts, comments) is normalised the same way in the
 * browser and on the server, before it is stored or checked:
 *
 * - NFKC, so a full-width `Ａｎａ` or a ligature is stored as the letters it shows;
 * - invisible format characters removed (zero-width spaces, bidi embeddings,
 *   overrides and isolates, soft hyphens, byte-order marks): they make a name
 *   that looks empty, or one that looks like someone else's, or flip the
 *   direction of whatever is shown after it. The joiners some scripts need
 *   (U+200C/U+200D between two non-Latin letters, and U+200D inside an emoji
 *   such as 👩‍🏫) are kept;
 * - NUL refused outright: no store can keep it, and nobody types it.
 */

/** Zero-width and bidi controls, and every other invisible format character (category Cf). */
const FORMAT_CHARACTER = /\p{Cf}/gu;
/** Fillers that render as nothing although Unicode calls them letters or symbols. */
const INVISIBLE_FILLER = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;
const JOINER_BETWEEN_LETTERS =
  /(?<=(?!\p{Script=Latin})\p{L}\p{M}*)[\u200C\u200D](?=(?!\p{Script=Latin})\p{L})/u;
const JOINER_IN_EMOJI =
  /(?<=\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/u;
/** Something a person can see: a letter, digit, symbol (emoji included) or punctuation. */
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;
/** Control characters other than tab and line breaks. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const CONTROL = /\p{Cc}/u;

export const NUL_MESSAGE = 'The text contains a NUL character (\\u0000). Remove it and try again.';

/** NFKC, and invisible format characters removed (see above). Does not trim. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_CHARACTER, (character: string, offset: number, whole: string) =>
      keepsJoiner(whole, offset, character) ? character : '',
    )
    .replace(INVISIBLE_FILLER, '');
}

function keepsJoiner(text: string, at: number, character: string): boolean {
  if (character !== '\u200C' && character !== '\u200D') return false;
  const probe = (pattern: RegExp) => {
    const sticky = new RegExp(pattern.source, 'yu');
    sticky.lastIndex = at;
    return sticky.test(text);
  };
  return probe(JOINER_BETWEEN_LETTERS) || (character === '\u200D' && probe(JOINER_IN_EMOJI));
}

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

interface NameOptions {
  /** Shown when nothing visible is left. */
  readonly empty: string;
  readonly max: number;
  readonly tooLong: string;
}

/**
 * A one-line name (of a classroom, group, person, school, project): normalised,
 * trimmed, refused when nothing visible is left ("\u200B\u200B" is not a name)
 * or when it holds control characters such as line breaks.
 */
export function nameSchema({ empty, max, tooLong }: NameOptions) {
  return z
    .string()
    .refine((text) => !hasNul(text), { message: NUL_MESSAGE, abort: true })
    .overwrite(normaliseText)
    .trim()
    .refine((text) => !CONTROL.test(text), {
      message: 'Keep it on one line, without control characters.',
      abort: true,
    })
    .min(1, empty)
    .max(max, tooLong)
    .refine((text) => text.length === 0 || VISIBLE.test(text), {
      message: `${empty} It needs at least one visible letter, digit or symbol.`,
    });
}

interface TextOptions {
  /** Shown when the text is required and nothing visible is left; absent: empty text is fine. */
  readonly empty?: string;
  readonly max: number;
  readonly tooLong: string;
}

/**
 * Free text (a post, comment, note, journal entry): normalised like names, line
 * breaks kept (as `\n`), other control characters refused.
 */
export function textSchema({ empty, max, tooLong }: TextOptions) {
  const normalised = z
    .string()
    .refine((text) => !hasNul(text), { message: NUL_MESSAGE, abort: true })
    .overwrite((text) => normaliseText(text).replace(/\r\n?/g, '\n'))
    .trim()
    .refine((text) => !CONTROL_IN_TEXT.test(text), {
      message: 'The text contains control characters. Remove them and try again.',
      abort: true,
    });
  if (empty === undefined) return normalised.max(max, tooLong);
  return normalised
    .min(1, empty)
    .max(max, tooLong)
    .refine((text) => text.length === 0 || VISIBLE.test(text), { message: empty });
}
