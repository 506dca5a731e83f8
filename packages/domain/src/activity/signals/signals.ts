import type { CheckpointFact, StudentActivityFacts } from './activity-facts.js';
import { describeDuration, minutes, ms } from './durations.js';
import type { SignalThresholds } from './thresholds.js';
import { DEFAULT_SIGNAL_THRESHOLDS } from './thresholds.js';
import { timeOnTask } from './time-on-task.js';

export type SignalKind = 'active-now' | 'idle' | 'stuck' | 'imbalance' | 'checkpoint-overdue';

export type StuckCause = 'help-requested' | 'no-net-progress' | 'repeated-deletions';

/** Something a teacher can act on, and why it fired, in words they can read on the board. */
export interface Signal {
  readonly kind: SignalKind;
  readonly studentId?: string;
  readonly groupId?: string;
  /** Since when the condition has held, where that is known. */
  readonly since?: string;
  readonly reason: string;
  readonly causes?: readonly StuckCause[];
  readonly checkpointId?: string;
}

function isPresent(facts: StudentActivityFacts, now: number): boolean {
  return facts.presence.some((p) => ms(p.from) <= now && (p.to === undefined || ms(p.to) > now));
}

/** When the current stretch of presence began. */
function presentSince(facts: StudentActivityFacts, now: number): number | undefined {
  const current = facts.presence.filter(
    (p) => ms(p.from) <= now && (p.to === undefined || ms(p.to) > now),
  );
  return current.length === 0 ? undefined : Math.min(...current.map((p) => ms(p.from)));
}

function lastEditAt(facts: StudentActivityFacts, now: number): number | undefined {
  let last: number | undefined;
  for (const edit of facts.edits) {
    const at = ms(edit.at);
    if (at <= now && (last === undefined || at > last)) last = at;
  }
  return last;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/**
 * Present and edited within `activeWithinMinutes` — or within the idle threshold
 * when a classroom sets that shorter, so a student is never active and idle at once.
 */
export function activeNowSignal(
  facts: StudentActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal | undefined {
  const at = ms(now);
  const last = lastEditAt(facts, at);
  if (!isPresent(facts, at) || last === undefined) return undefined;
  const activeWindow = Math.min(thresholds.activeWithinMinutes, thresholds.idleAfterMinutes);
  if (at - last >= minutes(activeWindow)) return undefined;
  return {
    kind: 'active-now',
    studentId: facts.studentId,
    since: iso(last),
    reason:
      at - last < minutes(1)
        ? 'Editing right now.'
        : `In the workspace; last edit ${describeDuration(at - last)} ago.`,
  };
}

/** Present, with no edit for `idleAfterMinutes` (counted from arrival if they never edited since). */
export function idleSignal(
  facts: StudentActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal | undefined {
  const at = ms(now);
  const arrived = presentSince(facts, at);
  if (arrived === undefined) return undefined;
  const last = lastEditAt(facts, at);
  const quietSince = last === undefined ? arrived : Math.max(last, arrived);
  const quietFor = at - quietSince;
  if (quietFor < minutes(thresholds.idleAfterMinutes)) return undefined;
  const editedHere = last !== undefined && last >= arrived;
  return {
    kind: 'idle',
    studentId: facts.studentId,
    since: iso(quietSince),
    reason: editedHere
      ? `In the workspace, but no edits for ${describeDuration(quietFor)}.`
      : `Opened the workspace ${describeDuration(quietFor)} ago and has not edited since.`,
  };
}

/**
 * Stuck: asked for help and is still waiting; or worked a long while in the
 * recent window with almost no net change; or keeps deleting what they write.
 * One signal, listing every cause that holds.
 */
export function stuckSignal(
  facts: StudentActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal | undefined {
  const at = ms(now);
  const causes: StuckCause[] = [];
  const reasons: string[] = [];
  let since: number | undefined;

  if (facts.helpRequestedAt !== undefined && ms(facts.helpRequestedAt) <= at) {
    causes.push('help-requested');
    since = ms(facts.helpRequestedAt);
    reasons.push(`Asked for help ${describeDuration(at - since)} ago and is still waiting.`);
  }

  const windowStart = at - minutes(thresholds.stuckWindowMinutes);
  const recent = facts.edits.filter((e) => ms(e.at) > windowStart && ms(e.at) <= at);
  const inserted = recent.reduce((sum, e) => sum + e.inserted, 0);
  const deleted = recent.reduce((sum, e) => sum + e.deleted, 0);
  const window = describeDuration(minutes(thresholds.stuckWindowMinutes));

  const { activeMs } = timeOnTask({
    presence: facts.presence,
    edits: recent,
    now,
    editCreditMinutes: thresholds.editCreditMinutes,
    window: { from: iso(windowStart), to: now },
  });
  const net = inserted - deleted;
  if (
    activeMs >= minutes(thresholds.stuckMinActiveMinutes) &&
    Math.abs(net) <= thresholds.stuckMaxNetChange
  ) {
    causes.push('no-net-progress');
    reasons.push(
      `Edited for ${describeDuration(activeMs)} of the last ${window} with almost no net change (${net >= 0 ? '+' : ''}${net} characters).`,
    );
  }

  if (
    deleted >= thresholds.repeatedDeletionMinDeleted &&
    deleted >= thresholds.repeatedDeletionRatio * inserted
  ) {
    causes.push('repeated-deletions');
    reasons.push(`Deleted ${deleted} characters and wrote ${inserted} in the last ${window}.`);
  }

  if (causes.length === 0) return undefined;
  const firstRecent =
    recent.length > 0 ? Math.min(...recent.map((e) => ms(e.firstAt ?? e.at))) : undefined;
  const start = since ?? firstRecent;
  return {
    kind: 'stuck',
    studentId: facts.studentId,
    ...(start !== undefined ? { since: iso(start) } : {}),
    causes,
    reason: reasons.join(' '),
  };
}

/** One signal per checkpoint past its due date and not reached. */
export function overdueCheckpointSignals(
  checkpoints: readonly CheckpointFact[],
  now: string,
  subject: { readonly studentId?: string; readonly groupId?: string } = {},
): Signal[] {
  const at = ms(now);
  return checkpoints
    .filter((c) => ms(c.dueAt) < at && c.reachedAt === undefined)
    .map((c) => ({
      kind: 'checkpoint-overdue' as const,
      ...subject,
      checkpointId: c.checkpointId,
      since: c.dueAt,
      reason: `“${c.title}” was due ${describeDuration(at - ms(c.dueAt))} ago and is not reached yet.`,
    }));
}

/** Every signal for one student: active now or idle, stuck, and their overdue checkpoints. */
export function studentSignals(
  facts: StudentActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal[] {
  return [
    activeNowSignal(facts, now, thresholds),
    idleSignal(facts, now, thresholds),
    stuckSignal(facts, now, thresholds),
    ...overdueCheckpointSignals(facts.checkpoints ?? [], now, { studentId: facts.studentId }),
  ].filter((s): s is Signal => s !== undefined);
}

export interface GroupActivityFacts {
  readonly groupId: string;
  readonly members: readonly StudentActivityFacts[];
  /** The group workspace's checkpoints, in plan order. */
  readonly checkpoints?: readonly CheckpointFact[];
}

/** Characters changed (inserted plus deleted) up to `now`: the share of the group's editing. */
export function contributionOf(facts: StudentActivityFacts, now: string): number {
  const at = ms(now);
  return facts.edits
    .filter((e) => ms(e.at) <= at)
    .reduce((sum, e) => sum + e.inserted + e.deleted, 0);
}

/**
 * One member did most of the group's editing. Judged only once the group has
 * done enough to judge, and only for groups of two or more.
 */
export function imbalanceSignal(
  group: GroupActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal | undefined {
  if (group.members.length < 2) return undefined;
  const shares = group.members.map((m) => ({ member: m, chars: contributionOf(m, now) }));
  const totalChars = shares.reduce((sum, s) => sum + s.chars, 0);
  if (totalChars < thresholds.imbalanceMinTotal) return undefined;
  const top = shares.reduce((a, b) => (b.chars > a.chars ? b : a));
  const share = top.chars / totalChars;
  if (share < thresholds.imbalanceShare) return undefined;
  const name = top.member.displayName ?? 'One member';
  const quiet = shares.filter((s) => s.chars === 0).length;
  return {
    kind: 'imbalance',
    groupId: group.groupId,
    studentId: top.member.studentId,
    reason:
      `${name} made ${Math.round(share * 100)}% of the group’s edits (${top.chars} of ${totalChars} characters).` +
      (quiet > 0 ? ` ${quiet} of ${group.members.length} members have not edited at all.` : ''),
  };
}

/** Signals for a group tile: imbalance and the workspace's overdue checkpoints. */
export function groupSignals(
  group: GroupActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal[] {
  return [
    imbalanceSignal(group, now, thresholds),
    ...overdueCheckpointSignals(group.checkpoints ?? [], now, { groupId: group.groupId }),
  ].filter((s): s is Signal => s !== undefined);
}
