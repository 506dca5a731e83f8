import { expect, it } from '@jest/globals';
import type {
  BoardView,
  ClassroomSummary,
  ProjectDetail,
  SignInResponse,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.seed.js';

await describeOnEveryStore('the demo classroom', (openStore) => {
  const { start, client } = loopHarness(openStore);

  it('shows a project with checkpoints, none overdue on a fresh board, and a rubric', async () => {
    const { url } = await start({ SEED_DEMO: 'true' });
    const signIn = await client(url, undefined)<SignInResponse>(
      'POST',
      apiPath(API_ROUTES.signIn),
      {
        login: DEMO_ACCOUNTS.teacher.login,
        password: DEMO_PASSWORD,
      },
    );
    const teacher = client(url, signIn.body.token);
    const [classroom] = (
      await teacher<ClassroomSummary[]>('GET', apiPath(API_ROUTES.listClassrooms))
    ).body;
    const classroomId = classroom?.id ?? '';
    const projects = await teacher<{ items: { id: string }[] }>(
      'GET',
      apiPath(API_ROUTES.listProjects, { classroomId }),
    );
    const project = (
      await teacher<ProjectDetail>(
        'GET',
        apiPath(API_ROUTES.project, { projectId: projects.body.items[0]?.id ?? '' }),
      )
    ).body;
    expect(project.checkpoints.map((c) => c.title)).toEqual([
      'Our question',
      'Evidence collected',
      'Draft report',
    ]);
    expect(project.rubric?.criteria.map((c) => c.title)).toEqual([
      'Evidence',
      'Explanation',
      'Teamwork',
    ]);

    const board = (await teacher<BoardView>('GET', apiPath(API_ROUTES.board, { classroomId })))
      .body;
    expect(board.groups.map((g) => [g.name, g.signals.map((s) => s.kind)])).toEqual([
      ['Otters', []],
      ['Herons', []],
    ]);
    expect(board.attention).toEqual([]);
    expect(project.checkpoints.every((c) => Date.parse(c.dueAt) > Date.now())).toBe(true);
  }, 60_000);
});
