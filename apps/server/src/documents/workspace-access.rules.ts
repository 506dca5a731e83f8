import type {
  MemberRemoved,
  SchoolAdminRemoved,
  ProjectLocked,
  ProjectUnlocked,
  StudentRemovedFromGroup,
} from '@commonplace/domain';
import type { ClassroomQueries } from '../roster/classroom.queries.js';
import { rosterProjection } from '../roster/roster.projection.js';
import type { DocumentAccessRule } from './document-access.rule.js';
import type { ProjectLockReader } from './project-lock.reader.js';

/** A student removed from a group (moved to another, say) loses that group's workspace documents. */
export function rosterRemovalRule(queries: ClassroomQueries): DocumentAccessRule {
  return {
    name: 'roster-removal',
    projection: rosterProjection.name,
    events: new Set(['StudentRemovedFromGroup']),
    subjectOf: (event) => (event.data as StudentRemovedFromGroup['data']).groupId,
    documentsOf: (groupId) => queries.workspaceDocIdsOfGroup(groupId),
  };
}

/**
 * Locking a project for assessment makes its workspace documents read-only;
 * unlocking gives writers their access back. The lock is read from the
 * project's stream and remembered per instance, so each instance forgets it
 * before anyone is asked again.
 */
export function projectLockRule(locks: ProjectLockReader): DocumentAccessRule {
  return {
    name: 'project-lock',
    projection: 'projects',
    events: new Set(['ProjectLocked', 'ProjectUnlocked']),
    subjectOf: (event) => (event.data as (ProjectLocked | ProjectUnlocked)['data']).projectId,
    async documentsOf(projectId) {
      locks.forget(projectId);
      return (await locks.stateOf(projectId)).docIds;
    },
  };
}

/**
 * Someone removed from a classroom (a co-teacher, a guardian, a student
 * leaving) loses what that role let them open among its workspace documents.
 */
export function classroomMemberRule(queries: ClassroomQueries): DocumentAccessRule {
  return {
    name: 'classroom-member',
    projection: rosterProjection.name,
    events: new Set(['MemberRemoved']),
    subjectOf: (event) => (event.data as MemberRemoved['data']).classroomId,
    documentsOf: (classroomId) => queries.workspaceDocIdsOfClassroom(classroomId),
  };
}

/**
 * A school admin observes every classroom linked to the school; removed, they
 * lose the workspace documents of all of them (and nothing reacted before:
 * the change is on the school's stream, not a classroom's).
 */
export function schoolAdminRule(queries: ClassroomQueries): DocumentAccessRule {
  return {
    name: 'school-admin',
    projection: rosterProjection.name,
    events: new Set(['SchoolAdminRemoved']),
    subjectOf: (event) => (event.data as SchoolAdminRemoved['data']).schoolId,
    documentsOf: (schoolId) => queries.workspaceDocIdsOfSchool(schoolId),
  };
}
