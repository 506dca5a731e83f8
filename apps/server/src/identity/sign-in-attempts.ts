import { AppError } from '../common/app-error.js';

/** Wrong card secrets allowed per class code within the window before sign-in pauses for that class. */
export const MAX_FAILED_CARD_SIGN_INS = 30;
export const FAILED_CARD_WINDOW_MS = 10 * 60_000;

/**
 * Card secrets are short enough for a child to type, so guessing them must
 * be slow: failures are counted per class code, and past the limit that
 * class's card sign-in pauses until the window has passed. Successes are
 * never limited (a whole class signs in at once from one school address).
 * Counted per instance: behind several instances the limit is per instance.
 */
export class SignInAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(classCode: string): number[] {
    const since = this.now() - FAILED_CARD_WINDOW_MS;
    const kept = (this.failures.get(classCode) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(classCode);
    else this.failures.set(classCode, kept);
    return kept;
  }

  requireAllowed(classCode: string): void {
    if (this.recent(classCode).length >= MAX_FAILED_CARD_SIGN_INS) {
      throw new AppError(
        'auth.too-many-attempts',
        'Too many wrong secrets for this class code just now. Wait ten minutes, or ask your teacher for help.',
      );
    }
  }

  recordFailure(classCode: string): void {
    this.failures.set(classCode, [...this.recent(classCode), this.now()]);
  }
}
