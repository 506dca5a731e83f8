import * as Y from 'yjs';
import type { TextChange } from './text-diff';

export interface SelectionRange {
  start: number;
  end: number;
  direction: 'forward' | 'backward' | 'none';
}

export interface RelativeSelection {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  direction: SelectionRange['direction'];
}

/** Applies a local edit as one transaction, so it travels as one update with one author. */
export function applyTextChange(ytext: Y.Text, change: TextChange, origin: unknown): void {
  const apply = () => {
    if (change.deleteCount > 0) ytext.delete(change.index, change.deleteCount);
    if (change.insert.length > 0) ytext.insert(change.index, change.insert);
  };
  if (ytext.doc) ytext.doc.transact(apply, origin);
  else apply();
}

/**
 * Anchors a selection to the characters around it, so it survives edits made elsewhere.
 *
 * A caret sticks to the character before it (assoc -1): when two people type at the same
 * spot, each caret stays after its own words instead of being pushed past the other's,
 * which would interleave their letters. A range keeps its ends inside the selected text
 * so text inserted at either edge is not swept into the selection.
 */
export function captureSelection(ytext: Y.Text, selection: SelectionRange): RelativeSelection {
  const end = Y.createRelativePositionFromTypeIndex(ytext, selection.end, -1);
  const start =
    selection.start === selection.end
      ? end
      : Y.createRelativePositionFromTypeIndex(ytext, selection.start, 0);
  return { start, end, direction: selection.direction };
}

/** Where an anchored selection is now, or null if the document it belongs to is gone. */
export function resolveSelection(
  ytext: Y.Text,
  selection: RelativeSelection,
): SelectionRange | null {
  const doc = ytext.doc;
  if (!doc) return null;
  const start = Y.createAbsolutePositionFromRelativePosition(selection.start, doc);
  const end = Y.createAbsolutePositionFromRelativePosition(selection.end, doc);
  if (!start || !end || start.type !== ytext || end.type !== ytext) return null;
  // Deleting the whole selection can leave its ends crossed; collapse it instead.
  return {
    start: Math.min(start.index, end.index),
    end: end.index,
    direction: selection.direction,
  };
}

/** Where the caret belongs after an undo or redo: at the end of what it put back or removed. */
export function caretAfterDelta(delta: Y.YTextEvent['delta']): number | null {
  let index = 0;
  let caret: number | null = null;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (typeof op.insert === 'string') {
      index += op.insert.length;
      caret = index;
    } else if (op.delete !== undefined) caret = index;
  }
  return caret;
}
