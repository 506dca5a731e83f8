import * as Y from 'yjs';
import type { CommentAnchorValue } from '@commonplace/shared';

/** A place in the shared document: a Yjs type (the paragraph's text) and an index in it. */
export interface TextPlace {
  readonly type: Y.AbstractType<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any shared type: Y.XmlText, Y.XmlFragment
  readonly index: number;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * The anchor of a passage from `start` (its first character) to `end` (just after its last),
 * as two Yjs relative positions: the start sticks to the passage's first character (text
 * typed just before it stays outside), the end to its last one (text typed just after it
 * stays outside), and anything typed between them is inside. Edits anywhere, by anyone, in
 * any order, leave them on the same characters.
 */
export function anchorOf(start: TextPlace, end: TextPlace): CommentAnchorValue {
  return {
    start: toBase64(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(start.type, start.index, 0)),
    ),
    end: toBase64(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)),
    ),
  };
}

/** Where the anchor's two ends are in `doc` now, or null when they cannot be read in it. */
export function placesOf(
  doc: Y.Doc,
  anchor: CommentAnchorValue,
): {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  from: Y.AbsolutePosition;
  to: Y.AbsolutePosition;
} | null {
  try {
    const start = Y.decodeRelativePosition(fromBase64(anchor.start));
    const end = Y.decodeRelativePosition(fromBase64(anchor.end));
    const from = Y.createAbsolutePositionFromRelativePosition(start, doc);
    const to = Y.createAbsolutePositionFromRelativePosition(end, doc);
    return from && to ? { start, end, from, to } : null;
  } catch {
    // Not a relative position (or one from a document this browser has not received yet).
    return null;
  }
}
