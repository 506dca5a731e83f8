/**
 * Refusals decided at the edge of the application (authentication, membership,
 * missing resources), as opposed to the domain's own refusals. Like domain
 * errors they carry a stable code; the exception filter gives them a status.
 */
export const APP_ERROR_CODES = [
  'auth.invalid-credentials',
  'auth.unauthenticated',
  'auth.forbidden',
  'auth.login-taken',
  'auth.too-many-attempts',
  'auth.session-not-found',
  'auth.not-your-session',
  'request.invalid',
  'request.invalid-text',
  'classroom.not-found',
  'classroom.unknown-join-code',
  'group.not-found',
  'workspace.not-found',
  'project.not-found',
  'school.not-found',
  'submission.empty-document',
  'invite.not-found',
  'families.not-your-child',
  'store.busy',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: readonly { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
