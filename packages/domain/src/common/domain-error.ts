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
  'projects.project-exists',
  'projects.no-workspaces',
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
