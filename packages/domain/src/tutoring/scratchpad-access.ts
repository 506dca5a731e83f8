import type { WorkspaceAccess } from '../roster/roles.js';

export interface SessionParties {
  readonly tutorId: string;
  readonly studentId: string;
  readonly ended: boolean;
  readonly linkedDocReadable: boolean;
}

/**
 * What a connection to a session's scratchpad may do. The tutor and the
 * student write while the session is live and keep reading it afterwards;
 * the classroom's teachers observe, live or past; everyone else is refused
 * (other peer tutors included: a session is private to its two people).
 */
export function scratchpadAccess(input: {
  readonly userId: string;
  readonly isStaff: boolean;
  readonly session: SessionParties;
}): WorkspaceAccess {
  const { userId, session } = input;
  if (userId === session.tutorId || userId === session.studentId) {
    return session.ended ? 'read-only' : 'read-write';
  }
  if (input.isStaff) return 'read-only';
  return 'none';
}

/**
 * Whether the session's tutor may read the student's linked project document
 * through this session: only while it is live and only where a teacher allowed it.
 */
export function tutorReadsLinkedDoc(input: {
  readonly userId: string;
  readonly session: SessionParties;
}): boolean {
  const { userId, session } = input;
  return userId === session.tutorId && !session.ended && session.linkedDocReadable;
}
