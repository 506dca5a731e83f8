import { describe, expect, it } from '@jest/globals';
import { CreateGroupRequestSchema } from './classrooms.js';
import { NameSchema } from './common.js';
import { CreatePostRequestSchema } from './inquiry.js';
import { NUL_MESSAGE, normaliseText } from './text.js';

const messagesOf = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('normalising text people type', () => {
  it('folds full-width letters and ligatures to the letters they show (NFKC)', () => {
    expect(normaliseText('Ｏｔｔｅｒｓ ﬁsh')).toBe('Otters fish');
  });

  it('removes zero-width spaces, bidi overrides and isolates, and byte-order marks', () => {
    expect(normaliseText('O\u200Btters\u202E\u2066 \uFEFFgroup\u2069\u202C')).toBe('Otters group');
  });

  it('keeps the joiners Persian and Indic words and emoji need', () => {
    expect(normaliseText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(normaliseText('क्\u200Dष')).toBe('क्\u200Dष');
    expect(normaliseText('👩\u200D🏫')).toBe('👩\u200D🏫');
  });

  it('drops a joiner put between Latin letters to make a look-alike name', () => {
    expect(normaliseText('A\u200Cn\u200Da')).toBe('Ana');
  });
});

describe('names', () => {
  it('stores a group name normalised', () => {
    expect(CreateGroupRequestSchema.parse({ name: '  \u202EＯｔｔｅｒｓ\u200B ' })).toEqual({
      name: 'Otters',
    });
  });

  it('refuses a name of zero-width spaces only, as if it were empty', () => {
    const result = NameSchema.safeParse('\u200B\u200B\u200B');
    expect(result.success).toBe(false);
    expect(messagesOf(result)).toContain('Give it a name.');
  });

  it('refuses a name of invisible fillers', () => {
    expect(NameSchema.safeParse('\u3164\u3164').success).toBe(false);
  });

  it('refuses a name with a NUL, saying so', () => {
    const result = NameSchema.safeParse('Otters\u0000');
    expect(messagesOf(result)).toEqual([NUL_MESSAGE]);
  });

  it('refuses a name with a line break or an escape code inside', () => {
    expect(NameSchema.safeParse('Otters\nHerons').success).toBe(false);
    expect(NameSchema.safeParse('Otters\u001B[2J').success).toBe(false);
  });

  it('accepts names in any script, and emoji', () => {
    expect(NameSchema.parse('Ōtautahi 🦦')).toBe('Ōtautahi 🦦');
    expect(NameSchema.parse('مجموعة القنادس')).toBe('مجموعة القنادس');
  });
});

describe('posts and comments', () => {
  it('keeps line breaks, normalises the rest, and refuses an invisible post', () => {
    expect(
      CreatePostRequestSchema.parse({ kind: 'discussion', text: 'We saw\r\n３ herons\u200B.' })
        .text,
    ).toBe('We saw\n3 herons.');
    const invisible = CreatePostRequestSchema.safeParse({
      kind: 'discussion',
      text: '\u200B\u2060',
    });
    expect(messagesOf(invisible)).toContain('Write something first.');
  });

  it('refuses NUL and other control characters in a post', () => {
    expect(
      messagesOf(CreatePostRequestSchema.safeParse({ kind: 'discussion', text: 'a\u0000b' })),
    ).toEqual([NUL_MESSAGE]);
    expect(
      CreatePostRequestSchema.safeParse({ kind: 'discussion', text: 'a\u0007b' }).success,
    ).toBe(false);
  });
});
