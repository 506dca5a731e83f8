import { useEffect, useRef } from 'react';
import { Extension } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { WORKSPACE_FRAGMENT } from '@commonplace/shared';
import type { HighlightSource } from './comment-highlights';
import { commentHighlights } from './comment-highlights';
import { CommentsPanel } from './comments-panel';
import { EditorToolbar } from './editor-toolbar';
import type { CollabSession } from './use-collab-doc';
import type { AuthorStyles } from './user-color';
import { guestStyles } from './user-color';
import { SAFE_LINK_PROTOCOLS, safeLinkHref } from './safe-link';
import { i18n } from '../i18n/i18n';

export interface RichTextEditorProps {
  session: CollabSession;
  user: { id: string; name: string };
  editable: boolean;
  /** Id of the visible element that names the document. */
  labelledBy: string;
  describedBy?: string;
  /** Everyone's colour and mark in this document, the same as in "who is here". */
  styles?: AuthorStyles;
  /** The document's comments (server-decided access), shown beside it; none without. */
  commentsOn?: string | null;
}

/**
 * The group's document: Tiptap bound to the shared Y.XmlFragment, with everyone's caret.
 * Loaded on demand (its own chunk), so pages without a document never download ProseMirror.
 */
export default function RichTextEditor({
  session,
  user,
  editable,
  labelledBy,
  describedBy,
  styles = guestStyles,
  commentsOn = null,
}: RichTextEditorProps) {
  const { ydoc, provider } = session;
  const highlights = useRef<HighlightSource>({ threads: [], active: null });
  const { id: userId, name: userName } = user;
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          // Yjs keeps the undo history, per person: undoing must never undo a classmate's words.
          // The Collaboration extension's undo (Mod-z, the toolbar's Undo) tracks this browser's
          // own changes only, and remote updates never enter its stack.
          undoRedo: false,
          heading: { levels: [2, 3] },
          link: {
            openOnClick: false,
            autolink: true,
            protocols: [...SAFE_LINK_PROTOCOLS],
            defaultProtocol: 'https',
            // Pasted, typed or received from a classmate's browser: only http, https and mailto.
            isAllowedUri: (url) => safeLinkHref(url) !== null,
            shouldAutoLink: (url) => safeLinkHref(url) !== null,
            HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
          },
        }),
        TaskList,
        TaskItem.configure({
          nested: true,
          a11y: {
            checkboxLabel: (node, checked) =>
              i18n.t(checked ? 'toolbar.taskDone' : 'toolbar.taskOpen', {
                ns: 'workspace',
                text: node.textContent.slice(0, 80),
              }),
          },
        }),
        Table.configure({ resizable: false }),
        TableRow,
        TableHeader,
        TableCell,
        Collaboration.configure({ fragment: ydoc.getXmlFragment(WORKSPACE_FRAGMENT) }),
        leaveWithEscape(labelledBy),
        commentHighlights(highlights),
        CollaborationCaret.configure({
          provider,
          user: { id: userId, name: userName, color: styles(userId).color },
          render: (peer: Record<string, unknown>) => renderCaret(caretUser(peer, styles)),
          selectionRender: (peer: Record<string, unknown>) =>
            renderSelection(caretUser(peer, styles)),
        }),
      ],
      // Editable before the first sync: Yjs merges early keystrokes with the server's copy.
      editable,
      editorProps: { attributes: attributesFor(editable, labelledBy, describedBy) },
      shouldRerenderOnTransaction: false,
    },
    [ydoc, provider, userId, userName, styles],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setOptions({
      editorProps: { attributes: attributesFor(editable, labelledBy, describedBy) },
    });
    editor.setEditable(editable);
  }, [editor, editable, labelledBy, describedBy]);

  return (
    <>
      <div className="rich-text">
        {editable && editor ? <EditorToolbar editor={editor} labelledBy={labelledBy} /> : null}
        <EditorContent editor={editor} className="rich-text-content" />
      </div>
      {editor && commentsOn ? (
        <CommentsPanel editor={editor} docId={commentsOn} highlights={highlights} />
      ) : null}
    </>
  );
}

/**
 * Tab indents a list item inside the editor, so Tab alone does not always leave it: Escape
 * moves focus to the first control after the editor (or to the document's heading when
 * nothing follows), as a keyboard user leaving the document expects.
 */
function leaveWithEscape(headingId: string) {
  return Extension.create({
    name: 'leaveWithEscape',
    addKeyboardShortcuts() {
      return {
        Escape: ({ editor }) => {
          const box = editor.view.dom.closest('.rich-text');
          const next = box ? firstFocusableAfter(box) : null;
          const target = next ?? document.getElementById(headingId);
          if (!target) return false;
          target.focus();
          return true;
        },
      };
    },
  });
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"]';

function firstFocusableAfter(element: Element): HTMLElement | null {
  for (const candidate of document.querySelectorAll<HTMLElement>(FOCUSABLE)) {
    const after = element.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_FOLLOWING;
    if (after && !element.contains(candidate)) return candidate;
  }
  return null;
}

function attributesFor(
  editable: boolean,
  labelledBy: string,
  describedBy: string | undefined,
): Record<string, string> {
  return {
    class: 'document-editor',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-labelledby': labelledBy,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(editable ? {} : { 'aria-readonly': 'true' }),
  };
}

interface CaretLook {
  name: string;
  color: string;
  mark: string;
}

/**
 * Awareness comes from other browsers: use its name only if it looks right, and draw the
 * person with this document's colour and mark for their id, never a colour they announce.
 */
function caretUser(user: Record<string, unknown>, styles: AuthorStyles): CaretLook {
  const name =
    typeof user['name'] === 'string'
      ? user['name'].slice(0, 100)
      : i18n.t('someone', { ns: 'workspace' });
  const { color, mark } = styles(typeof user['id'] === 'string' ? user['id'] : name);
  return { name, color, mark };
}

// Hidden from assistive tech: inside the text box a name would be read as if it were part of
// the document. "Who is here" lists the same people.
function renderCaret({ name, color, mark }: CaretLook): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collab-caret-label';
  label.style.backgroundColor = color;
  label.textContent = `${mark} ${name}`;
  caret.append(label);
  return caret;
}

function renderSelection({ color }: CaretLook) {
  // A light tint (20 %), so selected text keeps its contrast.
  return { nodeName: 'span', class: 'collab-selection', style: `background-color: ${color}33` };
}
