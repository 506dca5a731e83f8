import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { describe, it } from '@jest/globals';
import pg from 'pg';
import { PostgresDatabase } from '../database/postgres-database.js';

/**
 * Integration tests that need PostgreSQL or Redis. Locally, a missing service
 * skips those suites with one loud line; in CI (CI=true) it fails them, so a
 * broken service can never turn into a quietly green run.
 */

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const PROBE_TIMEOUT_MS = 3_000;

export type TestService = 'postgres' | 'redis';

export interface ServiceProbe {
  readonly available: boolean;
  /** Why not, when unavailable. */
  readonly reason?: string;
}

const HOW_TO_START: Record<TestService, string> = {
  postgres:
    `PostgreSQL is not reachable at ${redact(TEST_DATABASE_URL)}. Start it (e.g. \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\`, ` +
    '`docker compose up -d postgres`) or point TEST_DATABASE_URL at one',
  redis: `Redis is not reachable at ${redact(TEST_REDIS_URL)}. Start it (e.g. \`redis-server --daemonize yes\`, \`docker compose up -d redis\`) or point TEST_REDIS_URL at one`,
};

const probes = new Map<TestService, Promise<ServiceProbe>>();

/** Probed once per test file and remembered. */
export function postgresAvailable(): Promise<ServiceProbe> {
  return probeOnce('postgres', probePostgres);
}

export function redisAvailable(): Promise<ServiceProbe> {
  return probeOnce('redis', probeRedis);
}

/**
 * `await describeWithPostgres('…', () => { … })` at the top level of an
 * `*.int-spec.ts` file: runs the suite when PostgreSQL answers; otherwise
 * skips it with a warning, or fails it when CI=true.
 */
export function describeWithPostgres(name: string, suite: () => void): Promise<void> {
  return describeWithService('postgres', name, suite);
}

export function describeWithRedis(name: string, suite: () => void): Promise<void> {
  return describeWithService('redis', name, suite);
}

export async function describeWithService(
  service: TestService,
  name: string,
  suite: () => void,
): Promise<void> {
  const probe = await (service === 'postgres' ? postgresAvailable() : redisAvailable());
  if (probe.available) {
    describe(name, suite);
    return;
  }
  const message = `${HOW_TO_START[service]} (${probe.reason ?? 'no answer'}).`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs ${service}`, () => {
        throw new Error(`${message} CI must run this suite, so it fails instead of skipping.`);
      });
    });
    return;
  }
  console.warn(`⚠ SKIPPED "${name}": ${message}`);
  describe.skip(name, suite);
}

export interface PostgresTestDatabase {
  readonly db: PostgresDatabase;
  /** Connection string whose search_path is the fresh schema. */
  readonly connectionString: string;
  readonly schema: string;
  /** Closes the pool and drops the schema with everything in it. */
  dispose(): Promise<void>;
}

/**
 * A PostgresDatabase confined to a fresh schema `t_<random>` of this Jest
 * worker's database, so tests never see each other's tables.
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(await workerDatabaseUrl());
  await withAdminClient((client) => client.query(`CREATE SCHEMA ${schema}`), url.toString());
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  const db = new PostgresDatabase({ connectionString });
  let disposed = false;
  return {
    db,
    connectionString,
    schema,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await db.close();
      await withAdminClient(
        (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
        await workerDatabaseUrl(),
      );
    },
  };
}

let workerDatabase: Promise<string> | undefined;

/**
 * Each Jest worker's own database, `<test database>_w<worker>`, made on first
 * use and kept: the log's readers stop below the oldest transaction still open
 * in their database, so workers sharing one would hold back each other's
 * projections (never skip, but wait: and tests that read the head at once
 * would see it behind).
 */
function workerDatabaseUrl(): Promise<string> {
  workerDatabase ??= (async () => {
    const url = new URL(TEST_DATABASE_URL);
    const name = `${decodeURIComponent(url.pathname.slice(1)) || 'test'}_w${process.env.JEST_WORKER_ID ?? '1'}`;
    if (!/^[a-z0-9_]+$/i.test(name))
      throw new Error(`The test database name ${name} must be letters, digits and underscores.`);
    await withAdminClient(async (client) => {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount !== 0) return;
      // template0: nobody else is ever connected to it, which CREATE DATABASE requires.
      await client.query(`CREATE DATABASE ${name} TEMPLATE template0`).catch((error: unknown) => {
        // A worker of another run made it first.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    });
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return workerDatabase;
}

export interface ScratchDatabase {
  /** Connection string of the new database. */
  readonly connectionString: string;
  /** Drops the database, ending whatever is still connected to it. */
  dispose(): Promise<void>;
}

/**
 * A whole database `cp_<random>` of its own, beside the test database in the
 * same cluster: for tests about what other databases' sessions do to this one.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `cp_${randomBytes(6).toString('hex')}`;
  // template0: nobody else is ever connected to it, which CREATE DATABASE requires.
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  let disposed = false;
  return {
    connectionString: url.toString(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await withAdminClient((client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient<T>(
  work: (client: pg.Client) => Promise<T>,
  connectionString = TEST_DATABASE_URL,
): Promise<T> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function probeOnce(service: TestService, probe: () => Promise<void>): Promise<ServiceProbe> {
  let result = probes.get(service);
  if (!result) {
    result = probe().then(
      () => ({ available: true }),
      (error: unknown) => ({ available: false, reason: messageOf(error) }),
    );
    probes.set(service, result);
  }
  return result;
}

async function probePostgres(): Promise<void> {
  await withAdminClient((client) => client.query('SELECT 1'));
}

/** A bare RESP PING over TCP: no Redis client library needed to know it is up. */
function probeRedis(): Promise<void> {
  const url = new URL(TEST_REDIS_URL);
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) });
    const done = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () =>
      done(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
    );
    socket.once('error', (error) => done(error));
    socket.once('connect', () => {
      const password = decodeURIComponent(url.password);
      const user = decodeURIComponent(url.username);
      const auth = password ? (user ? `AUTH ${user} ${password}\r\n` : `AUTH ${password}\r\n`) : '';
      socket.write(`${auth}PING\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('+PONG')) done();
      else if (answer.startsWith('-')) done(new Error(answer.trim()));
    });
  });
}

function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return connectionString;
  }
}

/** Structural, not instanceof: errors may come from another realm (Jest's VM contexts). */
function messageOf(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null
      ? (error as { message?: unknown }).message
      : undefined;
  return typeof message === 'string' ? message : String(error);
}
