import type { LinkedDocAccessSet, MemberRemoved, TutoringSessionEnded } from '@commonplace/domain';
import { rosterProjection } from '../roster/roster.projection.js';
import type { DocumentAccessRule } from '../documents/document-access.rule.js';
import type { ScratchpadAccessReader } from './scratchpad-access.reader.js';
import { tutoringProjection } from './tutoring.projection.js';

/**
 * A session's scratchpad and the student's linked project document, once the
 * session ends (the pad turns read-only for its two people, the tutor stops
 * reading the project) or a teacher changes whether the tutor may read it.
 */
export function scratchpadAccessRule(scratchpads: ScratchpadAccessReader): DocumentAccessRule {
  return {
    name: 'tutoring-session',
    projection: tutoringProjection.name,
    events: new Set(['TutoringSessionEnded', 'LinkedDocAccessSet']),
    subjectOf: (event) =>
      (event.data as (TutoringSessionEnded | LinkedDocAccessSet)['data']).sessionId,
    documentsOf: (sessionId) => scratchpads.documentsOfSession(sessionId),
  };
}

/** A co-teacher removed from the classroom stops observing its sessions' scratchpads. */
export function scratchpadMemberRule(scratchpads: ScratchpadAccessReader): DocumentAccessRule {
  return {
    name: 'tutoring-classroom-member',
    projection: rosterProjection.name,
    events: new Set(['MemberRemoved']),
    subjectOf: (event) => (event.data as MemberRemoved['data']).classroomId,
    documentsOf: (classroomId) => scratchpads.scratchpadsOfClassroom(classroomId),
  };
}
