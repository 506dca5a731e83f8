import type { Migration } from '../database/migrations.js';

/**
 * Arbitrary constant for the advisory lock that pairs a transaction id with
 * its positions. Held for microseconds inside one statement, never across a
 * commit, so appends still commit (and fsync) in parallel.
 */
export const POSITION_LOCK_KEY = 7310002213;

/** SQLSTATEs raised by commonplace_append, mapped to the port's typed errors. */
export const APPEND_ERROR = {
  wrongExpectedRevision: 'CP001',
  eventIdConflict: 'CP002',
  streamDeleted: 'CP003',
  notFirstWrite: 'CP004',
} as const;

/**
 * Why positions are not simply a sequence read by `transaction_id < xmin`:
 * a sequence value is taken at insert but becomes visible at commit, and a
 * transaction's id is taken at its first write. If T2 took its id before T1
 * but its positions after, T1 could still be open (holding a lower position)
 * while T2's higher position is already below xmin — a reader would pass T1's
 * events for good. So each append takes its transaction id and all its
 * positions together under a brief lock, as its first write: transaction-id
 * order is then position order, and "every event with transaction_id < xmin"
 * is always a prefix of the log (up to rolled-back gaps), which readers may
 * consume in position order without ever skipping. (Readers now use a horizon
 * of this database's own, at or above xmin: see LOCAL_HORIZON.)
 */
const APPEND_FUNCTION = `
CREATE FUNCTION commonplace_retried_append(p_stream text, p_ids uuid[])
RETURNS TABLE (next_revision integer, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := cardinality(p_ids);
  v_found integer;
  v_first_revision integer;
  v_mismatched integer;
BEGIN
  SELECT count(*) INTO v_found FROM events e WHERE e.event_id = ANY (p_ids);
  IF v_found = 0 THEN
    RETURN;
  END IF;
  SELECT e.revision INTO v_first_revision FROM events e WHERE e.event_id = p_ids[1];
  SELECT count(*) INTO v_mismatched
    FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord)
    JOIN events e ON e.event_id = i.id
   WHERE e.stream_name <> p_stream OR e.revision <> v_first_revision + i.ord - 1;
  IF v_found = v_count AND v_first_revision IS NOT NULL AND v_mismatched = 0 THEN
    RETURN QUERY SELECT e.revision, e.position FROM events e WHERE e.event_id = p_ids[v_count];
    RETURN;
  END IF;
  RAISE EXCEPTION 'event ids already stored, but not as this same append'
    USING ERRCODE = '${APPEND_ERROR.eventIdConflict}',
          DETAIL = (SELECT string_agg(e.event_id::text, ',') FROM events e WHERE e.event_id = ANY (p_ids));
END
$fn$;

CREATE FUNCTION commonplace_expect(p_stream text, p_expected text, p_state text, p_revision integer)
RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  -- A soft-deleted stream reads as absent: -1, like a stream that never was.
  v_effective integer := CASE WHEN p_state = 'soft_deleted' THEN -1 ELSE p_revision END;
  v_matches boolean;
BEGIN
  IF p_state = 'tombstoned' THEN
    RAISE EXCEPTION 'stream % is deleted for good', p_stream
      USING ERRCODE = '${APPEND_ERROR.streamDeleted}';
  END IF;
  -- Assigned first: plpgsql's IF would end its condition at the CASE's first THEN.
  v_matches := CASE p_expected
                 WHEN 'any' THEN true
                 WHEN 'no_stream' THEN v_effective = -1
                 WHEN 'stream_exists' THEN v_effective >= 0
                 ELSE v_effective = p_expected::integer
               END;
  IF NOT v_matches THEN
    RAISE EXCEPTION 'stream % is at revision %', p_stream, v_effective
      USING ERRCODE = '${APPEND_ERROR.wrongExpectedRevision}', DETAIL = v_effective::text;
  END IF;
  RETURN v_effective;
END
$fn$;

-- One round trip per append. p_events: [{"id", "type", "data", "metadata"}, ...].
-- Must be the first write of its transaction (see POSITION_LOCK_KEY).
CREATE FUNCTION commonplace_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision integer, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_ids uuid[];
  v_state text;
  v_revision integer;
  v_locked_state text;
  v_locked_revision integer;
  v_effective integer;
  v_xid xid8;
  v_first bigint;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'commonplace_append must be the first write of its transaction'
      USING ERRCODE = '${APPEND_ERROR.notFirstWrite}';
  END IF;
  SELECT coalesce(array_agg((e.value ->> 'id')::uuid ORDER BY e.ord), '{}')
    INTO v_ids FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);

  -- Optimistic checks without writing: most retries and conflicts end here, using no positions.
  SELECT s.state, s.revision INTO v_state, v_revision FROM streams s WHERE s.stream_name = p_stream;
  IF NOT FOUND THEN
    v_state := 'live';
    v_revision := -1;
  END IF;
  IF v_count > 0 THEN
    RETURN QUERY SELECT r.next_revision, r.last_position, false
      FROM commonplace_retried_append(p_stream, v_ids) r;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  v_effective := commonplace_expect(p_stream, p_expected, v_state, v_revision);
  IF v_count = 0 THEN
    RETURN QUERY SELECT v_effective,
      coalesce((SELECT e.position FROM events e
                 WHERE e.stream_name = p_stream AND e.revision = v_effective), 0::bigint),
      false;
    RETURN;
  END IF;

  PERFORM pg_advisory_lock(${POSITION_LOCK_KEY});
  BEGIN
    v_xid := pg_current_xact_id();
    v_first := nextval('events_position_seq');
    IF v_count > 1 THEN
      PERFORM setval('events_position_seq', v_first + v_count - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});

  -- The stream's row lock makes the revision check exact: concurrent appenders queue here.
  SELECT s.state, s.revision INTO v_locked_state, v_locked_revision
    FROM streams s WHERE s.stream_name = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO streams (stream_name, revision) VALUES (p_stream, -1)
      ON CONFLICT (stream_name) DO NOTHING;
    SELECT s.state, s.revision INTO v_locked_state, v_locked_revision
      FROM streams s WHERE s.stream_name = p_stream FOR UPDATE;
  END IF;
  IF v_locked_state IS DISTINCT FROM v_state OR v_locked_revision IS DISTINCT FROM v_revision THEN
    -- Someone appended meanwhile, perhaps this very append retried concurrently.
    RETURN QUERY SELECT r.next_revision, r.last_position, false
      FROM commonplace_retried_append(p_stream, v_ids) r;
    IF FOUND THEN
      RETURN;
    END IF;
    PERFORM commonplace_expect(p_stream, p_expected, v_locked_state, v_locked_revision);
  END IF;

  INSERT INTO events (position, transaction_id, stream_name, revision, event_id, type, data, metadata)
  SELECT v_first + e.ord - 1, v_xid, p_stream, v_locked_revision + e.ord,
         (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data',
         coalesce(e.value -> 'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);
  UPDATE streams SET revision = v_locked_revision + v_count, state = 'live'
   WHERE stream_name = p_stream;
  RETURN QUERY SELECT v_locked_revision + v_count, v_first + v_count - 1, true;
END
$fn$;
`;

export const APPEND_FUNCTION_MIGRATION = `
  ALTER TABLE events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0';
  ALTER TABLE events ALTER COLUMN transaction_id DROP DEFAULT;
  CREATE SEQUENCE events_position_seq AS bigint OWNED BY events.position;
  SELECT setval('events_position_seq', (SELECT coalesce(max(position), 0) + 1 FROM events), false);
  ALTER TABLE streams
    ADD COLUMN state text NOT NULL DEFAULT 'live'
      CHECK (state IN ('live', 'soft_deleted', 'tombstoned')),
    ADD COLUMN truncate_before integer,
    ADD COLUMN max_count integer,
    ADD COLUMN max_age_seconds integer;
  ${APPEND_FUNCTION}
`;

/**
 * The append, reworked for the common case (measured: about twice the appends
 * per CPU second of event-store-002's). One unlocked read of the stream row; if
 * the expectation holds there, take positions, then one upsert of the stream
 * row that checks the expectation again on the row as locked (so it is exact,
 * and an 'any' append never loses a race), and insert. Everything else
 * (conflicts, retries with an exact expectation, tombstones, soft-deleted
 * streams, empty appends) goes, in the same statement, to event-store-002's
 * append, renamed careful, which spends no positions on what it can refuse
 * before writing. Two cases come back to the adapter, which then calls the
 * careful append itself, in a new transaction:
 * - the stream moved between the read and the write so that the expectation
 *   no longer holds (next_revision is null; the transaction wrote nothing, its
 *   positions stay a gap, as a lost race's may);
 * - a retry whose expectation still holds ('any') fails on the unique
 *   event_id, instead of every append looking its ids up first.
 */
const FAST_APPEND_FUNCTION = `
ALTER FUNCTION commonplace_append(text, text, jsonb) RENAME TO commonplace_careful_append;

CREATE FUNCTION commonplace_take_positions(p_count integer, OUT xid xid8, OUT first bigint)
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_lock(${POSITION_LOCK_KEY});
  BEGIN
    xid := pg_current_xact_id();
    first := nextval('events_position_seq');
    IF p_count > 1 THEN
      PERFORM setval('events_position_seq', first + p_count - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
END
$fn$;

-- Whether a live stream at p_revision (-1: none) meets the expectation.
CREATE FUNCTION commonplace_expectation_holds(p_expected text, p_revision integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE p_expected
           WHEN 'any' THEN true
           WHEN 'no_stream' THEN p_revision = -1
           WHEN 'stream_exists' THEN p_revision >= 0
           ELSE p_revision = p_expected::integer
         END
$fn$;

CREATE FUNCTION commonplace_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision integer, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_state text;
  v_revision integer;
  v_xid xid8;
  v_first bigint;
BEGIN
  SELECT s.state, s.revision INTO v_state, v_revision FROM streams s WHERE s.stream_name = p_stream;
  IF v_count = 0 OR coalesce(v_state, 'live') <> 'live'
     OR NOT commonplace_expectation_holds(p_expected, coalesce(v_revision, -1))
     OR pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RETURN QUERY SELECT * FROM commonplace_careful_append(p_stream, p_expected, p_events);
    RETURN;
  END IF;

  SELECT t.xid, t.first INTO v_xid, v_first FROM commonplace_take_positions(v_count) t;
  -- The expectation again, on the row as now locked: exact, and 'any' never loses a race.
  INSERT INTO streams AS s (stream_name, revision) VALUES (p_stream, v_count - 1)
    ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + v_count
    WHERE s.state = 'live' AND commonplace_expectation_holds(p_expected, s.revision)
    RETURNING s.revision - v_count INTO v_revision;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::integer, NULL::bigint, false;
    RETURN;
  END IF;
  INSERT INTO events (position, transaction_id, stream_name, revision, event_id, type, data, metadata)
  SELECT v_first + e.ord - 1, v_xid, p_stream, v_revision + e.ord,
         (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data',
         coalesce(e.value -> 'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);
  RETURN QUERY SELECT v_revision + v_count, v_first + v_count - 1, true;
END
$fn$;
`;

/** First half of the per-stream append lock's key; the second is a hash of schema and stream. */
export const STREAM_LOCK_SPACE = 731002;

/**
 * A stream's events must be in the log in the order of their revisions. But
 * an append takes its positions before it locks the stream's row (positions
 * must come with its first write), so of two concurrent appends to one
 * stream, the one that took the lower positions could get the row second and
 * the higher revision: a projection reading the log in position order would
 * then see revision 6 before revision 5 (seen in a stress run: hundreds per
 * 10,000 appends to one busy stream, with event-store-002's append as with
 * 003's). So appends to one stream now queue on a transaction-level advisory
 * lock before taking positions: it writes nothing (no transaction id), and is
 * held to the commit, so positions within a stream follow its revisions.
 * Appends to different streams never wait for each other (but for a hash
 * collision, which only makes one wait).
 */
const STREAM_ORDER_FUNCTION = `
ALTER FUNCTION commonplace_append(text, text, jsonb) RENAME TO commonplace_append_unordered;
ALTER FUNCTION commonplace_careful_append(text, text, jsonb)
  RENAME TO commonplace_careful_append_unordered;

CREATE FUNCTION commonplace_lock_stream(p_stream text)
RETURNS void
LANGUAGE sql AS $fn$
  SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, hashtext(current_schema() || '/' || p_stream))
$fn$;

CREATE FUNCTION commonplace_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision integer, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM commonplace_lock_stream(p_stream);
  RETURN QUERY SELECT * FROM commonplace_append_unordered(p_stream, p_expected, p_events);
END
$fn$;

CREATE FUNCTION commonplace_careful_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision integer, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM commonplace_lock_stream(p_stream);
  RETURN QUERY SELECT * FROM commonplace_careful_append_unordered(p_stream, p_expected, p_events);
END
$fn$;
`;

/**
 * event-store-004's append in one function, for CPU: the stream lock, the
 * positions and the common case inline instead of three nested calls, and the
 * stream row's upsert and the events' insert in one statement. Same steps,
 * same order, same answers; the careful path is unchanged.
 */
const ONE_FUNCTION_APPEND = `
CREATE OR REPLACE FUNCTION commonplace_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision integer, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_state text;
  v_revision integer;
  v_last integer;
  v_xid xid8;
  v_first bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, hashtext(current_schema() || '/' || p_stream));
  SELECT s.state, s.revision INTO v_state, v_revision FROM streams s WHERE s.stream_name = p_stream;
  IF v_count = 0 OR coalesce(v_state, 'live') <> 'live'
     OR NOT commonplace_expectation_holds(p_expected, coalesce(v_revision, -1))
     OR pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RETURN QUERY SELECT * FROM commonplace_careful_append_unordered(p_stream, p_expected, p_events);
    RETURN;
  END IF;

  PERFORM pg_advisory_lock(${POSITION_LOCK_KEY});
  BEGIN
    v_xid := pg_current_xact_id();
    v_first := nextval('events_position_seq');
    IF v_count > 1 THEN
      PERFORM setval('events_position_seq', v_first + v_count - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});

  -- The expectation again, on the row as now locked: exact, and 'any' never loses a race.
  WITH moved AS (
    INSERT INTO streams AS s (stream_name, revision) VALUES (p_stream, v_count - 1)
      ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + v_count
      WHERE s.state = 'live' AND commonplace_expectation_holds(p_expected, s.revision)
      RETURNING s.revision - v_count AS base
  ), inserted AS (
    INSERT INTO events (position, transaction_id, stream_name, revision, event_id, type, data, metadata)
    SELECT v_first + e.ord - 1, v_xid, p_stream, moved.base + e.ord,
           (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data',
           coalesce(e.value -> 'metadata', '{}'::jsonb)
      FROM moved, jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
    RETURNING revision
  )
  SELECT max(inserted.revision) INTO v_last FROM inserted;
  IF v_last IS NULL THEN
    -- The stream moved meanwhile so that the expectation fails: nothing written, ask the careful append.
    RETURN QUERY SELECT NULL::integer, NULL::bigint, false;
    RETURN;
  END IF;
  RETURN QUERY SELECT v_last, v_first + v_count - 1, true;
END
$fn$;
`;

/**
 * A stream's revision is the highest revision among its events: no stream row
 * is written per append any more (a stream row now exists only for a stream
 * that has metadata or was deleted). Appends to one stream queue on the
 * stream's transaction lock (event-store-004) first, which is held to the
 * commit: when an append gets it, every earlier append to the stream has
 * committed or rolled back, and the append's next statement (a new snapshot)
 * sees the stream as it is. So the revision it reads there is exact, every
 * expectation is decided before anything is written, and one function does
 * what the fast and careful appends did. Deletes take the same lock, so an
 * append sees a delete whole or not at all.
 *
 * The price: reading the newest event of the stream (about 20 µs, most of it
 * checking that just-committed row's visibility) instead of updating the
 * stream's row. Measured with `node bench/dist/event-store/append-cpu.js 8 2500`
 * (PostgreSQL's CPU per append, inside a procedure with no client): 113–114 µs
 * with event-store-005's append, 91–101 µs with this one, 34–37 µs for a raw
 * insert.
 */
const REVISION_FROM_EVENTS = `
DROP FUNCTION commonplace_append(text, text, jsonb);
DROP FUNCTION commonplace_careful_append(text, text, jsonb);
DROP FUNCTION commonplace_careful_append_unordered(text, text, jsonb);
DROP FUNCTION commonplace_append_unordered(text, text, jsonb);
DROP FUNCTION commonplace_take_positions(integer);
DROP FUNCTION commonplace_lock_stream(text);
ALTER TABLE streams DROP COLUMN revision;

-- p_check_ids: look the event ids up first (the adapter asks after an insert hit a stored id).
-- Locks are taken by assignment, not PERFORM: plpgsql evaluates an assignment's
-- simple expression without starting the executor. One row, by OUT parameters.
CREATE FUNCTION commonplace_append(p_stream text, p_expected text, p_events jsonb,
                                   p_check_ids boolean DEFAULT false,
                                   OUT next_revision integer, OUT last_position bigint,
                                   OUT appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_state text;
  v_revision integer;
  v_xid xid8;
  v_first bigint;
  v_locked boolean;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'commonplace_append must be the first write of its transaction'
      USING ERRCODE = '${APPEND_ERROR.notFirstWrite}';
  END IF;
  v_locked := pg_advisory_xact_lock(${STREAM_LOCK_SPACE},
                hashtext(current_schema() || '/' || p_stream)) IS NOT NULL;
  SELECT coalesce((SELECT s.state FROM streams s WHERE s.stream_name = p_stream), 'live'),
         coalesce((SELECT max(e.revision) FROM events e WHERE e.stream_name = p_stream), -1)
    INTO v_state, v_revision;

  IF p_check_ids OR v_count = 0 OR v_state = 'tombstoned' OR NOT commonplace_expectation_holds(
       p_expected, CASE WHEN v_state = 'soft_deleted' THEN -1 ELSE v_revision END) THEN
    appended := false;
    IF v_count > 0 THEN
      -- A retry of an append that was stored answers what was stored the first time.
      SELECT r.next_revision, r.last_position INTO next_revision, last_position
        FROM commonplace_retried_append(p_stream,
               ARRAY(SELECT (e.value ->> 'id')::uuid
                       FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
                      ORDER BY e.ord)) r;
      IF FOUND THEN
        RETURN;
      END IF;
    END IF;
    -- Refuses a tombstone or a failed expectation with the typed error.
    next_revision := commonplace_expect(p_stream, p_expected, v_state, v_revision);
    IF v_count = 0 THEN
      last_position := coalesce((SELECT e.position FROM events e
                                  WHERE e.stream_name = p_stream AND e.revision = next_revision), 0);
      RETURN;
    END IF;
  END IF;

  v_locked := pg_advisory_lock(${POSITION_LOCK_KEY}) IS NOT NULL;
  BEGIN
    v_xid := pg_current_xact_id();
    v_first := nextval('events_position_seq');
    IF v_count > 1 THEN
      PERFORM setval('events_position_seq', v_first + v_count - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    v_locked := pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  v_locked := pg_advisory_unlock(${POSITION_LOCK_KEY});

  -- A soft-deleted stream is recreated, its revisions continuing.
  INSERT INTO events (position, transaction_id, stream_name, revision, event_id, type, data, metadata)
  SELECT v_first + e.ord - 1, v_xid, p_stream, v_revision + e.ord,
         (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data',
         coalesce(e.value -> 'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);
  IF v_state = 'soft_deleted' THEN
    UPDATE streams SET state = 'live' WHERE stream_name = p_stream;
  END IF;
  next_revision := v_revision + v_count;
  last_position := v_first + v_count - 1;
  appended := true;
END
$fn$;

-- Under the stream's append lock, so an append sees a delete whole or not at all.
-- Soft: recreating the stream continues its revisions, and what came before stays truncated.
-- Hard: a tombstone, even for a stream that never was: the name can never be used again.
CREATE FUNCTION commonplace_delete_stream(p_stream text, p_hard boolean)
RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_revision integer;
BEGIN
  PERFORM pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, hashtext(current_schema() || '/' || p_stream));
  IF p_hard THEN
    INSERT INTO streams AS s (stream_name, state) VALUES (p_stream, 'tombstoned')
      ON CONFLICT (stream_name) DO UPDATE SET state = 'tombstoned';
    RETURN;
  END IF;
  SELECT max(e.revision) INTO v_revision FROM events e WHERE e.stream_name = p_stream;
  IF v_revision IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO streams AS s (stream_name, state, truncate_before)
  VALUES (p_stream, 'soft_deleted', v_revision + 1)
  ON CONFLICT (stream_name) DO UPDATE SET state = 'soft_deleted', truncate_before = v_revision + 1
   WHERE s.state = 'live';
END
$fn$;
`;

/** The log's tables; the same SQL on PGlite and PostgreSQL. */
/**
 * Appends to several streams in one statement, so in one round trip and one
 * commit: the collaboration endpoint stores every document whose window closed
 * on the same beat together. p_appends: [{"stream", "expected", "events"}, ...],
 * each stream once. All or nothing: one refused append (a failed expectation,
 * a tombstone, a stored event id) refuses them all, and the caller appends them
 * one by one to learn which. The streams' locks are taken in name order, so two
 * of these never wait on each other in a circle; then, as in commonplace_append,
 * the transaction id and every position together under the position lock, as
 * the transaction's first write.
 */
const MULTI_STREAM_APPEND = `
CREATE FUNCTION commonplace_append_many(p_appends jsonb)
RETURNS TABLE (next_revision integer, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_n integer := jsonb_array_length(p_appends);
  v_streams text[];
  v_states text[];
  v_revisions integer[];
  v_stream text;
  v_state text;
  v_revision integer;
  v_count integer;
  v_total integer := 0;
  v_xid xid8;
  v_first bigint;
  v_next bigint;
  v_locked boolean;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'commonplace_append_many must be the first write of its transaction'
      USING ERRCODE = '${APPEND_ERROR.notFirstWrite}';
  END IF;
  v_streams := ARRAY(SELECT a.value ->> 'stream'
                       FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(value, ord)
                      ORDER BY a.ord);
  FOR v_stream IN SELECT DISTINCT s FROM unnest(v_streams) AS s ORDER BY s LOOP
    v_locked := pg_advisory_xact_lock(${STREAM_LOCK_SPACE},
                  hashtext(current_schema() || '/' || v_stream)) IS NOT NULL;
  END LOOP;
  FOR i IN 1..v_n LOOP
    v_count := jsonb_array_length(p_appends -> (i - 1) -> 'events');
    SELECT coalesce((SELECT s.state FROM streams s WHERE s.stream_name = v_streams[i]), 'live'),
           coalesce((SELECT max(e.revision) FROM events e WHERE e.stream_name = v_streams[i]), -1)
      INTO v_state, v_revision;
    -- Refuses a tombstone or a failed expectation with the typed error.
    PERFORM commonplace_expect(v_streams[i], p_appends -> (i - 1) ->> 'expected', v_state, v_revision);
    IF v_count = 0 THEN
      RAISE EXCEPTION 'append % of a multi-stream append has no events', i;
    END IF;
    v_states[i] := v_state;
    v_revisions[i] := v_revision;
    v_total := v_total + v_count;
  END LOOP;

  v_locked := pg_advisory_lock(${POSITION_LOCK_KEY}) IS NOT NULL;
  BEGIN
    v_xid := pg_current_xact_id();
    v_first := nextval('events_position_seq');
    IF v_total > 1 THEN
      PERFORM setval('events_position_seq', v_first + v_total - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    v_locked := pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  v_locked := pg_advisory_unlock(${POSITION_LOCK_KEY});

  v_next := v_first;
  FOR i IN 1..v_n LOOP
    INSERT INTO events (position, transaction_id, stream_name, revision, event_id, type, data, metadata)
    SELECT v_next + e.ord - 1, v_xid, v_streams[i], v_revisions[i] + e.ord,
           (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data',
           coalesce(e.value -> 'metadata', '{}'::jsonb)
      FROM jsonb_array_elements(p_appends -> (i - 1) -> 'events') WITH ORDINALITY AS e(value, ord);
    IF v_states[i] = 'soft_deleted' THEN
      UPDATE streams SET state = 'live' WHERE stream_name = v_streams[i];
    END IF;
    v_count := jsonb_array_length(p_appends -> (i - 1) -> 'events');
    next_revision := v_revisions[i] + v_count;
    last_position := v_next + v_count - 1;
    RETURN NEXT;
    v_next := v_next + v_count;
  END LOOP;
END
$fn$;
`;

/**
 * Readers read only settled events: those of transactions that have finished
 * for good (committed or rolled back), a prefix of the log that only ever
 * grows at its end, so a reader following it in position order never skips
 * an event that commits late. Up to event-store-007 the test was
 * `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`; but xmin is the
 * oldest transaction still running anywhere in the PostgreSQL cluster, so a
 * transaction left open in another database of a shared cluster held every
 * projection here back.
 *
 * Now, in the reading statement's snapshot S: settled is `transaction_id < H`,
 * H = the least of S's xmax, this transaction's own xid, and every xid in S's
 * in-progress list except those shown, after S was taken, to belong to
 * another database: the backend_xid of a pg_stat_activity row whose datid is
 * another database (or none), or a prepared transaction of another database.
 *
 * Why nothing is skipped: let T, with xid t < H, be a transaction with events
 * here. If T has finished as of S, S shows its events or they never were. If
 * T is running at S, it was not counted, so t was shown as another database's:
 * - by a backend's row. pg_stat_activity, read after S was taken, copies a
 *   backend's slot (pid, database) and then reads the xid of whoever holds
 *   that backend's number. A backend ending in between could hand its number
 *   on (its slot is cleared before it does), but the new one would start,
 *   and get its xid, after the slot was read, so after S; t, being in S's
 *   list, was assigned before S. So t is the xid of the backend whose
 *   database was read, and a backend never changes database.
 * - or by a prepared transaction, listed with its database.
 * Yet an append takes its transaction id inside commonplace_append, as its
 * transaction's first write (CP004 otherwise), in this database: T cannot
 * have events here. Every xid assigned after S is at least S's xmax.
 *
 * Only what is shown is ignored, so what is not shown is counted (H is
 * never below xmin): a backend whose row cannot show it, a transaction moving
 * from its backend to PREPARE between the two reads (seen next time). datid
 * and backend_xid are shown to every role (pgstatfuncs.c: "values available
 * to all callers"). A transaction reads pg_stat_activity once and keeps it:
 * it is cleared first, so that the read comes after S even on a second read
 * in one transaction. Any isolation level will do.
 *
 * Reading pg_stat_activity adds about 70 µs of PostgreSQL CPU to a read (28
 * backends; it grows with their number), so H is plain xmin without it when
 * that loses nothing: nothing is running, or only this transaction, or the
 * newest event in the log is already below xmin (positions follow
 * transaction ids, so nothing committed is held back). So always on PGlite
 * (one connection: nothing else runs). Also on a hot standby, whose
 * snapshots list no running xids.
 *
 * What still holds projections back: a transaction open in this database
 * (any schema) that has written, for as long as it stays open. Delayed, never
 * skipped; the projection lag metric shows it. Set
 * idle_in_transaction_session_timeout.
 */
const LOCAL_HORIZON = `
-- See LOCAL_HORIZON. Runs after the caller's snapshot p_taken was taken. plpgsql, not sql, for
-- its cached plan: a SQL function is planned anew at every call.
CREATE FUNCTION commonplace_settled_below(p_taken pg_snapshot)
RETURNS xid8
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_stat_clear_snapshot();
  RETURN least(
    (SELECT min(x) FROM pg_snapshot_xip(p_taken) AS x
      WHERE xid(x) <> ALL (ARRAY(
        SELECT a.backend_xid FROM pg_stat_get_activity(NULL) AS a
         WHERE a.backend_xid IS NOT NULL
           AND a.datid IS DISTINCT FROM (SELECT d.oid FROM pg_database d
                                          WHERE d.datname = current_database())
        UNION ALL
        SELECT p.transaction FROM pg_prepared_xact() AS p
         WHERE p.dbid <> (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())))),
    pg_snapshot_xmax(p_taken),
    pg_current_xact_id_if_assigned());
END
$fn$;

-- The settled events after p_after, and with p_with_head the highest settled position, from one
-- snapshot. Always one row at least: an empty page is one row holding only the head.
-- plpgsql for its cached plan: planned once per connection, not at every read.
CREATE FUNCTION commonplace_read_all(p_after bigint, p_stream_prefix text, p_types jsonb,
                                     p_max_count integer, p_with_head boolean)
RETURNS TABLE (head bigint, "position" bigint, stream_name text, revision integer,
               event_id text, type text, data jsonb, metadata jsonb, recorded_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    WITH taken AS MATERIALIZED (SELECT pg_current_snapshot() AS snapshot),
    settled AS MATERIALIZED (
      SELECT CASE
               WHEN pg_snapshot_xmin(t.snapshot) = pg_snapshot_xmax(t.snapshot)
                 OR pg_snapshot_xmin(t.snapshot) = pg_current_xact_id_if_assigned()
                 OR coalesce((SELECT e.transaction_id FROM events e ORDER BY e.position DESC LIMIT 1)
                               < pg_snapshot_xmin(t.snapshot), true)
                 OR pg_is_in_recovery()
               THEN pg_snapshot_xmin(t.snapshot)
               ELSE commonplace_settled_below(t.snapshot)
             END AS below
        FROM taken t)
    SELECT h.head, p.* FROM
      (SELECT CASE WHEN p_with_head THEN
                (SELECT coalesce(max(e.position), 0) FROM events e
                  WHERE e.transaction_id < (SELECT s.below FROM settled s)) END AS head) h
      LEFT JOIN LATERAL (
        SELECT e.position, e.stream_name, e.revision, e.event_id::text, e.type, e.data,
               e.metadata, e.recorded_at
          FROM events e
         WHERE e.position > p_after AND e.transaction_id < (SELECT s.below FROM settled s)
           AND (p_stream_prefix IS NULL OR starts_with(e.stream_name, p_stream_prefix))
           AND (p_types IS NULL OR e.type IN (SELECT jsonb_array_elements_text(p_types)))
         ORDER BY e.position
         LIMIT p_max_count) p ON true
     ORDER BY p.position;
END
$fn$;
`;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'event-store-001-events',
    sql: `
      CREATE TABLE events (
        position bigint PRIMARY KEY,
        stream_name text NOT NULL,
        revision integer NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_name, revision)
      );
      CREATE INDEX events_type_position ON events (type, position);
      CREATE TABLE streams (
        stream_name text PRIMARY KEY,
        revision integer NOT NULL
      );
    `,
  },
  { id: 'event-store-002-concurrent-appends', sql: APPEND_FUNCTION_MIGRATION },
  { id: 'event-store-003-fast-append', sql: FAST_APPEND_FUNCTION },
  { id: 'event-store-004-stream-order', sql: STREAM_ORDER_FUNCTION },
  { id: 'event-store-005-one-function-append', sql: ONE_FUNCTION_APPEND },
  { id: 'event-store-006-revision-from-events', sql: REVISION_FROM_EVENTS },
  { id: 'event-store-007-multi-stream-append', sql: MULTI_STREAM_APPEND },
  { id: 'event-store-008-local-horizon', sql: LOCAL_HORIZON },
];
