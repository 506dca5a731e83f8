import { expect, it } from '@jest/globals';
import { API_PREFIX, API_ROUTES } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: { type?: string } }> };
  responses: Record<string, unknown>;
}

await describeOnEveryStore('the OpenAPI document', (openStore) => {
  const { start } = loopHarness(openStore);

  it('documents every route of the route table, with the shared schemas, and serves the UI', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    };
    expect(document.openapi).toBe('3.1.0');

    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = Object.values(API_ROUTES).map(
      (r) => `${r.method} ${API_PREFIX}${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
    );
    expect(documented.sort()).toEqual(routes.sort());

    // Bodies come from the zod schemas: the checkpoint's due date keeps its format.
    const assign = document.paths['/api/classrooms/{classroomId}/projects']?.['post'];
    expect(assign?.operationId).toBe('assignProject');
    expect(JSON.stringify(assign?.requestBody)).toContain('"format":"date-time"');
    expect(Object.keys(assign?.responses ?? {})).toEqual(['201', 'default']);

    const ui = await fetch(`${url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  }, 30_000);
});
