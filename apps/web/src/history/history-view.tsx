import { useTranslation } from 'react-i18next';
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { CommentThread, SubmissionView } from '@commonplace/shared';
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
  /** The document's comment threads, if the reader takes part in them. */
  readonly comments?: readonly CommentThread[];
}

/** Playing steps this often, and far enough each time that a whole replay takes about 20 s. */
const PLAY_TICK_MS = 250;
const PLAY_STEPS = 80;

/** Times to the second: two submissions a minute apart must not read the same. */
const secondsFormat = (language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The replay of one document (any document: a group project, a tutoring scratchpad, an
 * inquiry board): a slider from empty to now, the text at that point coloured and
 * underlined by author, a legend with names, a text summary, per-author totals for a
 * range, and buttons that jump to each submission's pinned revision.
 */
export function HistoryView({
  engine,
  authors,
  times,
  submissions,
  styles,
  comments = [],
}: HistoryViewProps) {
  const [count, setCount] = useState(engine.length);
  const [from, setFrom] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [showDeleted, setShowDeleted] = useState(true);
  const { t, i18n } = useTranslation('history');
  // Scrubbing stays responsive: React renders the replay at the latest value it can keep up with.
  const shown = useDeferredValue(count);
  const lines = useMemo(
    () => engine.linesAfter(shown, showDeleted ? { from } : undefined),
    [engine, shown, from, showDeleted],
  );
  useEffect(() => () => engine.dispose(), [engine]);
  // Playing moves the replay forward on its own, and stops at the end.
  useEffect(() => {
    if (!playing) return undefined;
    const step = Math.max(1, Math.ceil(engine.length / PLAY_STEPS));
    const timer = window.setInterval(() => {
      setCount((current) => Math.min(engine.length, current + step));
    }, PLAY_TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing, engine]);
  useEffect(() => {
    if (playing && count >= engine.length) setPlaying(false);
  }, [playing, count, engine.length]);
  const ids = {
    slider: useId(),
    from: useId(),
    summary: useId(),
    deleted: useId(),
  };
  const whenExactly = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime())
      ? formatDateTime(iso)
      : secondsFormat(i18n.resolvedLanguage ?? 'en').format(date);
  };
  const rangeStarts = [
    { value: 0, label: t('range.beginning') },
    ...submissions.map((submission, index) => ({
      value: engine.countAtRevision(submission.documentRevision),
      label: t('range.submission', {
        number: index + 1,
        when: whenExactly(submission.submittedAt),
      }),
    })),
    ...(count > 10 ? [{ value: count - 10, label: t('range.lastTen') }] : []),
    ...(count > 0 ? [{ value: count - 1, label: t('range.lastOne') }] : []),
  ];
  const pickFrom = (event: ChangeEvent<HTMLSelectElement>) => setFrom(Number(event.target.value));
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
          onChange={(event) => {
            setPlaying(false);
            setCount(Number(event.target.value));
          }}
          className="history-slider"
        />
        <div className="history-controls">
          <button
            type="button"
            className="history-play"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && count >= engine.length) setCount(0);
              setPlaying(!playing);
            }}
          >
            {playing ? t('pause') : t('play')}
          </button>
          <label className="history-show-deleted" htmlFor={ids.deleted}>
            <input
              id={ids.deleted}
              type="checkbox"
              checked={showDeleted}
              onChange={(event) => setShowDeleted(event.target.checked)}
            />{' '}
            {t('showDeleted')}
          </label>
        </div>
        {submissions.length > 0 ? (
          <div className="history-jumps" role="group" aria-label={t('jump')}>
            {submissions.map((submission, index) => (
              <button
                key={submission.submissionId}
                type="button"
                onClick={() => {
                  setPlaying(false);
                  setCount(engine.countAtRevision(submission.documentRevision));
                }}
              >
                {t('submissionNumbered', {
                  number: index + 1,
                  when: whenExactly(submission.submittedAt),
                })}
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
              if (run.deletedBy !== undefined) {
                // Struck through in its writer's colour; who deleted it is said in words too.
                const label = t('deletedBy', { name: nameOf(run.deletedBy) });
                return (
                  <del
                    key={runIndex}
                    className="history-deleted"
                    data-author-id={run.authorId ?? ''}
                    data-deleted-by={run.deletedBy ?? ''}
                    title={label}
                    style={{ color: look?.color, textDecorationColor: look?.color }}
                  >
                    <span className="visually-hidden">{`[${label}: `}</span>
                    {run.text}
                    <span className="visually-hidden">]</span>
                  </del>
                );
              }
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

      {comments.length > 0 ? (
        <CommentsSoFar
          comments={comments}
          until={count === engine.length ? null : (times[count - 1] ?? '')}
        />
      ) : null}

      <section className="stack" aria-labelledby={`${ids.from}-heading`}>
        <h2 id={`${ids.from}-heading`}>{t('totals')}</h2>
        <p className="hint">{t('rangeHelp')}</p>
        <label htmlFor={ids.from}>{t('countSince')}</label>
        <select id={ids.from} className="history-range" value={from} onChange={pickFrom}>
          {rangeStarts.some((start) => start.value === from) ? null : (
            <option value={from}>{t('range.change', { number: from })}</option>
          )}
          {rangeStarts.map((start) => (
            <option key={`${start.label}-${start.value}`} value={start.value}>
              {start.label}
            </option>
          ))}
        </select>
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

/**
 * What was said in the document's comments by the point shown (everything at the end): each
 * comment, reply, resolve and reopen in the order it happened.
 */
function CommentsSoFar({
  comments,
  until,
}: {
  comments: readonly CommentThread[];
  until: string | null;
}) {
  const { t } = useTranslation('history');
  const headingId = useId();
  const cutoff = until === null ? Infinity : Date.parse(until);
  const entries = comments
    .flatMap((thread) => [
      {
        at: thread.at,
        text: t('comment.started', {
          name: thread.authorDisplayName,
          quote: thread.quote,
          text: thread.text,
        }),
      },
      ...thread.replies.map((reply) => ({
        at: reply.at,
        text: t('comment.replied', { name: reply.authorDisplayName, text: reply.text }),
      })),
      ...(thread.statusAt && thread.statusBy
        ? [
            {
              at: thread.statusAt,
              text: t(thread.resolved ? 'comment.resolved' : 'comment.reopened', {
                name: thread.statusBy,
                quote: thread.quote,
              }),
            },
          ]
        : []),
    ])
    .filter((entry) => Date.parse(entry.at) <= cutoff)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('comment.heading')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('comment.none')}</p>
      ) : (
        <ol className="history-comments">
          {entries.map((entry, index) => (
            <li key={index}>
              <span className="muted">{formatDateTime(entry.at)}</span> {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function charactersByAuthor(lines: readonly AuthoredLine[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const run of lines.flat()) {
    counts.set(run.authorId, (counts.get(run.authorId) ?? 0) + run.text.length);
  }
  return counts;
}
