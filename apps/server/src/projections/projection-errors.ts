import type { RecordedEvent } from '../event-store/event-store.port.js';

/** A projection's apply threw: that projection stops at the event before. */
export class ProjectionFailedError extends Error {
  readonly code = 'projections.projection-failed';
  constructor(
    readonly projectionName: string,
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'position' | 'streamName'>,
    cause: unknown,
    /** Set when applyBatch failed: the batch ran from `event` to this position. */
    readonly batchEndPosition?: number,
  ) {
    super(
      (batchEndPosition === undefined
        ? `Projection "${projectionName}" failed on event ${event.type} (position ${event.position}, id ${event.id}, stream "${event.streamName}") `
        : `Projection "${projectionName}" failed on the batch of events from position ${event.position} to ${batchEndPosition} `) +
        `and has stopped there; nothing after its last checkpoint was applied. Fix the projection and restart the server to resume. ` +
        `Cause: ${messageOf(cause)}`,
      { cause },
    );
    this.name = 'ProjectionFailedError';
  }
}

/** A projection name nobody registered (a typo on the command line, a renamed projection). */
export class UnknownProjectionError extends Error {
  readonly code = 'projections.unknown-projection';
  constructor(
    readonly projectionName: string,
    readonly known: readonly string[],
  ) {
    super(
      `There is no projection named "${projectionName}". Known projections: ${known.join(', ') || 'none'}.`,
    );
    this.name = 'UnknownProjectionError';
  }
}

/** Another rebuild of the same projection is running (another CLI, another instance). */
export class RebuildInProgressError extends Error {
  readonly code = 'projections.rebuild-in-progress';
  constructor(readonly projectionName: string) {
    super(
      `Projection "${projectionName}" is already being rebuilt by another process. Wait for it to finish (its progress bar shows how long), then check with: npm run cli -- projections status ${projectionName}`,
    );
    this.name = 'RebuildInProgressError';
  }
}

/** Structural, not instanceof: errors may come from another realm (Jest's VM contexts). */
export function messageOf(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null
      ? (error as { message?: unknown }).message
      : undefined;
  return typeof message === 'string' ? message : String(error);
}
