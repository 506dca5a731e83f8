import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { changeLanguage, startI18n } from '../i18n/i18n';
import { ApiError, messageOf } from './api-error';

const LOCALES = new URL('../i18n/locales/', import.meta.url);

describe('the words shown for an API error', () => {
  beforeAll(async () => {
    await startI18n(async (language, namespace) =>
      JSON.parse(readFileSync(new URL(`${language}/${namespace}.json`, LOCALES), 'utf8')),
    );
  });

  it('in English, are the server’s own words, which say more than the code', async () => {
    await changeLanguage('en');
    const error = new ApiError(
      403,
      'auth.forbidden',
      'Only the classroom’s teachers can see the live board.',
    );
    expect(messageOf(error)).toBe('Only the classroom’s teachers can see the live board.');
  });

  it('in Spanish, are the code’s sentence from the catalogue', async () => {
    await changeLanguage('es');
    expect(messageOf(new ApiError(423, 'projects.locked', 'This project is locked.'))).toBe(
      'Este proyecto está bloqueado para la evaluación. Pide a tu docente que lo desbloquee.',
    );
    expect(
      messageOf(new ApiError(403, 'families.not-your-child', 'You can only see your children.')),
    ).toBe('Solo puedes ver a los estudiantes de los que eres tutor o tutora legal.');
  });

  it('in Spanish, fall back to the server’s words for a code the catalogue does not know yet', async () => {
    await changeLanguage('es');
    expect(messageOf(new ApiError(409, 'something.new', 'A new refusal.'))).toBe('A new refusal.');
  });

  it('for anything that is not an API error, say something went wrong in the reader’s language', async () => {
    await changeLanguage('es');
    expect(messageOf(new TypeError('fetch failed'))).not.toBe('fetch failed');
  });
});
