import { useTranslation } from 'react-i18next';
import type { CheckpointProgress } from '@commonplace/shared';
import { formatDate, formatDateTime } from '../ui/format';
import type { Action } from '../ui/use-action';

interface CheckpointsPanelProps {
  checkpoints: readonly CheckpointProgress[];
  /** Members mark checkpoints reached; staff confirm or reopen them. */
  role: 'member' | 'staff' | 'viewer';
  locked: boolean;
  action: Action;
  onMarkReached: (checkpoint: CheckpointProgress) => void;
  onConfirm?: (checkpoint: CheckpointProgress) => void;
  onReopen?: (checkpoint: CheckpointProgress) => void;
}

export function CheckpointsPanel({
  checkpoints,
  role,
  locked,
  action,
  onMarkReached,
  onConfirm,
  onReopen,
}: CheckpointsPanelProps) {
  const { t } = useTranslation('workspace');
  return (
    <section aria-labelledby="checkpoints-heading" className="card stack-sm">
      <h2 id="checkpoints-heading" tabIndex={-1}>
        {t('checkpoints.heading')}
      </h2>
      {checkpoints.length === 0 ? (
        <p className="muted">{t('checkpoints.none')}</p>
      ) : (
        <ol className="checkpoints">
          {checkpoints.map((checkpoint) => (
            <li
              key={checkpoint.checkpointId}
              className={`checkpoint checkpoint-${checkpoint.state}`}
            >
              <span className="checkpoint-title">{checkpoint.title}</span>
              <span className="hint">
                {t('checkpoints.due', { date: formatDate(checkpoint.dueAt) })}
                {checkpoint.overdue ? (
                  <strong className="overdue"> · {t('checkpoints.overdue')}</strong>
                ) : null}
              </span>
              <span className={`badge badge-${checkpoint.state}`}>
                {t(`checkpoints.state.${checkpoint.state}`)}
              </span>
              {checkpoint.state !== 'open' && checkpoint.reachedAt ? (
                <span className="hint">
                  {t('checkpoints.reachedAt', { when: formatDateTime(checkpoint.reachedAt) })}
                </span>
              ) : null}
              {checkpoint.reopenNote && checkpoint.state === 'open' ? (
                <span className="hint">
                  {t('checkpoints.reopenedNote', { note: checkpoint.reopenNote })}
                </span>
              ) : null}
              {role === 'member' && checkpoint.state === 'open' && !locked ? (
                <button
                  type="button"
                  aria-label={t('checkpoints.markReachedLabel', { title: checkpoint.title })}
                  disabled={action.pending !== null}
                  onClick={() => onMarkReached(checkpoint)}
                >
                  {t('checkpoints.markReached')}
                </button>
              ) : null}
              {role === 'staff' && checkpoint.state === 'reached' && onConfirm ? (
                <button
                  type="button"
                  aria-label={t('checkpoints.confirmLabel', { title: checkpoint.title })}
                  disabled={action.pending !== null}
                  onClick={() => onConfirm(checkpoint)}
                >
                  {t('checkpoints.confirm')}
                </button>
              ) : null}
              {role === 'staff' && checkpoint.state !== 'open' && onReopen ? (
                <button
                  type="button"
                  aria-label={t('checkpoints.reopenLabel', { title: checkpoint.title })}
                  disabled={action.pending !== null}
                  onClick={() => onReopen(checkpoint)}
                >
                  {t('checkpoints.reopen')}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
