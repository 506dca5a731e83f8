import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
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
  const { t } = useTranslation('workspace');
  return (
    <section aria-labelledby="submission-heading" className="card stack-sm">
      <h2 id="submission-heading" tabIndex={-1}>
        {t('submission.heading')}
      </h2>
      <p>{statusText(latest, locked, t)}</p>
      {latest?.status === 'returned' && latest.returnNote ? (
        <p className="brief">
          <strong>{t('submission.teacherNote')}</strong> {latest.returnNote}
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
            ? t('submission.submitting')
            : latest
              ? t('submission.submitAgain')
              : t('submission.submit')}
        </button>
      ) : null}
    </section>
  );
}

function statusText(latest: SubmissionView | null, locked: boolean, t: TFunction): string {
  const lockNote = locked ? ` ${t('submission.locked')}` : '';
  if (!latest) return t('submission.notYet') + lockNote;
  if (latest.status === 'returned') {
    return t('submission.returned', { when: formatDateTime(latest.returnedAt) }) + lockNote;
  }
  const feedback =
    latest.feedback.length > 0 ? t('submission.feedbackBelow') : t('submission.waiting');
  return `${t('submission.submittedAt', { when: formatDateTime(latest.submittedAt) })} ${feedback}${lockNote}`;
}
