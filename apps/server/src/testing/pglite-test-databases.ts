import { afterAll, beforeAll } from '@jest/globals';
import type { PGlite } from '@electric-sql/pglite';
import { PgliteDatabase } from '../database/pglite-database.js';
import { pgliteFromTemplate } from './pglite-template.js';

export interface PgliteTestDatabases {
  /** An empty in-memory database (fresh `public` schema); close it when done. */
  create(): Promise<PgliteDatabase>;
}

/**
 * Call inside a `describe`. Booting PGlite takes a second even from the template, so the block shares
 * one instance and each create() wipes the `public` schema (tens of ms): the
 * tests of a block run one after another, never two at once.
 */
export function pgliteTestDatabases(): PgliteTestDatabases {
  let shared: PGlite | undefined;
  beforeAll(async () => {
    shared = await pgliteFromTemplate();
  }, 60_000);
  afterAll(async () => {
    await shared?.close();
  });
  return {
    async create() {
      if (!shared)
        throw new Error(
          'pgliteTestDatabases() must be called inside a describe block, before its tests run.',
        );
      await shared.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      return PgliteDatabase.fromInstance(shared, { closesInstance: false });
    },
  };
}
