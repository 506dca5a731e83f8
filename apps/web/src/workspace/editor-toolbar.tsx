import { useTranslation } from 'react-i18next';
import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';

interface Tool {
  /** Also names the button: toolbar.<key> in the workspace strings. */
  key: 'bold' | 'italic' | 'heading' | 'bulletList';
  shortcut: string;
  run: (editor: Editor) => void;
}

const TOOLS: readonly Tool[] = [
  {
    key: 'bold',
    shortcut: 'Control+B',
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    key: 'italic',
    shortcut: 'Control+I',
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    key: 'heading',
    shortcut: 'Control+Alt+2',
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    key: 'bulletList',
    shortcut: 'Control+Shift+8',
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
];

/**
 * The formatting toolbar, as the ARIA toolbar pattern: one Tab stop, arrow keys move between
 * the buttons, and each button says whether its format is on where the caret is.
 */
export function EditorToolbar({ editor, labelledBy }: { editor: Editor; labelledBy: string }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading: current.isActive('heading', { level: 2 }),
      bulletList: current.isActive('bulletList'),
    }),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const { t } = useTranslation('workspace');
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
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

  return (
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
          aria-pressed={active[tool.key]}
          aria-keyshortcuts={tool.shortcut}
          // Keep the text selection: a mouse click would otherwise move focus off the editor first.
          onMouseDown={(event) => event.preventDefault()}
          onFocus={() => setFocusIndex(index)}
          onClick={() => tool.run(editor)}
        >
          {t(`toolbar.${tool.key}`)}
        </button>
      ))}
    </div>
  );
}
