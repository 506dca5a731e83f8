import { describe, expect, it } from '@jest/globals';
import { API_ROUTES, apiPath } from './routes.js';

describe('the route table', () => {
  it('builds URLs with the prefix and every parameter encoded', () => {
    expect(apiPath(API_ROUTES.classroom, { classroomId: 'c 1/2' })).toBe(
      '/api/classrooms/c%201%2F2',
    );
    expect(apiPath(API_ROUTES.markCheckpointReached, { docId: 'd-1', checkpointId: 'cp-1' })).toBe(
      '/api/workspaces/d-1/checkpoints/cp-1/reached',
    );
    expect(apiPath(API_ROUTES.me)).toBe('/api/me');
  });

  it('never lists the same method and path twice', () => {
    const keys = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
