import type { ActivityEvent } from '../events.js';

/*
 * The facts the signal functions read. They are plain values, not events, so
 * the server can fill them from read models as easily as from the log, and a
 * test can write them by hand. Every time is ISO 8601; `now` is always passed
 * in: nothing here reads a clock.
 */

/**
 * One attributed batch of edits (a `DocumentUpdated`), when it was appended;
 * or, with `firstAt`, a run of them summed (a kept read model's minute), the
 * first at `firstAt` and the last at `at`. A run never has a gap longer than
 * the edit credit between two of its edits, so it credits the same working
 * time as its edits one by one: from `firstAt` less the credit to `at`.
 */
export interface EditSample {
  readonly at: string;
  readonly inserted: number;
  readonly deleted: number;
  readonly firstAt?: string;
}

/** A stretch of time with a live connection to the workspace; no `to` while still there. */
export interface PresenceInterval {
  readonly from: string;
  readonly to?: string;
}

export interface CheckpointFact {
  readonly checkpointId: string;
  readonly title: string;
  readonly dueAt: string;
  /** When the workspace marked it reached (and it was not reopened since). */
  readonly reachedAt?: string;
}

export interface StudentActivityFacts {
  readonly studentId: string;
  /** For reasons a teacher reads; the server fills it from the person's sealed name. */
  readonly displayName?: string;
  readonly presence: readonly PresenceInterval[];
  readonly edits: readonly EditSample[];
  /** Set while the student has an unanswered help request. */
  readonly helpRequestedAt?: string;
  /** The checkpoints of the student's workspace, in plan order. */
  readonly checkpoints?: readonly CheckpointFact[];
}

/** An activity event with the time the log recorded it. */
export interface TimedActivityEvent {
  readonly event: ActivityEvent;
  readonly at: string;
}

export interface PersonActivity {
  readonly presence: readonly PresenceInterval[];
  readonly edits: readonly EditSample[];
}

/**
 * Folds one workspace's activity events (in log order) into per-person
 * presence intervals and edit samples. A second `WorkspaceEntered` without a
 * `WorkspaceLeft` (a crashed instance never said goodbye) keeps the earlier
 * start; a `WorkspaceLeft` without an entry is ignored.
 */
export function activityByPerson(
  events: readonly TimedActivityEvent[],
): ReadonlyMap<string, PersonActivity> {
  const presence = new Map<string, PresenceInterval[]>();
  const edits = new Map<string, EditSample[]>();
  const open = new Map<string, string>();
  const person = (id: string) => {
    if (!presence.has(id)) presence.set(id, []);
    if (!edits.has(id)) edits.set(id, []);
  };
  for (const { event, at } of events) {
    switch (event.type) {
      case 'DocumentUpdated': {
        const { authorId, inserted, deleted } = event.data;
        person(authorId);
        edits.get(authorId)?.push({ at, inserted, deleted });
        break;
      }
      case 'WorkspaceEntered':
        person(event.data.userId);
        if (!open.has(event.data.userId)) open.set(event.data.userId, at);
        break;
      case 'WorkspaceLeft': {
        const from = open.get(event.data.userId);
        if (from === undefined) break;
        open.delete(event.data.userId);
        presence.get(event.data.userId)?.push({ from, to: at });
        break;
      }
      default:
        break;
    }
  }
  for (const [userId, from] of open) presence.get(userId)?.push({ from });
  const result = new Map<string, PersonActivity>();
  for (const [userId, intervals] of presence) {
    result.set(userId, { presence: intervals, edits: edits.get(userId) ?? [] });
  }
  return result;
}
