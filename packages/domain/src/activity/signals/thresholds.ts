/** Every threshold a signal uses, in one place, so a classroom (or a test) can tune them. */
export interface SignalThresholds {
  /** An edit this recent makes a present student “active now”. */
  readonly activeWithinMinutes: number;
  /** Present with no edit for this long is “idle”. */
  readonly idleAfterMinutes: number;
  /** The look-back window for “no net progress” and “repeated deletions”. */
  readonly stuckWindowMinutes: number;
  /** Active time within the window that counts as long activity. */
  readonly stuckMinActiveMinutes: number;
  /** Net characters (inserted minus deleted) at or below which long activity made no progress. */
  readonly stuckMaxNetChange: number;
  /** Deleting at least this many characters in the window... */
  readonly repeatedDeletionMinDeleted: number;
  /** ...while deleting at least this share of what was inserted, is going round in circles. */
  readonly repeatedDeletionRatio: number;
  /** One member's share of the group's characters changed that is an imbalance. */
  readonly imbalanceShare: number;
  /** Characters the group must have changed before balance is judged at all. */
  readonly imbalanceMinTotal: number;
  /** How much working time one batch of edits stands for (time on task). */
  readonly editCreditMinutes: number;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = {
  activeWithinMinutes: 2,
  idleAfterMinutes: 8,
  stuckWindowMinutes: 20,
  stuckMinActiveMinutes: 10,
  stuckMaxNetChange: 20,
  repeatedDeletionMinDeleted: 200,
  repeatedDeletionRatio: 0.8,
  imbalanceShare: 0.7,
  imbalanceMinTotal: 200,
  editCreditMinutes: 2,
};
