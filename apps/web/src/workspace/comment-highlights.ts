import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { CommentAnchorValue } from '@commonplace/shared';
import { anchorOf, placesOf } from './comment-anchor';

/** The open threads' anchors the editor highlights, and the one the reader is looking at. */
export interface HighlightSource {
  threads: ReadonlyArray<{ threadId: string; anchor: CommentAnchorValue }>;
  active: string | null;
}

const key = new PluginKey<null>('commentHighlights');

interface SyncState {
  doc: Y.Doc;
  binding?: { type: Y.XmlFragment; mapping: Map<unknown, unknown> } | null;
}

function syncOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

/** Where a thread's passage is in the editor now, or null if it is gone (or not synced yet). */
export function rangeOf(
  state: EditorState,
  anchor: CommentAnchorValue,
): { from: number; to: number } | null {
  const sync = syncOf(state);
  if (!sync?.binding) return null;
  const places = placesOf(sync.doc, anchor);
  if (!places) return null;
  const { type, mapping } = sync.binding;
  const from = relativePositionToAbsolutePosition(sync.doc, type, places.start, mapping as never);
  const to = relativePositionToAbsolutePosition(sync.doc, type, places.end, mapping as never);
  if (from === null || to === null || to <= from) return null;
  return { from, to: Math.min(to, state.doc.content.size) };
}

/**
 * The selected passage as an anchor and its text, or null when nothing is selected. In a
 * read-only document (a teacher's view) the editor keeps no selection of its own, so the
 * browser's selection inside it is read instead.
 */
export function selectedPassage(
  editor: Editor,
): { anchor: CommentAnchorValue; quote: string } | null {
  const { state, view } = editor;
  let { from, to } = state.selection;
  if (from === to) {
    const dom = typeof window === 'undefined' ? null : window.getSelection();
    if (!dom || dom.rangeCount === 0 || dom.isCollapsed) return null;
    const range = dom.getRangeAt(0);
    if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) {
      return null;
    }
    try {
      from = view.posAtDOM(range.startContainer, range.startOffset);
      to = view.posAtDOM(range.endContainer, range.endOffset);
    } catch {
      return null;
    }
    if (to < from) [from, to] = [to, from];
  }
  const sync = syncOf(state);
  if (from === to || !sync?.binding) return null;
  const quote = state.doc.textBetween(from, to, '\n').trim();
  if (quote === '') return null;
  const { type, mapping } = sync.binding;
  const place = (pos: number) => {
    const relative = absolutePositionToRelativePosition(
      pos,
      type,
      mapping as never,
    ) as Y.RelativePosition;
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, sync.doc);
    return absolute ? { type: absolute.type, index: absolute.index } : null;
  };
  const start = place(from);
  const end = place(to);
  if (!start || !end) return null;
  return { anchor: anchorOf(start, end), quote: quote.slice(0, 1000) };
}

/**
 * Tints every open thread's passage where it is now: the anchors are resolved again on
 * every change, so a passage others edit around (or inside) keeps its highlight.
 */
export function commentHighlights(source: { current: HighlightSource }) {
  return Extension.create({
    name: 'commentHighlights',
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key,
          props: {
            decorations(state) {
              const decorations: Decoration[] = [];
              for (const thread of source.current.threads) {
                const range = rangeOf(state, thread.anchor);
                if (!range) continue;
                const active = thread.threadId === source.current.active;
                decorations.push(
                  Decoration.inline(range.from, range.to, {
                    class: active ? 'comment-anchor comment-anchor-active' : 'comment-anchor',
                    'data-thread': thread.threadId,
                  }),
                );
              }
              return DecorationSet.create(state.doc, decorations);
            },
          },
        }),
      ];
    },
  });
}

/** Asks the editor to draw the highlights again (the threads changed, not the document). */
export function redrawHighlights(editor: Editor): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(key, 'redraw').setMeta('addToHistory', false));
}
