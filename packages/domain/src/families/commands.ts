import type { Command } from '../common/decider.js';

/** `email` arrives sealed with the guardian's key. */
export type SubscribeGuardianSummary = Command<
  'SubscribeGuardianSummary',
  { guardianId: string; email: string }
>;

/** From the app (the guardian signed in), or from a link (`tokenHash` of the link's secret). */
export type UnsubscribeGuardianSummary = Command<
  'UnsubscribeGuardianSummary',
  { guardianId: string; via: 'app' } | { guardianId: string; via: 'link'; tokenHash: string }
>;

/**
 * Claims a week's summary before it is sent: a second claim for the same week
 * is refused. `tokenHash` is the SHA-256 of the secret in this email's
 * unsubscribe link.
 */
export type RecordGuardianSummarySent = Command<
  'RecordGuardianSummarySent',
  { guardianId: string; week: string; studentIds: readonly string[]; tokenHash: string }
>;

/** The claimed week's email could not be sent: the week is free to try again. */
export type RecordGuardianSummaryFailed = Command<
  'RecordGuardianSummaryFailed',
  { guardianId: string; week: string }
>;

export type GuardianSummaryCommand =
  | SubscribeGuardianSummary
  | UnsubscribeGuardianSummary
  | RecordGuardianSummarySent
  | RecordGuardianSummaryFailed;
