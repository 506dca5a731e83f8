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

const STATE_LABEL = { open: 'Not reached yet', reached: 'Reached', confirmed: 'Confirmed' };

export function CheckpointsPanel({
  checkpoints,
  role,
  locked,
  action,
  onMarkReached,
  onConfirm,
  onReopen,
}: CheckpointsPanelProps) {
  return (
    <section aria-labelledby="checkpoints-heading" className="card stack-sm">
      <h2 id="checkpoints-heading" tabIndex={-1}>
        Checkpoints
      </h2>
      {checkpoints.length === 0 ? (
        <p className="muted">This project has no checkpoints.</p>
      ) : (
        <ol className="checkpoints">
          {checkpoints.map((checkpoint) => (
            <li
              key={checkpoint.checkpointId}
              className={`checkpoint checkpoint-${checkpoint.state}`}
            >
              <span className="checkpoint-title">{checkpoint.title}</span>
              <span className="hint">
                Due {formatDate(checkpoint.dueAt)}
                {checkpoint.overdue ? <strong className="overdue"> · overdue</strong> : null}
              </span>
              <span className={`badge badge-${checkpoint.state}`}>
                {STATE_LABEL[checkpoint.state]}
              </span>
              {checkpoint.state !== 'open' && checkpoint.reachedAt ? (
                <span className="hint">Reached {formatDateTime(checkpoint.reachedAt)}</span>
              ) : null}
              {checkpoint.reopenNote && checkpoint.state === 'open' ? (
                <span className="hint">Reopened: {checkpoint.reopenNote}</span>
              ) : null}
              {role === 'member' && checkpoint.state === 'open' && !locked ? (
                <button
                  type="button"
                  aria-label={`Mark reached: ${checkpoint.title}`}
                  disabled={action.pending !== null}
                  onClick={() => onMarkReached(checkpoint)}
                >
                  Mark reached
                </button>
              ) : null}
              {role === 'staff' && checkpoint.state === 'reached' && onConfirm ? (
                <button
                  type="button"
                  aria-label={`Confirm: ${checkpoint.title}`}
                  disabled={action.pending !== null}
                  onClick={() => onConfirm(checkpoint)}
                >
                  Confirm
                </button>
              ) : null}
              {role === 'staff' && checkpoint.state !== 'open' && onReopen ? (
                <button
                  type="button"
                  aria-label={`Reopen: ${checkpoint.title}`}
                  disabled={action.pending !== null}
                  onClick={() => onReopen(checkpoint)}
                >
                  Reopen
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
