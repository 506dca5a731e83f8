/**
 * Every refusal the domain can make, by stable code. The server maps each code
 * to an HTTP status in one place, exhaustively; the code never carries one.
 */
export const DOMAIN_ERROR_CODES = [
  'roster.classroom-exists',
  'roster.classroom-not-found',
  'roster.not-teacher',
  'roster.wrong-join-code',
  'roster.teacher-cannot-join',
  'roster.group-name-taken',
  'roster.group-not-found',
  'roster.not-a-student',
  'roster.not-owner',
  'roster.already-member',
  'roster.invite-exists',
  'roster.invite-not-found',
  'roster.invite-expiry-invalid',
  'roster.invite-needs-students',
  'roster.invite-token-mismatch',
  'roster.invite-expired',
  'roster.invite-used',
  'roster.invite-revoked',
  'roster.student-exists',
  'roster.student-account-not-found',
  'roster.not-in-group',
  'roster.not-a-member',
  'roster.classroom-in-another-school',
  'roster.school-exists',
  'roster.school-not-found',
  'roster.not-school-admin',
  'roster.last-school-admin',
  'projects.project-exists',
  'projects.no-workspaces',
  'projects.project-not-found',
  'projects.not-staff',
  'projects.not-a-member',
  'projects.workspace-not-found',
  'projects.checkpoints-invalid',
  'projects.rubric-invalid',
  'projects.checkpoint-not-found',
  'projects.checkpoint-not-reached',
  'projects.locked',
  'projects.already-submitted',
  'projects.stale-revision',
  'projects.submission-not-found',
  'projects.submission-superseded',
  'projects.score-invalid',
  'projects.already-returned',
  'projects.feedback-not-found',
  'projects.not-journal-owner',
  'projects.journal-entry-invalid',
  'projects.journal-entry-exists',
  'projects.goal-exists',
  'projects.goal-not-found',
  'projects.goal-invalid',
  'tutoring.request-exists',
  'tutoring.request-not-found',
  'tutoring.topic-invalid',
  'tutoring.checkpoint-needs-document',
  'tutoring.not-staff',
  'tutoring.request-closed',
  'tutoring.cannot-tutor-self',
  'tutoring.not-your-request',
  'tutoring.not-a-tutor',
  'tutoring.already-claimed',
  'tutoring.referred-to-another',
  'tutoring.session-not-found',
  'tutoring.no-linked-document',
  'tutoring.not-in-session',
  'tutoring.session-ended',
  'tutoring.session-live',
  'tutoring.already-rated',
  'tutoring.rating-invalid',
  'tutoring.text-invalid',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
