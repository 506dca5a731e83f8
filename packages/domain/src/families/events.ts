import type { DomainEvent } from '../common/decider.js';

/*
 * One stream per guardian, `guardian-summary-<guardianId>`: whether they get
 * the weekly summary by email, at which address (sealed with their key, so
 * erasing them erases it from the log), and which weeks were sent, so a
 * restart or a second instance never sends a week twice.
 */
export type GuardianSummarySubscribed = DomainEvent<
  'GuardianSummarySubscribed',
  { guardianId: string; email: string; at: string }
>;

export type GuardianSummaryUnsubscribed = DomainEvent<
  'GuardianSummaryUnsubscribed',
  { guardianId: string; via: 'app' | 'link'; at: string }
>;

/** `week` is the Monday the summarised week starts on, `2026-11-16`. */
export type GuardianSummarySent = DomainEvent<
  'GuardianSummarySent',
  {
    guardianId: string;
    week: string;
    studentIds: readonly string[];
    tokenHash: string;
    at: string;
  }
>;

export type GuardianSummaryFailed = DomainEvent<
  'GuardianSummaryFailed',
  { guardianId: string; week: string; at: string }
>;

export type GuardianSummaryEvent =
  | GuardianSummarySubscribed
  | GuardianSummaryUnsubscribed
  | GuardianSummarySent
  | GuardianSummaryFailed;
