import { describe, expect, it } from '@jest/globals';
import { applyChange, diffText } from './text-diff';

describe('diffText', () => {
  it('returns null when nothing changed', () => {
    expect(diffText('same', 'same')).toBeNull();
  });

  it('finds a typed character in the middle', () => {
    expect(diffText('helo world', 'hello world')).toEqual({
      index: 3,
      deleteCount: 0,
      insert: 'l',
    });
  });

  it('finds a deletion', () => {
    expect(diffText('hello world', 'hello')).toEqual({ index: 5, deleteCount: 6, insert: '' });
  });

  it('finds a replaced selection as one delete and insert', () => {
    expect(diffText('the cat sat', 'the dog sat')).toEqual({
      index: 4,
      deleteCount: 3,
      insert: 'dog',
    });
  });

  it('handles typing into and clearing an empty document', () => {
    expect(diffText('', 'Hi')).toEqual({ index: 0, deleteCount: 0, insert: 'Hi' });
    expect(diffText('Hi', '')).toEqual({ index: 0, deleteCount: 2, insert: '' });
  });

  it('places an ambiguous insertion where the caret says it was typed', () => {
    // "aa" -> "aaa": typed at the start, the caret ends at 1.
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, deleteCount: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
  });

  it('places an ambiguous deletion where the caret says it happened', () => {
    // "abbb" -> "abb": a backspace after the first "b" leaves the caret at 1.
    expect(diffText('abbb', 'abb', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' });
    expect(diffText('abbb', 'abb', 3)).toEqual({ index: 3, deleteCount: 1, insert: '' });
  });

  it('ignores a caret hint that is out of range', () => {
    expect(diffText('aa', 'aaa', 99)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', -5)).toEqual({ index: 0, deleteCount: 0, insert: 'a' });
  });

  it('never splits an emoji between its surrogate halves', () => {
    // 😀 and 😁 share their high surrogate; a naive prefix would keep half of it.
    const change = diffText('a😀b', 'a😁b');
    expect(change).toEqual({ index: 1, deleteCount: 2, insert: '😁' });
  });

  it('never splits a surrogate pair at the end of the change either', () => {
    // 🙂 (U+1F642) and 𝑂 (U+1D442) share their low surrogate.
    const change = diffText('x🙂', 'x𝑂');
    expect(change).toEqual({ index: 1, deleteCount: 2, insert: '𝑂' });
  });

  it('round-trips arbitrary edits', () => {
    const samples: Array<[string, string, number?]> = [
      ['', ''],
      ['abc', 'abcabc', 6],
      ['abcabc', 'abc', 0],
      ['line one\nline two', 'line one\nline 2\nline three', 10],
      ['👩‍👩‍👧 family', '👩‍👩‍👦 family'],
      ['ééé', 'éé', 1],
    ];
    for (const [before, after, caret] of samples) {
      const change = diffText(before, after, caret);
      expect(change === null ? before : applyChange(before, change)).toBe(after);
    }
  });
});
