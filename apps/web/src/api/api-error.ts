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

/** The language the server writes its messages in. */
const SERVER_LANGUAGE = 'en';

/**
 * The sentence to show a person for anything a request can throw. The server words its
 * refusals in English, often more precisely than its code alone ("Only the classroom's
 * teachers can see the live board." for `auth.forbidden`), so an English reader gets them as
 * written; any other reader gets the code's sentence from `apiErrors` in the common
 * catalogue, or the server's words where the catalogue has no sentence for that code yet.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return translatedMessage(error.code, error.message);
  return i18n.t('errors.unexpected', { ns: 'common' });
}

/** An API error's `code` and `message` as the reader's language says them. */
export function translatedMessage(code: string, serverMessage: string): string {
  const language = i18n.resolvedLanguage ?? i18n.language ?? SERVER_LANGUAGE;
  if (language.split('-')[0] === SERVER_LANGUAGE) return serverMessage;
  const key = `apiErrors.${code}`;
  return i18n.exists(key, { ns: 'common', lng: language, fallbackLng: [] })
    ? i18n.t(key, { ns: 'common', lng: language })
    : serverMessage;
}
