import { randomBytes } from 'node:crypto';
import { PostgresDatabase } from './server-modules.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** A throwaway schema; its connection string puts it first on the search_path, so unqualified SQL lands in it. */
export interface ScratchSchema {
  readonly name: string;
  readonly connectionString: string;
  drop(): Promise<void>;
}

export async function createScratchSchema(baseUrl: string, label: string): Promise<ScratchSchema> {
  const name = `bench_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE SCHEMA ${name}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    connectionString: url.toString(),
    drop: () => adminQuery(baseUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const db = new PostgresDatabase({ connectionString: baseUrl, max: 1 });
  try {
    await db.query(sql);
  } finally {
    await db.close();
  }
}
