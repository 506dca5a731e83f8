import { useMemo } from 'react';

// Okabe–Ito's colour-blind-safe hues, darkened to at least 5:1 against white, ordered so the
// first four (most groups) stay apart for protanopia, deuteranopia and tritanopia alike.
export const PALETTE = [
  '#0072b2', // blue
  '#b34f00', // vermillion
  '#00785a', // bluish green
  '#a8457e', // reddish purple
  '#333333', // near-black
  '#8a5a00', // ochre
  '#5a3d99', // violet
  '#6b6500', // olive
] as const;

// The second cue besides colour: a shape per person, shown beside the name (presence, cursors,
// history legend). One more shape than colours, so a ninth member differs in shape at least.
export const MARKS = ['●', '▲', '■', '◆', '★', '✚', '▼', '✱', '⬟'] as const;

// The history's third cue: its underline, in the same order.
export const UNDERLINES = ['solid', 'double', 'dotted', 'dashed', 'wavy'] as const;

export interface AuthorStyle {
  readonly color: string;
  readonly mark: string;
  readonly underline: (typeof UNDERLINES)[number];
}

/** Someone's look in one document: the same for every reader of it. */
export type AuthorStyles = (userId: string) => AuthorStyle;

function styleAt(index: number): AuthorStyle {
  return {
    color: PALETTE[index % PALETTE.length] ?? PALETTE[0],
    mark: MARKS[index % MARKS.length] ?? MARKS[0],
    underline: UNDERLINES[index % UNDERLINES.length] ?? UNDERLINES[0],
  };
}

function hashOf(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash;
}

/**
 * Colours and marks for one document, from its members: the members sorted by id take the
 * palette in order, so no two members share a colour (up to eight) and every screen that knows
 * the same members agrees. Anyone else (the teacher, a tutor, a former member) gets one of the
 * slots the members left free, picked by a hash of their id.
 */
export function authorStyles(memberIds: readonly string[]): AuthorStyles {
  const members = [...new Set(memberIds)].sort();
  const slots = new Map(members.map((id, index) => [id, index]));
  const free = Math.max(PALETTE.length - members.length, 0);
  return (userId) => {
    const slot = slots.get(userId);
    if (slot !== undefined) return styleAt(slot);
    const hash = hashOf(userId);
    return styleAt(free > 0 ? members.length + (hash % free) : hash);
  };
}

/** A document without a known member list: everyone is a guest. */
export const guestStyles: AuthorStyles = authorStyles([]);

/** `authorStyles` kept across renders while the member list stays the same (editors depend on it). */
export function useAuthorStyles(memberIds: readonly string[] | null): AuthorStyles | undefined {
  const key = memberIds === null ? null : [...memberIds].sort().join(' ');
  return useMemo(
    () => (key === null ? undefined : authorStyles(key.split(' ').filter(Boolean))),
    [key],
  );
}
