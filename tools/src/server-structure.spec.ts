import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import {
  entryPointsRunningSql,
  folderImports,
  foreignReadModelUses,
  importCycles,
  nestClassesWithoutRole,
  productionSources,
  readModelOwners,
} from './server-structure.js';

const SERVER_SOURCE = fileURLToPath(new URL('../../apps/server/src/', import.meta.url));

/**
 * A ratchet, not a wish: the cycles left to untangle (none today, issue 14).
 * A new cycle fails the suite; so does fixing one without taking it off the
 * list, which keeps the list true. Read models have no such list: a table
 * named outside the folder that owns it fails, with no exceptions.
 */
const KNOWN_CYCLES: string[][] = [];

describe('the server source', () => {
  const files = productionSources(SERVER_SOURCE);

  it('has no import cycle between its folders, but the known ones', () => {
    expect(importCycles(folderImports(files))).toEqual(KNOWN_CYCLES);
  });

  it('names a read model’s tables only in the folder that owns them', () => {
    expect(readModelOwners(files).size).toBeGreaterThan(30);
    expect(foreignReadModelUses(files)).toEqual([]);
  });

  it('runs SQL in no controller or gateway', () => {
    expect(files.filter((f) => f.path.endsWith('.controller.ts')).length).toBeGreaterThan(10);
    expect(entryPointsRunningSql(files)).toEqual([]);
  });

  it('names every Nest class’s file by what it is and its role', () => {
    expect(nestClassesWithoutRole(files)).toEqual([]);
  });
});

describe('the structure checks themselves', () => {
  const file = (path: string, text: string) => ({ path, folder: path.split('/')[0] ?? '', text });

  it('find a cycle through three folders and ignore imports inside one', () => {
    const edges = folderImports([
      file('a/x.ts', "import { y } from '../b/y.js';\nimport { z } from './z.js';"),
      file('b/y.ts', "import { z } from '../c/z.js';"),
      file('c/z.ts', "import type { x } from '../a/x.js';"),
      file('d/w.ts', "import { x } from '../a/x.js';"),
    ]);
    expect(importCycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('find a read model named outside the folder whose migration creates it', () => {
    const uses = foreignReadModelUses([
      file('roster/roster.projection.ts', 'CREATE TABLE IF NOT EXISTS rm_groups (id text)'),
      file('roster/roster.queries.ts', 'SELECT * FROM rm_groups'),
      file('live/board.queries.ts', 'SELECT * FROM rm_groups JOIN rm_unknown'),
    ]);
    expect(uses).toEqual(['live/board.queries.ts: rm_groups']);
  });

  it('find a controller that is handed the database', () => {
    const found = entryPointsRunningSql([
      file('live/activity.controller.ts', '@Inject(SQL_DATABASE) private readonly db: SqlDatabase'),
      file('live/activity.queries.ts', '@Inject(SQL_DATABASE) private readonly db: SqlDatabase'),
      file('live/board.controller.ts', 'constructor(private readonly board: BoardQueries) {}'),
    ]);
    expect(found).toEqual(['live/activity.controller.ts']);
  });

  it('find a Nest class whose file says no role', () => {
    const nest = (path: string) => file(path, '@Injectable()\nexport class X {}');
    expect(
      nestClassesWithoutRole([
        nest('activity/board.queries.ts'),
        nest('activity/board-publisher.ts'),
        nest('roster/classroom-access.ts'),
        file('activity/zoned-days.ts', 'export function zonedDate() {}'),
      ]),
    ).toEqual(['activity/board-publisher.ts', 'roster/classroom-access.ts']);
  });
});
