import { expect, it } from '@jest/globals';
import type {
  AcceptInviteResponse,
  ClassroomView,
  CreatedInvite,
  ErrorBody,
  FamilyChildDashboard,
  GroupView,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { weekStart } from './families.service.js';

const R = API_ROUTES;

it('weeks start on Monday, UTC', () => {
  expect(weekStart(new Date('2026-11-23T09:00:00Z')).toISOString()).toBe(
    '2026-11-23T00:00:00.000Z',
  );
  expect(weekStart(new Date('2026-11-29T23:59:00Z')).toISOString()).toBe(
    '2026-11-23T00:00:00.000Z',
  );
  expect(weekStart(new Date('2026-11-22T10:00:00Z')).toISOString()).toBe(
    '2026-11-16T00:00:00.000Z',
  );
});

await describeOnEveryStore('families', (openStore) => {
  const { start, person, client, withToken } = loopHarness(openStore);

  it('shows a guardian their own child only, with groupmates as "Classmate", and refuses any other child', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const classroomId = classroom.id;
    for (const s of [ada, bo]) {
      await s.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    }
    const group = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Otters',
      })
    ).body;
    for (const s of [ada, bo]) {
      await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
        studentId: s.id,
      });
    }
    const assigned = await teacher.call('POST', apiPath(R.assignProject, { classroomId }), {
      title: 'Rivers',
    });
    expect(assigned.status).toBe(201);

    const invite = (
      await teacher.call<CreatedInvite>('POST', apiPath(R.createInvite, { classroomId }), {
        role: 'guardian',
        studentIds: [ada.id],
      })
    ).body;
    const accepted = await client(url, undefined)<AcceptInviteResponse>(
      'POST',
      apiPath(R.acceptInvite),
      {
        token: invite.token,
        account: { login: 'ada-mum', displayName: 'Mum', password: 'long-enough-password' },
      },
    );
    expect(accepted.status).toBe(200);
    const me = await client(url, accepted.body.token)<{ id: string }>('GET', apiPath(R.me));
    const guardian = withToken(url, me.body.id, accepted.body.token);

    const dashboard = await guardian.call<FamilyChildDashboard>(
      'GET',
      `${apiPath(R.familyDashboard, { studentId: ada.id })}?weeks=3`,
    );
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ studentId: ada.id, firstName: 'ada' });
    expect(dashboard.body.projects.map((p) => p.title)).toEqual(['Rivers']);
    expect(
      dashboard.body.projects[0]?.groupMembers.map((m) => [m.displayName, m.isMyChild]).sort(),
    ).toEqual([
      ['Classmate', false],
      ['ada', true],
    ]);
    expect(JSON.stringify(dashboard.body)).not.toContain('"bo"');
    expect(JSON.stringify(dashboard.body)).not.toContain(bo.id);
    const weeks = dashboard.body.timeOnTaskByWeek;
    expect(weeks.map((w) => w.weekStart)).toEqual(
      [2, 1, 0].map((back) =>
        new Date(weekStart(new Date()).getTime() - back * 7 * 86_400_000)
          .toISOString()
          .slice(0, 10),
      ),
    );
    expect(weeks.every((w) => w.minutes >= 0)).toBe(true);
    // In the guardian's own zone the weeks are that zone's Mondays (14 hours ahead of UTC
    // here, so late on a UTC Sunday it is already the next week there).
    const zoned = await guardian.call<FamilyChildDashboard>(
      'GET',
      `${apiPath(R.familyDashboard, { studentId: ada.id })}?weeks=1&tz=Pacific/Kiritimati`,
    );
    const there = new Date(Date.now() + 14 * 3_600_000);
    expect(zoned.body.timeOnTaskByWeek.map((w) => w.weekStart)).toEqual([
      weekStart(there).toISOString().slice(0, 10),
    ]);
    const unknownZone = await guardian.call<ErrorBody>(
      'GET',
      `${apiPath(R.familyDashboard, { studentId: ada.id })}?tz=Mars/Olympus`,
    );
    expect(unknownZone).toMatchObject({ status: 400, body: { code: 'request.invalid' } });

    for (const [who, studentId] of [
      [guardian, bo.id],
      [teacher, ada.id],
      [bo, ada.id],
    ] as const) {
      const refused = await who.call('GET', apiPath(R.familyDashboard, { studentId }));
      expect(refused).toMatchObject({ status: 403, body: { code: 'families.not-your-child' } });
    }
  }, 60_000);
});
