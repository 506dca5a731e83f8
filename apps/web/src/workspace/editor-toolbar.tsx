import { useTranslation } from 'react-i18next';
import { useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { safeLinkHref } from './safe-link';

type ToolKey =
  | 'bold'
  | 'italic'
  | 'heading'
  | 'bulletList'
  | 'taskList'
  | 'link'
  | 'table'
  | 'addRow'
  | 'deleteTable'
  | 'undo'
  | 'redo';

interface Tool {
  /** Also names the button: toolbar.<key> in the workspace strings. */
  key: ToolKey;
  shortcut?: string;
  /** A toggle says whether it is on where the caret is (aria-pressed); an action does not. */
  toggle: boolean;
  run: (editor: Editor) => void;
}

const TOOLS: readonly Tool[] = [
  {
    key: 'bold',
    shortcut: 'Control+B',
    toggle: true,
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    key: 'italic',
    shortcut: 'Control+I',
    toggle: true,
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    key: 'heading',
    shortcut: 'Control+Alt+2',
    toggle: true,
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    key: 'bulletList',
    shortcut: 'Control+Shift+8',
    toggle: true,
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    key: 'taskList',
    shortcut: 'Control+Shift+9',
    toggle: true,
    run: (e) => e.chain().focus().toggleTaskList().run(),
  },
  // Opens the link form below the toolbar (handled by the component).
  { key: 'link', toggle: true, run: () => undefined },
  {
    key: 'table',
    toggle: false,
    run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  { key: 'addRow', toggle: false, run: (e) => e.chain().focus().addRowAfter().run() },
  { key: 'deleteTable', toggle: false, run: (e) => e.chain().focus().deleteTable().run() },
  // Yjs's undo manager, tracking only this browser's own changes: never a classmate's words.
  { key: 'undo', shortcut: 'Control+Z', toggle: false, run: (e) => e.chain().focus().undo().run() },
  {
    key: 'redo',
    shortcut: 'Control+Shift+Z',
    toggle: false,
    run: (e) => e.chain().focus().redo().run(),
  },
];

/**
 * The formatting toolbar, as the ARIA toolbar pattern: one Tab stop, arrow keys move between
 * the buttons, each toggle says whether its format is on where the caret is, and a tool that
 * cannot act here (undo with nothing of mine to undo, a row outside a table) says so.
 */
export function EditorToolbar({ editor, labelledBy }: { editor: Editor; labelledBy: string }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading: current.isActive('heading', { level: 2 }),
      bulletList: current.isActive('bulletList'),
      taskList: current.isActive('taskList'),
      link: current.isActive('link'),
      inTable: current.isActive('table'),
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const { t } = useTranslation('workspace');
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  const pressed: Partial<Record<ToolKey, boolean>> = state;
  const unavailable: Partial<Record<ToolKey, boolean>> = {
    table: state.inTable,
    addRow: !state.inTable,
    deleteTable: !state.inTable,
    undo: !state.canUndo,
    redo: !state.canRedo,
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target instanceof HTMLInputElement) return;
    const last = TOOLS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? focusIndex === last
          ? 0
          : focusIndex + 1
        : event.key === 'ArrowLeft'
          ? focusIndex === 0
            ? last
            : focusIndex - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  function press(tool: Tool) {
    if (unavailable[tool.key]) return;
    if (tool.key === 'link') setLinkOpen((open) => !open);
    else tool.run(editor);
  }

  return (
    <>
      <div
        role="toolbar"
        aria-label={t('toolbar.label')}
        aria-describedby={labelledBy}
        className="editor-toolbar"
        onKeyDown={onKeyDown}
      >
        {TOOLS.map((tool, index) => (
          <button
            key={tool.key}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            className={`tool tool-${tool.key}`}
            tabIndex={index === focusIndex ? 0 : -1}
            aria-pressed={tool.toggle ? pressed[tool.key] === true : undefined}
            // aria-disabled, not disabled: the button stays reachable with the arrow keys.
            aria-disabled={unavailable[tool.key] === true ? true : undefined}
            aria-expanded={tool.key === 'link' ? linkOpen : undefined}
            aria-keyshortcuts={tool.shortcut}
            // Keep the text selection: a mouse click would otherwise move focus off the editor first.
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setFocusIndex(index)}
            onClick={() => press(tool)}
          >
            {t(`toolbar.${tool.key}`)}
          </button>
        ))}
      </div>
      {linkOpen ? (
        <LinkForm
          editor={editor}
          initial={String(editor.getAttributes('link')['href'] ?? '')}
          onClose={() => {
            setLinkOpen(false);
            buttons.current[TOOLS.findIndex((tool) => tool.key === 'link')]?.focus();
          }}
        />
      ) : null}
    </>
  );
}

/** The address of the link on the selected text: only http, https and mailto are taken. */
function LinkForm({
  editor,
  initial,
  onClose,
}: {
  editor: Editor;
  initial: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('workspace');
  const [value, setValue] = useState(initial);
  const [error, setError] = useState(false);
  const inputId = useId();
  const errorId = useId();

  function apply(event: FormEvent) {
    event.preventDefault();
    if (value.trim() === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onClose();
      return;
    }
    const href = safeLinkHref(value);
    if (href === null) {
      setError(true);
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    onClose();
  }

  return (
    <form
      className="link-form"
      onSubmit={apply}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <label htmlFor={inputId}>{t('toolbar.linkAddress')}</label>
      <input
        id={inputId}
        type="text"
        inputMode="url"
        autoFocus
        value={value}
        aria-invalid={error}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setError(false);
        }}
      />
      <button type="submit">{t('toolbar.linkApply')}</button>
      <button type="button" onClick={onClose}>
        {t('toolbar.linkCancel')}
      </button>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {t('toolbar.linkUnsafe')}
        </p>
      ) : null}
    </form>
  );
}
