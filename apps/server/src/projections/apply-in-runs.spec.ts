import { describe, expect, it } from '@jest/globals';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { applyInRuns } from './apply-in-runs.js';

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
