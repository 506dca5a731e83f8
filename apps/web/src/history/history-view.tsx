import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { SubmissionView } from '@commonplace/shared';
import { formatDateTime } from '../ui/format';
import { colorFor } from '../workspace/user-color';
import type { AuthoredLine, ReplayEngine } from './replay-engine';

export interface HistoryAuthor {
  readonly id: string;
  readonly name: string;
}

interface HistoryViewProps {
  readonly engine: ReplayEngine;
  /** Who wrote what, in the order they first wrote: names for the legend and the summary. */
  readonly authors: readonly HistoryAuthor[];
  /** When each change was stored (ISO 8601), by change index. */
  readonly times: readonly string[];
  readonly submissions: readonly SubmissionView[];
}

// Colour is never the only cue: each author also gets their own underline style.
const UNDERLINES = ['solid', 'double', 'dotted', 'dashed', 'wavy'] as const;

/**
 * The replay of one document (any document: a group project, a tutoring scratchpad, an
 * inquiry board): a slider from empty to now, the text at that point coloured and
 * underlined by author, a legend with names, a text summary, per-author totals for a
 * range, and buttons that jump to each submission's pinned revision.
 */
export function HistoryView({ engine, authors, times, submissions }: HistoryViewProps) {
  const [count, setCount] = useState(engine.length);
  const [from, setFrom] = useState(0);
  // Scrubbing stays responsive: React renders the replay at the latest value it can keep up with.
  const shown = useDeferredValue(count);
  const lines = useMemo(() => engine.linesAfter(shown), [engine, shown]);
  useEffect(() => () => engine.dispose(), [engine]);
  const ids = { slider: useId(), from: useId(), summary: useId() };
  const style = useMemo(() => {
    const byId = new Map<string, { color: string; underline: string; name: string }>();
    authors.forEach((author, index) =>
      byId.set(author.id, {
        color: colorFor(author.id),
        underline: UNDERLINES[index % UNDERLINES.length] ?? 'solid',
        name: author.name,
      }),
    );
    return byId;
  }, [authors]);
  const nameOf = (id: string | null) => (id === null ? 'Unknown' : (style.get(id)?.name ?? id));
  const totals = engine.totals(from, count);
  const visible = charactersByAuthor(lines);
  const change = count > 0 ? engine.changes[count - 1] : undefined;
  const position =
    count === 0
      ? 'Empty: before the first change'
      : `After change ${count} of ${engine.length}, by ${nameOf(change?.authorId ?? null)}` +
        (times[count - 1] ? `, ${formatDateTime(times[count - 1] ?? '')}` : '');

  return (
    <div className="stack-lg history">
      <section className="stack" aria-labelledby={`${ids.slider}-label`}>
        <label id={`${ids.slider}-label`} htmlFor={ids.slider}>
          Replay: {position}
        </label>
        <input
          id={ids.slider}
          type="range"
          min={0}
          max={engine.length}
          step={1}
          value={count}
          aria-valuetext={position}
          aria-describedby={ids.summary}
          onChange={(event) => setCount(Number(event.target.value))}
          className="history-slider"
        />
        {submissions.length > 0 ? (
          <div className="history-jumps" role="group" aria-label="Jump to a submission">
            {submissions.map((submission) => (
              <button
                key={submission.submissionId}
                type="button"
                onClick={() => setCount(engine.countAtRevision(submission.documentRevision))}
              >
                Submission of {formatDateTime(submission.submittedAt)}
              </button>
            ))}
          </div>
        ) : null}
      </section>

      <section aria-labelledby={`${ids.summary}-legend`} className="stack">
        <h2 id={`${ids.summary}-legend`}>Who wrote what</h2>
        <ul className="history-legend" aria-label="Authors">
          {authors.map((author) => {
            const look = style.get(author.id);
            return (
              <li key={author.id} data-author-id={author.id}>
                <span
                  className="history-swatch"
                  aria-hidden="true"
                  style={{
                    color: look?.color,
                    textDecorationLine: 'underline',
                    textDecorationStyle: look?.underline as 'solid',
                  }}
                >
                  Abc
                </span>{' '}
                {author.name} ({look?.underline} underline)
              </li>
            );
          })}
        </ul>
        <p id={ids.summary}>
          {visible.size === 0
            ? 'The document is empty at this point.'
            : `At this point: ${[...visible]
                .map(
                  ([id, characters]) => `${nameOf(id)} wrote ${characters} of the characters shown`,
                )
                .join('; ')}.`}
        </p>
      </section>

      <section aria-label="The document at this point" className="history-document">
        {lines.length === 0 ? <p className="muted">Nothing written yet.</p> : null}
        {lines.map((line, lineIndex) => (
          <p key={lineIndex}>
            {line.map((run, runIndex) => {
              const look = run.authorId === null ? undefined : style.get(run.authorId);
              return (
                <span
                  key={runIndex}
                  data-author-id={run.authorId ?? ''}
                  title={nameOf(run.authorId)}
                  style={{
                    color: look?.color,
                    textDecorationLine: 'underline',
                    textDecorationStyle: (look?.underline ?? 'solid') as 'solid',
                  }}
                >
                  {run.text}
                </span>
              );
            })}
          </p>
        ))}
      </section>

      <section className="stack" aria-labelledby={`${ids.from}-heading`}>
        <h2 id={`${ids.from}-heading`}>Totals for a range</h2>
        <label htmlFor={ids.from}>
          From change {from} to change {count}
        </label>
        <input
          id={ids.from}
          type="range"
          min={0}
          max={engine.length}
          step={1}
          value={from}
          aria-valuetext={`Count from change ${from}`}
          onChange={(event) => setFrom(Number(event.target.value))}
          className="history-slider"
        />
        <table>
          <caption>
            Characters inserted and deleted per author, changes {Math.min(from, count)} to{' '}
            {Math.max(from, count)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Author</th>
              <th scope="col">Inserted</th>
              <th scope="col">Deleted</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {authors.map((author) => {
              const sum = totals.get(author.id) ?? { inserted: 0, deleted: 0, changes: 0 };
              return (
                <tr key={author.id} data-author-id={author.id}>
                  <th scope="row">{author.name}</th>
                  <td>{sum.inserted}</td>
                  <td>{sum.deleted}</td>
                  <td>{sum.changes}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function charactersByAuthor(lines: readonly AuthoredLine[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const run of lines.flat()) {
    counts.set(run.authorId, (counts.get(run.authorId) ?? 0) + run.text.length);
  }
  return counts;
}
