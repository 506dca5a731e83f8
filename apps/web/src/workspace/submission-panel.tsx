import type { SubmissionView } from '@commonplace/shared';
import { formatDateTime } from '../ui/format';
import type { Action } from '../ui/use-action';

interface SubmissionPanelProps {
  submissions: readonly SubmissionView[];
  locked: boolean;
  canSubmit: boolean;
  action: Action;
  onSubmit: () => void;
}

/** Where the group's work stands, and the button that hands it in (again, after a return). */
export function SubmissionPanel({
  submissions,
  locked,
  canSubmit,
  action,
  onSubmit,
}: SubmissionPanelProps) {
  const latest = submissions[0] ?? null;
  const waiting = latest?.status === 'submitted';
  return (
    <section aria-labelledby="submission-heading" className="card stack-sm">
      <h2 id="submission-heading" tabIndex={-1}>
        Submission
      </h2>
      <p>{statusText(latest, locked)}</p>
      {latest?.status === 'returned' && latest.returnNote ? (
        <p className="brief">
          <strong>Note from your teacher:</strong> {latest.returnNote}
        </p>
      ) : null}
      {canSubmit && !locked && !waiting ? (
        <button
          type="button"
          className="button-primary"
          disabled={action.pending !== null}
          onClick={onSubmit}
        >
          {action.pending === 'submit'
            ? 'Submitting…'
            : latest
              ? 'Submit again'
              : 'Submit for feedback'}
        </button>
      ) : null}
    </section>
  );
}

function statusText(latest: SubmissionView | null, locked: boolean): string {
  const lockNote = locked ? ' The project is locked for assessment.' : '';
  if (!latest) return `Not submitted yet.${lockNote}`;
  if (latest.status === 'returned') {
    return `Returned for revision ${formatDateTime(latest.returnedAt)}. Revise the document, then submit again.${lockNote}`;
  }
  const feedback = latest.feedback.length > 0 ? ' Feedback is below.' : ' Waiting for feedback.';
  return `Submitted ${formatDateTime(latest.submittedAt)}.${feedback}${lockNote}`;
}
