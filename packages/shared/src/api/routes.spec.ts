import { describe, expect, it } from '@jest/globals';
import type { AnyRoute } from './route.js';
import { ROUTE_SCOPES } from './route.js';
import { API_ROUTES, apiPath } from './routes.js';

const routes = Object.entries(API_ROUTES) as [string, AnyRoute][];

describe('the route table', () => {
  it('builds URLs with the prefix and every parameter encoded', () => {
    expect(apiPath(API_ROUTES.classroom, { classroomId: 'c 1/2' })).toBe(
      '/api/classrooms/c%201%2F2',
    );
    expect(apiPath(API_ROUTES.markCheckpointReached, { docId: 'd-1', checkpointId: 'cp-1' })).toBe(
      '/api/workspaces/d-1/checkpoints/cp-1/reached',
    );
    expect(apiPath(API_ROUTES.documentRevision, { docId: 'd-1', revision: 7 })).toBe(
      '/api/workspaces/d-1/history/7',
    );
    expect(apiPath(API_ROUTES.me)).toBe('/api/me');
  });

  it('never lists the same method and path twice', () => {
    const keys = routes.map(([, r]) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('validates every path parameter, ids with the one id schema', () => {
    const params = API_ROUTES.removeMember.params;
    expect(params.safeParse({ classroomId: 'c-1', userId: 'u-1' }).success).toBe(true);
    expect(params.safeParse({ classroomId: '', userId: 'u-1' }).success).toBe(false);
    expect(params.safeParse({ classroomId: 'x'.repeat(101), userId: 'u-1' }).success).toBe(false);
    expect(API_ROUTES.documentRevision.params.parse({ docId: 'd', revision: '3' })).toEqual({
      docId: 'd',
      revision: 3,
    });
    for (const [name, route] of routes) {
      const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect([name, Object.keys(route.params.shape).sort()]).toEqual([name, names.sort()]);
    }
  });

  it('says for every route who decides access, and a permission names a parameter of its path', () => {
    for (const [name, route] of routes) {
      const rule = route.authorize;
      expect([name, route.access]).toEqual([name, rule === 'public' ? 'public' : 'signed-in']);
      if (rule === 'public') continue;
      if ('decidedBy' in rule) {
        expect([name, rule.reason.length > 10]).toEqual([name, true]);
        continue;
      }
      expect([name, route.path.includes(`:${rule.param}`)]).toEqual([name, true]);
      expect(ROUTE_SCOPES).toContain(rule.scope);
    }
  });

  it('answers 204 exactly when there is nothing to answer with', () => {
    for (const [name, route] of routes) {
      expect([name, route.status === 204]).toEqual([name, route.response === undefined]);
    }
  });
});
