/**
 * One context's answer to "after which projected events may someone's access
 * to which documents differ?". The DocumentAccessWatcher asks the authorizer
 * again for everyone connected to those documents; the rule itself never
 * decides access, so a rule cannot drift from what a fresh connection gets.
 */
export interface DocumentAccessRule {
  /** Names the rule in the relay and in logs. */
  readonly name: string;
  /** The projection whose read model the authorizer reads for this change: rechecked once it has committed the events. */
  readonly projection: string;
  /** The event types after which access may differ. */
  readonly events: ReadonlySet<string>;
  /**
   * What the change is about (a group, a project, a space, a session), taken
   * from the event alone: only this crosses to the other instances, never the
   * event's text.
   */
  subjectOf(event: { readonly type: string; readonly data: unknown }): string | undefined;
  /** The documents the change may affect. Runs on every instance, so it may also drop what that instance remembers. */
  documentsOf(subject: string): Promise<readonly string[]>;
}
