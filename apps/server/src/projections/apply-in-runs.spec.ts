import { describe, expect, it } from '@jest/globals';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { applyInRuns, insertRun } from './apply-in-runs.js';

function recorded(position: number, type: string): RecordedEvent {
  return {
    id: `id-${position}`,
    streamName: 's',
    type,
    data: {},
    metadata: {},
    revision: position,
    position,
    recordedAt: new Date(0),
  };
}

describe('applyInRuns', () => {
  it('writes only consecutive events of one type together and keeps every event in its place', async () => {
    const calls: string[] = [];
    const tx = {} as SqlExecutor;
    const types = ['Joined', 'Joined', 'Removed', 'Joined', 'Renamed', 'Renamed', 'Joined'];
    await applyInRuns(
      types.map((type, index) => recorded(index + 1, type)),
      tx,
      {
        Joined: async (events) => {
          calls.push(`joined ${events.map((e) => e.position).join(',')}`);
        },
      },
      async (event) => {
        calls.push(`apply ${event.position}`);
      },
    );
    expect(calls).toEqual(['joined 1,2', 'apply 3', 'joined 4', 'apply 5', 'apply 6', 'joined 7']);
  });

  it('does nothing with no events', async () => {
    const calls: string[] = [];
    await applyInRuns([], {} as SqlExecutor, {}, async () => {
      calls.push('apply');
    });
    expect(calls).toEqual([]);
  });
});

describe('insertRun', () => {
  it('inserts a whole run in one statement, a typed array per column, the first row winning a key', async () => {
    const statements: { sql: string; params: readonly unknown[] | undefined }[] = [];
    const tx: SqlExecutor = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => {
        statements.push({ sql, params });
        return [] as Row[];
      },
    };
    const write = insertRun<{ noteId: string; text?: string }>('rm_notes', [
      ['id', 'text', (d) => d.noteId],
      ['text', 'text', (d) => d.text ?? null],
      ['position', 'bigint', (_, event) => event.position],
    ]);
    const events = [
      { ...recorded(4, 'NoteAdded'), data: { noteId: 'a', text: 'first' } },
      { ...recorded(5, 'NoteAdded'), data: { noteId: 'b' } },
    ];
    await write(events, tx);
    expect(statements).toEqual([
      {
        sql: 'INSERT INTO rm_notes (id, text, position) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING',
        params: [
          ['a', 'b'],
          ['first', null],
          [4, 5],
        ],
      },
    ]);
  });
});
