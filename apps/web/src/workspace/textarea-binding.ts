import * as Y from 'yjs';
import { diffText } from './text-diff';
import {
  applyTextChange,
  captureSelection,
  caretAfterDelta,
  resolveSelection,
} from './ytext-binding';
import type { RelativeSelection, SelectionRange } from './ytext-binding';

function readSelection(textarea: HTMLTextAreaElement): SelectionRange {
  return {
    start: textarea.selectionStart,
    end: textarea.selectionEnd,
    direction: textarea.selectionDirection ?? 'none',
  };
}

/**
 * Binds a plain <textarea> to a Y.Text in both directions and returns the unbinding.
 *
 * Local input becomes one minimal insert/delete transaction. Remote changes rewrite the
 * value and put the caret back where it was relative to the surrounding text. Undo and
 * redo go through a Y.UndoManager so they only ever revert this person's own edits; the
 * browser's native undo would be wiped by every remote change.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, ytext: Y.Text): () => void {
  const doc = ytext.doc;
  if (!doc) throw new Error('The Y.Text must belong to a Y.Doc before it can be bound.');

  const localOrigin = { binding: 'textarea' };
  const undoManager = new Y.UndoManager(ytext, { trackedOrigins: new Set([localOrigin]) });
  let anchored: RelativeSelection | null = null;

  textarea.value = ytext.toString();

  const onBeforeTransaction = (transaction: Y.Transaction) => {
    // Anchor the selection while the textarea still matches the document, before the change lands.
    if (transaction.origin !== localOrigin)
      anchored = captureSelection(ytext, readSelection(textarea));
  };

  const onTextChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === localOrigin) return;
    const scrollTop = textarea.scrollTop;
    textarea.value = ytext.toString();
    const caret = transaction.origin === undoManager ? caretAfterDelta(event.delta) : null;
    const selection =
      caret !== null
        ? { start: caret, end: caret, direction: 'none' as const }
        : anchored && resolveSelection(ytext, anchored);
    if (selection) textarea.setSelectionRange(selection.start, selection.end, selection.direction);
    // Rewriting the value can jump the scroll position; someone else's edit must not move your view.
    if (caret === null) textarea.scrollTop = scrollTop;
  };

  const onInput = () => {
    const change = diffText(ytext.toString(), textarea.value, textarea.selectionEnd);
    if (change) applyTextChange(ytext, change, localOrigin);
  };

  const runHistory = (inputType: string): boolean => {
    if (textarea.readOnly) return false;
    if (inputType === 'historyUndo') undoManager.undo();
    else if (inputType === 'historyRedo') undoManager.redo();
    else return false;
    return true;
  };

  // Keyboard shortcuts and the Edit menu both arrive as beforeinput with a history input type.
  const onBeforeInput = (event: InputEvent) => {
    if (runHistory(event.inputType)) event.preventDefault();
  };

  // Chromium does not always send beforeinput for undo in a textarea whose native history is empty.
  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const inputType =
      key === 'z'
        ? event.shiftKey
          ? 'historyRedo'
          : 'historyUndo'
        : key === 'y'
          ? 'historyRedo'
          : null;
    if (inputType && runHistory(inputType)) event.preventDefault();
  };

  doc.on('beforeTransaction', onBeforeTransaction);
  ytext.observe(onTextChange);
  textarea.addEventListener('input', onInput);
  textarea.addEventListener('beforeinput', onBeforeInput);
  textarea.addEventListener('keydown', onKeyDown);

  return () => {
    doc.off('beforeTransaction', onBeforeTransaction);
    ytext.unobserve(onTextChange);
    textarea.removeEventListener('input', onInput);
    textarea.removeEventListener('beforeinput', onBeforeInput);
    textarea.removeEventListener('keydown', onKeyDown);
    undoManager.destroy();
  };
}
