import { i18n } from '../i18n/i18n';

/** An error a person can act on: `message` is written for them, `code` is for code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The sentence to show a person for anything a request can throw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return i18n.t('errors.unexpected', { ns: 'common' });
}
