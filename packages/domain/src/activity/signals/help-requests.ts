import { ms } from './durations.js';

/** A help request as the board reads it: whose, whether it still waits, and since when. */
export interface HelpRequestFact {
  readonly studentId: string;
  readonly status: 'open' | 'claimed' | 'cancelled';
  readonly raisedAt: string;
}

/**
 * When each student began waiting for help: the oldest of their requests that
 * no tutor has claimed and they have not withdrawn. This is the
 * `helpRequestedAt` fact that makes them "stuck — asked for help" on the
 * board; once every request of theirs is claimed or cancelled they are not in
 * the map, and the signal clears.
 */
export function helpWaitingSince(
  requests: readonly HelpRequestFact[],
): ReadonlyMap<string, string> {
  const since = new Map<string, string>();
  for (const request of requests) {
    if (request.status !== 'open') continue;
    const earlier = since.get(request.studentId);
    if (earlier === undefined || ms(request.raisedAt) < ms(earlier))
      since.set(request.studentId, request.raisedAt);
  }
  return since;
}
