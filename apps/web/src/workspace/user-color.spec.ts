import { describe, expect, it } from '@jest/globals';
import { authorStyles, PALETTE } from './user-color';

describe('authors’ colours in one document', () => {
  it('gives every member a different colour and mark, up to the palette’s size', () => {
    const members = ['u-ben', 'u-ana', 'u-cleo', 'u-dev', 'u-eli', 'u-fay', 'u-gus', 'u-hal'];
    const styleOf = authorStyles(members);
    const looks = members.map(styleOf);
    expect(new Set(looks.map((look) => look.color)).size).toBe(PALETTE.length);
    expect(new Set(looks.map((look) => look.mark)).size).toBe(PALETTE.length);
  });

  it('does not depend on the order the members are listed in', () => {
    const one = authorStyles(['u-ana', 'u-ben', 'u-cleo']);
    const other = authorStyles(['u-cleo', 'u-ana', 'u-ben', 'u-ana']);
    for (const id of ['u-ana', 'u-ben', 'u-cleo', 'u-teacher']) expect(other(id)).toEqual(one(id));
  });

  it('keeps two members apart even where their ids hash alike', () => {
    // Under the old hash of the id into 8 colours, these two ids shared one.
    const styleOf = authorStyles(['ana', 'eve']);
    expect(styleOf('ana').color).not.toBe(styleOf('eve').color);
  });

  it('gives a non-member (a teacher, a tutor) a colour no member has while one is free', () => {
    const members = ['u-ana', 'u-ben', 'u-cleo'];
    const styleOf = authorStyles(members);
    const taken = new Set(members.map((id) => styleOf(id).color));
    for (const outsider of ['u-teacher', 'u-tutor', 'u-mentor-sam']) {
      expect(taken.has(styleOf(outsider).color)).toBe(false);
      expect(styleOf(outsider)).toEqual(styleOf(outsider));
    }
  });

  it('gives a ninth member a shape of their own when colours run out', () => {
    const members = Array.from({ length: 9 }, (_, index) => `u-${index}`);
    const styleOf = authorStyles(members);
    const pairs = members.map((id) => `${styleOf(id).color}${styleOf(id).mark}`);
    expect(new Set(pairs).size).toBe(9);
  });
});
