import type { ProjectEvent } from '../../projects/events.js';
import { describeDuration, ms } from './durations.js';

export interface SubmissionFact {
  readonly submissionId: string;
  readonly docId: string;
  readonly submittedAt: string;
}

export interface FeedbackFact {
  readonly submissionId: string;
  readonly givenAt: string;
}

export interface FeedbackTurnaround {
  readonly submissionId: string;
  readonly docId: string;
  readonly submittedAt: string;
  /** The first feedback on this submission, when there is some. */
  readonly firstFeedbackAt?: string;
  /** Submission to first feedback. */
  readonly latencyMs?: number;
  /** Still waiting: submission to `now`. */
  readonly waitingMs?: number;
}

export interface FeedbackLoop {
  readonly turnarounds: readonly FeedbackTurnaround[];
  /** Median latency of the answered submissions. */
  readonly medianLatencyMs?: number;
  readonly waiting: number;
  readonly longestWaitMs?: number;
  readonly reason: string;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** How long submissions waited for feedback: the feedback loop's latency. */
export function feedbackLoop(
  submissions: readonly SubmissionFact[],
  feedback: readonly FeedbackFact[],
  now: string,
): FeedbackLoop {
  const at = ms(now);
  const firstFeedback = new Map<string, number>();
  for (const f of feedback) {
    const given = ms(f.givenAt);
    const seen = firstFeedback.get(f.submissionId);
    if (seen === undefined || given < seen) firstFeedback.set(f.submissionId, given);
  }
  const turnarounds = submissions.map((s): FeedbackTurnaround => {
    const given = firstFeedback.get(s.submissionId);
    const submitted = ms(s.submittedAt);
    return given === undefined
      ? { ...s, waitingMs: Math.max(0, at - submitted) }
      : { ...s, firstFeedbackAt: new Date(given).toISOString(), latencyMs: given - submitted };
  });
  const latencies = turnarounds.flatMap((t) => (t.latencyMs === undefined ? [] : [t.latencyMs]));
  const waits = turnarounds.flatMap((t) => (t.waitingMs === undefined ? [] : [t.waitingMs]));
  const medianLatencyMs = median(latencies);
  const longestWaitMs = waits.length > 0 ? Math.max(...waits) : undefined;
  const parts: string[] = [];
  if (medianLatencyMs !== undefined) {
    parts.push(
      `Feedback arrives in ${describeDuration(medianLatencyMs)} (median of ${latencies.length}).`,
    );
  }
  if (longestWaitMs !== undefined) {
    parts.push(
      `${waits.length} submission${waits.length === 1 ? '' : 's'} waiting, the longest for ${describeDuration(longestWaitMs)}.`,
    );
  }
  return {
    turnarounds,
    ...(medianLatencyMs !== undefined ? { medianLatencyMs } : {}),
    waiting: waits.length,
    ...(longestWaitMs !== undefined ? { longestWaitMs } : {}),
    reason: parts.length > 0 ? parts.join(' ') : 'Nothing submitted yet.',
  };
}

/** Submissions and feedback, read from a project's stream. */
export function feedbackFactsFrom(events: readonly ProjectEvent[]): {
  submissions: SubmissionFact[];
  feedback: FeedbackFact[];
} {
  const submissions: SubmissionFact[] = [];
  const feedback: FeedbackFact[] = [];
  for (const event of events) {
    if (event.type === 'ProjectSubmitted') {
      const { submissionId, docId, submittedAt } = event.data;
      submissions.push({ submissionId, docId, submittedAt });
    } else if (event.type === 'FeedbackGiven') {
      feedback.push({ submissionId: event.data.submissionId, givenAt: event.data.givenAt });
    }
  }
  return { submissions, feedback };
}
