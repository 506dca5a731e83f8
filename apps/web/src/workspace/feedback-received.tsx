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
  const all = submissions.flatMap((submission) =>
    submission.feedback.map((feedback) => ({ submission, feedback })),
  );
  return (
    <section aria-labelledby="feedback-heading" className="stack">
      <h2 id="feedback-heading">Feedback</h2>
      {all.length === 0 ? (
        <p className="muted">No feedback yet. It appears here as soon as your teacher gives it.</p>
      ) : (
        <ul className="card-list">
          {all.map(({ submission, feedback }) => (
            <li key={feedback.feedbackId} className="card stack-sm feedback">
              <h3>
                Feedback from {nameOf(feedback.givenBy)}, {formatDateTime(feedback.givenAt)}
              </h3>
              <p className="hint">
                On the work submitted {formatDateTime(submission.submittedAt)}
                {submission.status === 'returned' ? ' · returned for revision' : null}
              </p>
              {feedback.comment ? <p className="brief">{feedback.comment}</p> : null}
              <RubricScores rubric={rubric} scores={feedback.scores} caption="Rubric scores" />
              {feedback.perStudent
                .filter((entry) => studentId === null || entry.studentId === studentId)
                .map((entry) => (
                  <div key={entry.studentId} className="stack-sm per-student">
                    <h4>{studentId === null ? `For ${nameOf(entry.studentId)}` : 'For you'}</h4>
                    {entry.comment ? <p className="brief">{entry.comment}</p> : null}
                    {entry.scores && entry.scores.length > 0 ? (
                      <RubricScores
                        rubric={rubric}
                        scores={entry.scores}
                        caption={
                          studentId === null
                            ? `Scores for ${nameOf(entry.studentId)}`
                            : 'Your scores'
                        }
                      />
                    ) : null}
                  </div>
                ))}
              {feedback.responses.length > 0 ? (
                <div className="stack-sm">
                  <h4>Responses</h4>
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
  if (scores.length === 0) return null;
  return (
    <table className="rubric-scores">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col">Level</th>
        </tr>
      </thead>
      <tbody>
        {scores.map((score) => {
          const criterion = rubric?.criteria.find((c) => c.criterionId === score.criterionId);
          const level = criterion?.levels.find((l) => l.levelId === score.levelId);
          return (
            <tr key={score.criterionId}>
              <th scope="row">{criterion?.title ?? 'A criterion no longer in the rubric'}</th>
              <td>
                {level
                  ? `${level.title} (${level.points} ${level.points === 1 ? 'point' : 'points'})`
                  : 'A level no longer in the rubric'}
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
      aria-label="Respond to this feedback"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ response });
      }}
    >
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label="Your response" error={errors.response}>
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
        <button type="submit">{pending ? 'Sending…' : 'Send response'}</button>
      </div>
    </form>
  );
}
