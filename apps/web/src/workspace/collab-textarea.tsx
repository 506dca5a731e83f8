import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { bindTextarea } from './textarea-binding';

interface CollabTextareaProps {
  id: string;
  ytext: Y.Text | null;
  readOnly: boolean;
  describedBy?: string;
}

/** A plain textarea kept in step with a Y.Text; React never owns its value. */
export function CollabTextarea({ id, ytext, readOnly, describedBy }: CollabTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const textarea = ref.current;
    if (!textarea || !ytext) return;
    return bindTextarea(textarea, ytext);
  }, [ytext]);

  return (
    <textarea
      ref={ref}
      id={id}
      className="document-editor"
      readOnly={readOnly}
      aria-describedby={describedBy}
      spellCheck
      rows={18}
    />
  );
}
