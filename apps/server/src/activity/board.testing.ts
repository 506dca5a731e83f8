import type { ClassroomView, GroupView, ProjectDetail } from '@commonplace/shared';
import { API_ROUTES as R, apiPath } from '@commonplace/shared';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';

/**
 * A classroom of groups (the students of each, who join by its code) with one
 * project: its id, each group's id and each group's workspace, in group order.
 */
export async function classroomWith(
  teacher: LoopPerson,
  groups: readonly (readonly LoopPerson[])[],
): Promise<{ classroomId: string; groupIds: string[]; docs: string[] }> {
  const classroom = (
    await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
  ).body;
  const classroomId = classroom.id;
  const groupIds: string[] = [];
  for (const [index, members] of groups.entries()) {
    const group = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: `Group ${index}`,
      })
    ).body;
    groupIds.push(group.id);
    for (const student of members) {
      await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
        studentId: student.id,
      });
    }
  }
  const project = (
    await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
      title: 'Rivers',
    })
  ).body;
  const docs = groupIds.map(
    (groupId) => project.workspaces.find((w) => w.groupId === groupId)?.docId ?? '',
  );
  return { classroomId, groupIds, docs };
}

/**
 * Made-up activity as recorded events, at the times given, in log order and
 * far past the app's own log (which holds only the classroom's set-up), for
 * applying to the board-activity projection directly.
 */
export function recordedAt(
  timed: readonly { at: number; type: string; data: Record<string, unknown> }[],
): RecordedEvent[] {
  return [...timed]
    .sort((a, b) => a.at - b.at)
    .map(({ at, type, data }, index) => ({
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      streamName: `seed-${type}`,
      type,
      data,
      metadata: {},
      revision: index,
      position: 1_000_000 + index,
      recordedAt: new Date(at),
    }));
}
