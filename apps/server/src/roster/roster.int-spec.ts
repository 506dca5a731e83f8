import { expect, it } from '@jest/globals';
import type {
  ClassroomView,
  CreatedInvite,
  GroupView,
  MyProject,
  ProjectDetail,
  RosterPage,
  SignInCard,
  WorkspaceView,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { ERASED_TEXT, PersonalDataVault } from '../personal-data/index.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

const R = API_ROUTES;

await describeOnEveryStore('the roster', (openStore) => {
  const { start, person, client } = loopHarness(openStore);

  it('renames and dissolves groups, designates tutors, removes members, resets card secrets, pages the roster', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const classroomId = classroom.id;
    for (const s of [ana, ben]) {
      await s.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    }
    const group = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Otters',
      })
    ).body;
    await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
      studentId: ana.id,
    });

    const renamed = await teacher.call<GroupView>(
      'PATCH',
      apiPath(R.renameGroup, { classroomId, groupId: group.id }),
      { name: 'Sea Otters' },
    );
    expect(renamed.body).toMatchObject({ name: 'Sea Otters', memberIds: [ana.id] });

    await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
      studentId: ben.id,
    });
    const card = (
      await teacher.call<SignInCard>('POST', apiPath(R.createStudentAccount, { classroomId }), {
        displayName: 'Kim',
      })
    ).body;

    // Two at a time: the cursor walks the whole roster once.
    const seen: RosterPage['items'] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: RosterPage = (
        await teacher.call<RosterPage>(
          'GET',
          `${apiPath(R.roster, { classroomId })}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    const byId = new Map(seen.map((m) => [m.userId, m]));
    expect(seen).toHaveLength(4);
    expect(byId.get(teacher.id)?.roles).toEqual(['teacher']);
    expect(byId.get(ana.id)).toMatchObject({ roles: ['student'], groupId: group.id });
    expect(byId.get(ben.id)?.roles).toEqual(['student', 'peer-tutor']);
    expect(byId.get(card.studentId)).toMatchObject({ displayName: 'Kim', youngStudent: true });

    // A reset secret replaces the old one at once.
    const reset = (
      await teacher.call<SignInCard>(
        'POST',
        apiPath(R.resetStudentSecret, { classroomId, studentId: card.studentId }),
      )
    ).body;
    const anonymous = client(url, undefined);
    const signIn = (secret: string) =>
      anonymous('POST', apiPath(R.studentSignIn), { classCode: classroom.joinCode, secret });
    expect((await signIn(card.secret)).status).toBe(401);
    expect((await signIn(reset.secret)).status).toBe(200);

    // A project for one student alone: their own workspace, nobody else's.
    const solo = (
      await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
        title: 'Solo',
        studentIds: [ben.id],
      })
    ).body;
    expect(solo.workspaces).toEqual([
      expect.objectContaining({ groupId: null, studentId: ben.id, memberIds: [ben.id] }),
    ]);
    const soloDoc = solo.workspaces[0]?.docId ?? '';
    const mine = (await ben.call<MyProject[]>('GET', apiPath(R.myProjects))).body;
    expect(mine).toEqual([
      expect.objectContaining({
        projectId: solo.id,
        groupId: null,
        groupName: 'ben',
        docId: soloDoc,
      }),
    ]);
    expect(
      (await ben.call<WorkspaceView>('GET', apiPath(R.workspace, { docId: soloDoc }))).body.access,
    ).toBe('read-write');
    expect((await ana.call('GET', apiPath(R.workspace, { docId: soloDoc }))).status).toBe(404);
    const outsider = await teacher.call<{ code: string }>(
      'POST',
      apiPath(R.assignProject, { classroomId }),
      { title: 'Nope', studentIds: [teacher.id] },
    );
    expect(outsider).toMatchObject({ status: 400, body: { code: 'request.invalid' } });

    // An edited brief reaches every view of the project.
    await teacher.call('PATCH', apiPath(R.updatePlan, { projectId: solo.id }), {
      brief: 'Map your street.',
    });
    expect(
      (await ben.call<ProjectDetail>('GET', apiPath(R.project, { projectId: solo.id }))).body.brief,
    ).toBe('Map your street.');
    expect(
      (await ben.call<WorkspaceView>('GET', apiPath(R.workspace, { docId: soloDoc }))).body.brief,
    ).toBe('Map your street.');

    // Dissolving ungroups its members; removing a student takes them out of the classroom.
    expect(
      (await teacher.call('DELETE', apiPath(R.dissolveGroup, { classroomId, groupId: group.id })))
        .status,
    ).toBe(204);
    expect(
      (
        await teacher.call(
          'DELETE',
          `${apiPath(R.removeMember, { classroomId, userId: ben.id })}?role=student`,
        )
      ).status,
    ).toBe(204);
    const after = (await teacher.call<ClassroomView>('GET', apiPath(R.classroom, { classroomId })))
      .body;
    expect(after.groups).toEqual([]);
    expect(after.students.map((s) => s.id).sort()).toEqual([ana.id, card.studentId].sort());
    expect((await ben.call('GET', apiPath(R.classroom, { classroomId }))).status).toBe(404);
    const badRole = await teacher.call<{ code: string }>(
      'DELETE',
      `${apiPath(R.removeMember, { classroomId, userId: ana.id })}?role=owner`,
    );
    expect(badRole).toMatchObject({ status: 400, body: { code: 'request.invalid' } });

    // Erasing the young student's key erases their name everywhere it is read.
    await app.nest.get(PersonalDataVault).erase(card.studentId);
    const erased = (
      await teacher.call<ClassroomView>('GET', apiPath(R.classroom, { classroomId }))
    ).body.students.find((s) => s.id === card.studentId);
    expect(erased?.displayName).toBe(ERASED_TEXT);
  }, 60_000);

  it('links a classroom to a school only when its owner is an admin of that school', async () => {
    const { app, url } = await start();
    const head = await person(app, url, 'head', 'teacher');
    const intruder = await person(app, url, 'intruder', 'teacher');
    const school = (
      await head.call<{ id: string }>('POST', apiPath(R.createSchool), { name: 'Hillside' })
    ).body;
    const classroomId = (
      await intruder.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y9' })
    ).body.id;
    const link = () =>
      intruder.call<{ code: string; message: string }>(
        'POST',
        apiPath(R.linkClassroomToSchool, { classroomId }),
        { schoolId: school.id },
      );

    const refused = await link();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('roster.not-school-admin');
    expect(refused.body.message).toMatch(/admin/);
    const seenByHead = await head.call<{ classrooms: unknown[] }>(
      'GET',
      apiPath(R.school, { schoolId: school.id }),
    );
    expect(seenByHead.body.classrooms).toEqual([]);

    await head.call('POST', apiPath(R.addSchoolAdmin, { schoolId: school.id }), {
      userId: intruder.id,
    });
    expect((await link()).status).toBe(204);
    const linked = await head.call<{ classrooms: unknown[] }>(
      'GET',
      apiPath(R.school, { schoolId: school.id }),
    );
    expect(linked.body.classrooms).toEqual([{ id: classroomId, name: 'Y9' }]);
  }, 60_000);

  it('makes exactly one account when five people accept one co-teacher link at once', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const classroomId = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body.id;
    const invite = await teacher.call<CreatedInvite>(
      'POST',
      apiPath(R.createInvite, { classroomId }),
      { role: 'co-teacher', expiresInHours: 24 },
    );
    expect(invite.status).toBe(201);
    const anonymous = client(url, undefined);
    const logins = ['co.one', 'co.two', 'co.three', 'co.four', 'co.five'];
    const password = 'a long enough password';

    const answers = await Promise.all(
      logins.map((login) =>
        anonymous<{ code?: string }>('POST', apiPath(R.acceptInvite), {
          token: invite.body.token,
          account: { login, displayName: login, password },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410, 410]);
    for (const refused of answers.filter((a) => a.status === 410)) {
      expect(refused.body.code).toBe('roster.invite-used');
    }

    const signIns = await Promise.all(
      logins.map(
        async (login) => (await anonymous('POST', apiPath(R.signIn), { login, password })).status,
      ),
    );
    expect([...signIns].sort()).toEqual([200, 401, 401, 401, 401]);
    const winner = logins[answers.findIndex((a) => a.status === 200)];
    expect(signIns[logins.indexOf(winner ?? '')]).toBe(200);
    const roster = await teacher.call<RosterPage>('GET', apiPath(R.roster, { classroomId }));
    const coTeachers = roster.body.items.filter((m) => m.roles.includes('co-teacher'));
    expect(coTeachers.map((m) => m.displayName)).toEqual([winner]);
  }, 90_000);
});
