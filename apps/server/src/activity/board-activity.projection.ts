import type { ActivityEvent } from '@commonplace/domain';
import { DEFAULT_SIGNAL_THRESHOLDS } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

const MINUTE_MS = 60_000;

/**
 * Edits closer together than this are one run: the edit credit the board's
 * time on task gives each batch of edits, so a run's stretch from its first
 * edit less the gap to its last is exactly the working time its edits credit.
 */
export const EDIT_RUN_GAP_MS = DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes * MINUTE_MS;

/**
 * The facts the board's signal functions read: each stretch of presence, and
 * edits kept two ways, both updated as they arrive: summed per person per
 * document per minute, and as runs (stretches without a gap longer than the
 * edit credit, with their first and last edit's time and their sums). Idle,
 * stuck and time on task keep the when; a board reads a handful of runs and
 * the stuck window's minutes per student, however long the class has typed.
 * Each attributed batch of edits is kept as a sample too, for the
 * per-person activity charts that have not moved yet.
 */
export const boardActivityProjection: Projection = {
  name: 'board-activity',
  handles: ['DocumentUpdated', 'WorkspaceEntered', 'WorkspaceLeft'],
  migrations: [
    {
      id: 'board-activity-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_edit_samples (
          position bigint PRIMARY KEY, doc_id text NOT NULL, user_id text NOT NULL,
          at timestamptz NOT NULL, inserted integer NOT NULL, deleted integer NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_edit_samples_doc ON rm_edit_samples (doc_id, at);
        CREATE TABLE IF NOT EXISTS rm_presence_intervals (
          position bigint PRIMARY KEY, doc_id text NOT NULL, user_id text NOT NULL,
          from_at timestamptz NOT NULL, to_at timestamptz);
        CREATE INDEX IF NOT EXISTS rm_presence_intervals_doc ON rm_presence_intervals (doc_id, user_id);
      `,
    },
    {
      // Filled from the samples already kept, so an existing store needs no replay; on a
      // rebuild the samples table is empty here and the projection fills both as it goes.
      id: 'board-activity-002-edit-minutes',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_edit_minutes (
          doc_id text NOT NULL, user_id text NOT NULL, minute timestamptz NOT NULL,
          inserted integer NOT NULL, deleted integer NOT NULL, edits integer NOT NULL,
          first_at timestamptz NOT NULL, last_at timestamptz NOT NULL,
          PRIMARY KEY (doc_id, user_id, minute));
        CREATE INDEX IF NOT EXISTS rm_edit_minutes_doc ON rm_edit_minutes (doc_id, minute);
        INSERT INTO rm_edit_minutes (doc_id, user_id, minute, inserted, deleted, edits, first_at, last_at)
          SELECT doc_id, user_id, to_timestamp(floor(extract(epoch FROM at) / 60) * 60),
                 sum(inserted), sum(deleted), count(*), min(at), max(at)
            FROM rm_edit_samples GROUP BY 1, 2, 3
          ON CONFLICT DO NOTHING;
      `,
    },
    {
      // Runs as the projection keeps them (see applyRuns), filled from the kept samples.
      id: 'board-activity-003-edit-runs',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_edit_runs (
          position bigint PRIMARY KEY, doc_id text NOT NULL, user_id text NOT NULL,
          first_at timestamptz NOT NULL, last_at timestamptz NOT NULL,
          inserted integer NOT NULL, deleted integer NOT NULL, edits integer NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_edit_runs_doc ON rm_edit_runs (doc_id, user_id, last_at);
        INSERT INTO rm_edit_runs (position, doc_id, user_id, first_at, last_at, inserted, deleted, edits)
          SELECT min(position), doc_id, user_id, min(at), max(at), sum(inserted), sum(deleted), count(*)
            FROM (SELECT *, sum(starts) OVER (PARTITION BY doc_id, user_id ORDER BY at, position) AS run
                    FROM (SELECT *, CASE WHEN at - interval '${EDIT_RUN_GAP_MS} milliseconds'
                                              <= lag(at) OVER (PARTITION BY doc_id, user_id ORDER BY at, position)
                                         THEN 0 ELSE 1 END AS starts
                            FROM rm_edit_samples) marked) numbered
           GROUP BY doc_id, user_id, run
          ON CONFLICT DO NOTHING;
      `,
    },
  ],

  /**
   * The hot path while a class writes: a constant number of statements per
   * batch (at most seven) however many events it holds. Edit samples go in as
   * one multi-row insert, and the batch's minutes (summed here first, since
   * one statement may not upsert a row twice) as one multi-row upsert. Presence is a small state machine per (doc, person)
   * (an entry opens an interval unless one is open, a leave closes the open
   * one), so the batch reads which intervals are open, plays the events
   * through in memory, then closes the already-open intervals and inserts the
   * new ones (some of them already closed) — the same rows `apply` one by one
   * would leave.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const edits: {
      position: number;
      docId: string;
      userId: string;
      at: string;
      inserted: number;
      deleted: number;
    }[] = [];
    const presenceEvents: {
      recorded: RecordedEvent;
      docId: string;
      userId: string;
      entered: boolean;
    }[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ActivityEvent;
      if (event.type === 'DocumentUpdated') {
        edits.push({
          position: recorded.position,
          docId: event.data.docId,
          userId: event.data.authorId,
          at: recorded.recordedAt.toISOString(),
          inserted: event.data.inserted,
          deleted: event.data.deleted,
        });
      } else if (event.type === 'WorkspaceEntered' || event.type === 'WorkspaceLeft') {
        presenceEvents.push({
          recorded,
          docId: event.data.docId,
          userId: event.data.userId,
          entered: event.type === 'WorkspaceEntered',
        });
      }
    }
    if (edits.length > 0) {
      await tx.query(
        `INSERT INTO rm_edit_samples (position, doc_id, user_id, at, inserted, deleted)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::integer[], $6::integer[])
         ON CONFLICT DO NOTHING`,
        [
          edits.map((edit) => edit.position),
          edits.map((edit) => edit.docId),
          edits.map((edit) => edit.userId),
          edits.map((edit) => edit.at),
          edits.map((edit) => edit.inserted),
          edits.map((edit) => edit.deleted),
        ],
      );
      await addMinutes(editMinutes(edits), tx);
      await applyRuns(edits, tx);
    }
    if (presenceEvents.length > 0) await applyPresence(presenceEvents, tx);
  },

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ActivityEvent;
    const at = recorded.recordedAt.toISOString();
    switch (event.type) {
      case 'DocumentUpdated':
        await tx.query(
          `INSERT INTO rm_edit_samples (position, doc_id, user_id, at, inserted, deleted)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            recorded.position,
            event.data.docId,
            event.data.authorId,
            at,
            event.data.inserted,
            event.data.deleted,
          ],
        );
        await addMinutes(
          editMinutes([
            {
              docId: event.data.docId,
              userId: event.data.authorId,
              at,
              inserted: event.data.inserted,
              deleted: event.data.deleted,
            },
          ]),
          tx,
        );
        await applyRuns(
          [
            {
              position: recorded.position,
              docId: event.data.docId,
              userId: event.data.authorId,
              at,
              inserted: event.data.inserted,
              deleted: event.data.deleted,
            },
          ],
          tx,
        );
        return;
      case 'WorkspaceEntered':
        // A second entry without a leave (a crashed instance) keeps the earlier start.
        await tx.query(
          `INSERT INTO rm_presence_intervals (position, doc_id, user_id, from_at)
           SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
             SELECT 1 FROM rm_presence_intervals WHERE doc_id = $2 AND user_id = $3 AND to_at IS NULL)
           ON CONFLICT DO NOTHING`,
          [recorded.position, event.data.docId, event.data.userId, at],
        );
        return;
      case 'WorkspaceLeft':
        await tx.query(
          `UPDATE rm_presence_intervals SET to_at = $3 WHERE doc_id = $1 AND user_id = $2 AND to_at IS NULL`,
          [event.data.docId, event.data.userId, at],
        );
        return;
      default:
        return;
    }
  },
};

interface EditFact {
  readonly docId: string;
  readonly userId: string;
  readonly at: string;
  readonly inserted: number;
  readonly deleted: number;
}

/** One person's edits to one document within one minute (UTC), summed. */
interface EditMinute {
  readonly docId: string;
  readonly userId: string;
  readonly minute: string;
  inserted: number;
  deleted: number;
  edits: number;
  firstAt: string;
  lastAt: string;
}

function editMinutes(edits: readonly EditFact[]): EditMinute[] {
  const minutes = new Map<string, EditMinute>();
  for (const edit of edits) {
    const atMs = Date.parse(edit.at);
    const minute = new Date(atMs - (((atMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS)).toISOString();
    const key = JSON.stringify([edit.docId, edit.userId, minute]);
    const sum = minutes.get(key);
    if (!sum) {
      minutes.set(key, {
        docId: edit.docId,
        userId: edit.userId,
        minute,
        inserted: edit.inserted,
        deleted: edit.deleted,
        edits: 1,
        firstAt: edit.at,
        lastAt: edit.at,
      });
      continue;
    }
    sum.inserted += edit.inserted;
    sum.deleted += edit.deleted;
    sum.edits += 1;
    // Log order is not strictly time order across writers: keep the true first and last.
    if (atMs < Date.parse(sum.firstAt)) sum.firstAt = edit.at;
    if (atMs > Date.parse(sum.lastAt)) sum.lastAt = edit.at;
  }
  return [...minutes.values()];
}

async function addMinutes(minutes: readonly EditMinute[], tx: SqlExecutor): Promise<void> {
  await tx.query(
    `INSERT INTO rm_edit_minutes AS m (doc_id, user_id, minute, inserted, deleted, edits, first_at, last_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::integer[], $5::integer[],
                          $6::integer[], $7::timestamptz[], $8::timestamptz[])
     ON CONFLICT (doc_id, user_id, minute) DO UPDATE SET
       inserted = m.inserted + excluded.inserted, deleted = m.deleted + excluded.deleted,
       edits = m.edits + excluded.edits, first_at = least(m.first_at, excluded.first_at),
       last_at = greatest(m.last_at, excluded.last_at)`,
    [
      minutes.map((m) => m.docId),
      minutes.map((m) => m.userId),
      minutes.map((m) => m.minute),
      minutes.map((m) => m.inserted),
      minutes.map((m) => m.deleted),
      minutes.map((m) => m.edits),
      minutes.map((m) => m.firstAt),
      minutes.map((m) => m.lastAt),
    ],
  );
}

interface EditRunRow {
  position: number;
  docId: string;
  userId: string;
  firstAt: number;
  lastAt: number;
  inserted: number;
  deleted: number;
  edits: number;
}

/**
 * Each person's edits to a document as runs: an edit within the gap of the
 * latest run's edits joins it, a later one starts the next. An edit recorded
 * before the latest run began (another writer's clock, by more than the gap)
 * stands as a run of its own rather than claim the time between. The batch
 * reads each (doc, person)'s latest run, plays its edits through in memory
 * and writes every run it touched in one upsert, as `apply` would one by one.
 */
async function applyRuns(
  edits: readonly (EditFact & { readonly position: number })[],
  tx: SqlExecutor,
): Promise<void> {
  const keyOf = (docId: string, userId: string) => JSON.stringify([docId, userId]);
  const pairs = new Map<string, { docId: string; userId: string }>();
  for (const { docId, userId } of edits) pairs.set(keyOf(docId, userId), { docId, userId });
  const latest = await tx.query<{
    position: string | number;
    doc_id: string;
    user_id: string;
    first_at: Date | string;
    last_at: Date | string;
    inserted: number;
    deleted: number;
    edits: number;
  }>(
    `SELECT DISTINCT ON (r.doc_id, r.user_id) r.position, r.doc_id, r.user_id, r.first_at, r.last_at,
            r.inserted, r.deleted, r.edits
       FROM rm_edit_runs r
       JOIN unnest($1::text[], $2::text[]) AS k(doc_id, user_id)
         ON r.doc_id = k.doc_id AND r.user_id = k.user_id
      ORDER BY r.doc_id, r.user_id, r.last_at DESC, r.position DESC`,
    [[...pairs.values()].map((p) => p.docId), [...pairs.values()].map((p) => p.userId)],
  );
  const current = new Map<string, EditRunRow>();
  for (const row of latest) {
    current.set(keyOf(row.doc_id, row.user_id), {
      position: Number(row.position),
      docId: row.doc_id,
      userId: row.user_id,
      firstAt: new Date(row.first_at).getTime(),
      lastAt: new Date(row.last_at).getTime(),
      inserted: row.inserted,
      deleted: row.deleted,
      edits: row.edits,
    });
  }
  const touched = new Map<number, EditRunRow>();
  for (const edit of edits) {
    const key = keyOf(edit.docId, edit.userId);
    const at = Date.parse(edit.at);
    const run = current.get(key);
    const fresh = (): EditRunRow => ({
      position: edit.position,
      docId: edit.docId,
      userId: edit.userId,
      firstAt: at,
      lastAt: at,
      inserted: edit.inserted,
      deleted: edit.deleted,
      edits: 1,
    });
    if (run && at - EDIT_RUN_GAP_MS <= run.lastAt && at + EDIT_RUN_GAP_MS >= run.firstAt) {
      run.firstAt = Math.min(run.firstAt, at);
      run.lastAt = Math.max(run.lastAt, at);
      run.inserted += edit.inserted;
      run.deleted += edit.deleted;
      run.edits += 1;
      touched.set(run.position, run);
    } else if (run && at < run.firstAt) {
      const alone = fresh();
      touched.set(alone.position, alone);
    } else {
      const next = fresh();
      current.set(key, next);
      touched.set(next.position, next);
    }
  }
  const rows = [...touched.values()];
  await tx.query(
    `INSERT INTO rm_edit_runs (position, doc_id, user_id, first_at, last_at, inserted, deleted, edits)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                          $6::integer[], $7::integer[], $8::integer[])
     ON CONFLICT (position) DO UPDATE SET first_at = excluded.first_at, last_at = excluded.last_at,
       inserted = excluded.inserted, deleted = excluded.deleted, edits = excluded.edits`,
    [
      rows.map((r) => r.position),
      rows.map((r) => r.docId),
      rows.map((r) => r.userId),
      rows.map((r) => new Date(r.firstAt).toISOString()),
      rows.map((r) => new Date(r.lastAt).toISOString()),
      rows.map((r) => r.inserted),
      rows.map((r) => r.deleted),
      rows.map((r) => r.edits),
    ],
  );
}

interface PresenceEvent {
  readonly recorded: RecordedEvent;
  readonly docId: string;
  readonly userId: string;
  readonly entered: boolean;
}

/** Where one (doc, person) stands while the batch is played through. */
interface PresenceState {
  /** An interval from before this batch is still open. */
  existingOpen: boolean;
  /** It was closed by a leave in this batch, at this time. */
  existingClosedAt?: string;
  /** The interval opened in this batch and still open, if any. */
  opened?: NewInterval;
}

interface NewInterval {
  position: number;
  docId: string;
  userId: string;
  fromAt: string;
  toAt: string | null;
}

async function applyPresence(events: readonly PresenceEvent[], tx: SqlExecutor): Promise<void> {
  const keyOf = (docId: string, userId: string) => JSON.stringify([docId, userId]);
  const keys = new Map<string, { docId: string; userId: string }>();
  for (const { docId, userId } of events) keys.set(keyOf(docId, userId), { docId, userId });
  const pairs = [...keys.values()];
  const open = await tx.query<{ doc_id: string; user_id: string }>(
    `SELECT DISTINCT p.doc_id, p.user_id FROM rm_presence_intervals p
       JOIN unnest($1::text[], $2::text[]) AS k(doc_id, user_id)
         ON p.doc_id = k.doc_id AND p.user_id = k.user_id
      WHERE p.to_at IS NULL`,
    [pairs.map((pair) => pair.docId), pairs.map((pair) => pair.userId)],
  );
  const states = new Map<string, PresenceState>();
  for (const key of keys.keys()) states.set(key, { existingOpen: false });
  for (const row of open) {
    const state = states.get(keyOf(row.doc_id, row.user_id));
    if (state) state.existingOpen = true;
  }

  const inserted: NewInterval[] = [];
  for (const { recorded, docId, userId, entered } of events) {
    const state = states.get(keyOf(docId, userId));
    if (!state) continue;
    const at = recorded.recordedAt.toISOString();
    if (entered) {
      // A second entry without a leave (a crashed instance) keeps the earlier start.
      if (state.existingOpen || state.opened) continue;
      state.opened = { position: recorded.position, docId, userId, fromAt: at, toAt: null };
      inserted.push(state.opened);
    } else if (state.existingOpen) {
      state.existingOpen = false;
      state.existingClosedAt = at;
    } else if (state.opened) {
      state.opened.toAt = at;
      state.opened = undefined;
    }
  }

  // Close the intervals from before first: the new open ones must not match.
  const closed = pairs.flatMap((pair) => {
    const closedAt = states.get(keyOf(pair.docId, pair.userId))?.existingClosedAt;
    return closedAt === undefined ? [] : [{ ...pair, closedAt }];
  });
  if (closed.length > 0) {
    await tx.query(
      `UPDATE rm_presence_intervals p SET to_at = c.to_at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS c(doc_id, user_id, to_at)
        WHERE p.doc_id = c.doc_id AND p.user_id = c.user_id AND p.to_at IS NULL`,
      [
        closed.map((row) => row.docId),
        closed.map((row) => row.userId),
        closed.map((row) => row.closedAt),
      ],
    );
  }
  if (inserted.length > 0) {
    await tx.query(
      `INSERT INTO rm_presence_intervals (position, doc_id, user_id, from_at, to_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        inserted.map((row) => row.position),
        inserted.map((row) => row.docId),
        inserted.map((row) => row.userId),
        inserted.map((row) => row.fromAt),
        inserted.map((row) => row.toAt),
      ],
    );
  }
}
