import { expect, it } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { ClassroomView, GroupsView, GroupView } from '@commonplace/shared';
import { API_ROUTES as R, apiPath } from '@commonplace/shared';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

const membersOf = (groups: readonly GroupView[]) =>
  groups.map((g) => ({ id: g.id, name: g.name, memberIds: [...g.memberIds].sort() }));

await describeOnEveryStore('grouping the whole class in one step', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('makes random groups of 3 in one append, keeps the existing groups, spreads old groups when balanced, and undoes', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const classroomId = classroom.id;
    const students: LoopPerson[] = [];
    for (let i = 0; i < 7; i++) {
      const student = await person(app, url, `s${i}`, 'student');
      await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      students.push(student);
    }
    const ids = students.map((s) => s.id);
    // Otters: s0, s1, s2; Herons: s3, s4; s5 and s6 in no group.
    const group = async (name: string, members: readonly string[]) => {
      const made = (
        await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), { name })
      ).body;
      for (const studentId of members)
        await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: made.id }), {
          studentId,
        });
      return made.id;
    };
    const otters = await group('Otters', ids.slice(0, 3));
    const herons = await group('Herons', ids.slice(3, 5));
    const before = (await teacher.call<ClassroomView>('GET', apiPath(R.classroom, { classroomId })))
      .body.groups;

    // Bad input is refused in words, and changes nothing.
    const tooSmall = await teacher.call('POST', apiPath(R.arrangeGroups, { classroomId }), {
      how: 'random',
      size: 1,
    });
    expect(tooSmall.status).toBe(400);
    const nothing = await teacher.call('POST', apiPath(R.undoGroupArrangement, { classroomId }));
    expect(nothing).toMatchObject({ status: 409, body: { code: 'roster.nothing-to-undo' } });

    const logged = (await app.store.events.readStream(streams.classroom(classroomId))).length;
    const random = await teacher.call<GroupsView>(
      'POST',
      apiPath(R.arrangeGroups, { classroomId }),
      { how: 'random', size: 3 },
    );
    expect(random.status).toBeLessThan(300);
    const groups = random.body.groups;
    // Seven students in threes: three groups of 3, 2 and 2; the old groups kept, one made.
    expect(groups.map((g) => g.memberIds.length).sort()).toEqual([2, 2, 3]);
    expect(groups.flatMap((g) => g.memberIds).sort()).toEqual([...ids].sort());
    expect(groups.map((g) => g.name)).toEqual(['Otters', 'Herons', 'Group 1']);
    expect(groups.slice(0, 2).map((g) => g.id)).toEqual([otters, herons]);
    // One command, one append: every event it added says so, and it ends with what undo needs.
    const added = (await app.store.events.readStream(streams.classroom(classroomId))).slice(logged);
    expect(new Set(added.map((e) => (e.metadata as { command?: string }).command))).toEqual(
      new Set(['ArrangeGroups']),
    );
    const positions = added.map((e) => e.position);
    expect(positions.at(-1)! - positions[0]!).toBe(added.length - 1);
    expect(added.at(-1)?.type).toBe('GroupsArranged');

    // Undo puts back exactly what was there, and the group it made is gone.
    const undone = await teacher.call<GroupsView>(
      'POST',
      apiPath(R.undoGroupArrangement, { classroomId }),
    );
    expect(undone.status).toBeLessThan(300);
    expect(membersOf(undone.body.groups)).toEqual(membersOf(before));
    const again = await teacher.call('POST', apiPath(R.undoGroupArrangement, { classroomId }));
    expect(again).toMatchObject({ status: 409, body: { code: 'roster.nothing-to-undo' } });

    // Balanced: dealt round-robin in the order of the old groups, so no two Otters stay together.
    const balanced = (
      await teacher.call<GroupsView>('POST', apiPath(R.arrangeGroups, { classroomId }), {
        how: 'balanced',
        size: 3,
      })
    ).body.groups;
    expect(balanced.map((g) => g.memberIds.length).sort()).toEqual([2, 2, 3]);
    const oldOtters = new Set(ids.slice(0, 3));
    for (const g of balanced)
      expect(g.memberIds.filter((id) => oldOtters.has(id)).length).toBeLessThanOrEqual(1);
    expect(balanced.flatMap((g) => g.memberIds).sort()).toEqual([...ids].sort());

    // A move by hand after it: undoing the grouping would throw that move away, so it is refused.
    const moved = balanced[0]?.memberIds[0] ?? '';
    await teacher.call(
      'POST',
      apiPath(R.addGroupMember, { classroomId, groupId: balanced[1]?.id ?? '' }),
      { studentId: moved },
    );
    const late = await teacher.call('POST', apiPath(R.undoGroupArrangement, { classroomId }));
    expect(late).toMatchObject({ status: 409, body: { code: 'roster.nothing-to-undo' } });

    // Students cannot regroup their class.
    const byStudent = await students[0]!.call('POST', apiPath(R.arrangeGroups, { classroomId }), {
      how: 'random',
      size: 2,
    });
    expect(byStudent.status).toBe(403);
  }, 90_000);
});
