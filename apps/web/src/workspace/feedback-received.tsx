import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { RespondToFeedbackRequestSchema } from '@commonplace/shared';
import type { FeedbackView, Rubric, SubmissionView } from '@commonplace/shared';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { useSchemaForm } from '../ui/use-schema-form';

interface FeedbackListProps {
  submissions: readonly SubmissionView[];
  rubric: Rubric | null;
  /** Shows only this student's per-student entries; null shows everyone's (staff). */
  studentId: string | null;
  nameOf: (userId: string) => string;
  /** Set for group members: they may answer each piece of feedback. */
  onRespond?: (feedback: FeedbackView, response: string) => Promise<void>;
}

/** Every piece of feedback on a workspace's submissions, newest first, with the answers to it. */
export function FeedbackList({
  submissions,
  rubric,
  studentId,
  nameOf,
  onRespond,
}: FeedbackListProps) {
  const { t } = useTranslation('workspace');
  const all = submissions.flatMap((submission) =>
    submission.feedback.map((feedback) => ({ submission, feedback })),
  );
  return (
    <section aria-labelledby="feedback-heading" className="stack">
      <h2 id="feedback-heading">{t('feedback.heading')}</h2>
      {all.length === 0 ? (
        <p className="muted">{t('feedback.none')}</p>
      ) : (
        <ul className="card-list">
          {all.map(({ submission, feedback }) => (
            <li key={feedback.feedbackId} className="card stack-sm feedback">
              <h3>
                {t('feedback.from', {
                  name: nameOf(feedback.givenBy),
                  when: formatDateTime(feedback.givenAt),
                })}
              </h3>
              <p className="hint">
                {t('feedback.onWork', { when: formatDateTime(submission.submittedAt) })}
                {submission.status === 'returned' ? ` · ${t('feedback.returned')}` : null}
              </p>
              {feedback.comment ? <p className="brief">{feedback.comment}</p> : null}
              <RubricScores
                rubric={rubric}
                scores={feedback.scores}
                caption={t('feedback.rubricScores')}
              />
              {feedback.perStudent
                .filter((entry) => studentId === null || entry.studentId === studentId)
                .map((entry) => (
                  <div key={entry.studentId} className="stack-sm per-student">
                    <h4>
                      {studentId === null
                        ? t('feedback.forStudent', { name: nameOf(entry.studentId) })
                        : t('feedback.forYou')}
                    </h4>
                    {entry.comment ? <p className="brief">{entry.comment}</p> : null}
                    {entry.scores && entry.scores.length > 0 ? (
                      <RubricScores
                        rubric={rubric}
                        scores={entry.scores}
                        caption={
                          studentId === null
                            ? t('feedback.scoresFor', { name: nameOf(entry.studentId) })
                            : t('feedback.yourScores')
                        }
                      />
                    ) : null}
                  </div>
                ))}
              {feedback.responses.length > 0 ? (
                <div className="stack-sm">
                  <h4>{t('feedback.responses')}</h4>
                  <ul className="plain-list responses">
                    {feedback.responses.map((response) => (
                      <li key={`${response.respondedBy}-${response.respondedAt}`}>
                        <strong>{nameOf(response.respondedBy)}</strong>{' '}
                        <span className="hint">({formatDateTime(response.respondedAt)})</span>:{' '}
                        {response.response}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {onRespond ? <RespondForm feedback={feedback} onRespond={onRespond} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function RubricScores({
  rubric,
  scores,
  caption,
}: {
  rubric: Rubric | null;
  scores: FeedbackView['scores'];
  caption: string;
}) {
  const { t } = useTranslation('workspace');
  if (scores.length === 0) return null;
  return (
    <table className="rubric-scores">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rubric.criterion')}</th>
          <th scope="col">{t('rubric.level')}</th>
        </tr>
      </thead>
      <tbody>
        {scores.map((score) => {
          const criterion = rubric?.criteria.find((c) => c.criterionId === score.criterionId);
          const level = criterion?.levels.find((l) => l.levelId === score.levelId);
          return (
            <tr key={score.criterionId}>
              <th scope="row">{criterion?.title ?? t('rubric.goneCriterion')}</th>
              <td>
                {level
                  ? t('rubric.levelPoints', { title: level.title, count: level.points })
                  : t('rubric.goneLevel')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RespondForm({
  feedback,
  onRespond,
}: {
  feedback: FeedbackView;
  onRespond: (feedback: FeedbackView, response: string) => Promise<void>;
}) {
  const [response, setResponse] = useState('');
  const { t } = useTranslation('workspace');
  const { errors, formError, pending, submit } = useSchemaForm(
    RespondToFeedbackRequestSchema,
    async (request) => {
      await onRespond(feedback, request.response);
      setResponse('');
    },
  );
  return (
    <form
      className="stack-sm"
      noValidate
      aria-label={t('feedback.respondLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ response });
      }}
    >
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('feedback.yourResponse')} error={errors.response}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={response}
            onChange={(event) => setResponse(event.target.value)}
          />
        )}
      </Field>
      <div>
        <button type="submit">{pending ? t('feedback.sending') : t('feedback.send')}</button>
      </div>
    </form>
  );
}
