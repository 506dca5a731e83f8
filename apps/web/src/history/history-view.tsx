import { useTranslation } from 'react-i18next';
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { SubmissionView } from '@commonplace/shared';
import { formatDateTime } from '../ui/format';
import type { AuthorStyles } from '../workspace/user-color';
import { authorStyles } from '../workspace/user-color';
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
  /**
   * Everyone's colour, mark and underline in this document, the same as in the editor; without
   * a member list the authors themselves, so at least the authors differ from each other.
   */
  readonly styles?: AuthorStyles;
}

/**
 * The replay of one document (any document: a group project, a tutoring scratchpad, an
 * inquiry board): a slider from empty to now, the text at that point coloured and
 * underlined by author, a legend with names, a text summary, per-author totals for a
 * range, and buttons that jump to each submission's pinned revision.
 */
export function HistoryView({ engine, authors, times, submissions, styles }: HistoryViewProps) {
  const [count, setCount] = useState(engine.length);
  const [from, setFrom] = useState(0);
  const { t } = useTranslation('history');
  // Scrubbing stays responsive: React renders the replay at the latest value it can keep up with.
  const shown = useDeferredValue(count);
  const lines = useMemo(() => engine.linesAfter(shown), [engine, shown]);
  useEffect(() => () => engine.dispose(), [engine]);
  const ids = { slider: useId(), from: useId(), summary: useId() };
  const style = useMemo(() => {
    // Colour is never the only cue: each author also has a mark and an underline style.
    const styleOf = styles ?? authorStyles(authors.map((author) => author.id));
    const byId = new Map<
      string,
      { color: string; underline: string; mark: string; name: string }
    >();
    for (const author of authors) byId.set(author.id, { ...styleOf(author.id), name: author.name });
    return byId;
  }, [authors, styles]);
  const nameOf = (id: string | null) => (id === null ? t('unknown') : (style.get(id)?.name ?? id));
  const totals = engine.totals(from, count);
  const visible = charactersByAuthor(lines);
  const change = count > 0 ? engine.changes[count - 1] : undefined;
  const position =
    count === 0
      ? t('empty')
      : times[count - 1]
        ? t('afterChangeAt', {
            count,
            total: engine.length,
            name: nameOf(change?.authorId ?? null),
            when: formatDateTime(times[count - 1] ?? ''),
          })
        : t('afterChange', {
            count,
            total: engine.length,
            name: nameOf(change?.authorId ?? null),
          });

  return (
    <div className="stack-lg history">
      <section className="stack" aria-labelledby={`${ids.slider}-label`}>
        <label id={`${ids.slider}-label`} htmlFor={ids.slider}>
          {t('replay', { position })}
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
          <div className="history-jumps" role="group" aria-label={t('jump')}>
            {submissions.map((submission) => (
              <button
                key={submission.submissionId}
                type="button"
                onClick={() => setCount(engine.countAtRevision(submission.documentRevision))}
              >
                {t('submissionOf', { when: formatDateTime(submission.submittedAt) })}
              </button>
            ))}
          </div>
        ) : null}
      </section>

      <section aria-labelledby={`${ids.summary}-legend`} className="stack">
        <h2 id={`${ids.summary}-legend`}>{t('whoWrote')}</h2>
        <ul className="history-legend" aria-label={t('authors')}>
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
                  {look?.mark} {t('swatch')}
                </span>{' '}
                {t('legendEntry', {
                  name: author.name,
                  underline: t(`underline.${look?.underline ?? 'solid'}`),
                })}
              </li>
            );
          })}
        </ul>
        <p id={ids.summary}>
          {visible.size === 0
            ? t('emptyHere')
            : t('atThisPoint', {
                parts: [...visible]
                  .map(([id, characters]) => t('wrote', { name: nameOf(id), count: characters }))
                  .join('; '),
              })}
        </p>
      </section>

      <section aria-label={t('documentHere')} className="history-document">
        {lines.length === 0 ? <p className="muted">{t('nothingYet')}</p> : null}
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
        <h2 id={`${ids.from}-heading`}>{t('totals')}</h2>
        <label htmlFor={ids.from}>{t('fromTo', { from, to: count })}</label>
        <input
          id={ids.from}
          type="range"
          min={0}
          max={engine.length}
          step={1}
          value={from}
          aria-valuetext={t('countFrom', { from })}
          onChange={(event) => setFrom(Number(event.target.value))}
          className="history-slider"
        />
        <table>
          <caption>
            {t('caption', { from: Math.min(from, count), to: Math.max(from, count) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('author')}</th>
              <th scope="col">{t('inserted')}</th>
              <th scope="col">{t('deleted')}</th>
              <th scope="col">{t('changes')}</th>
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
