import { AppError } from '../common/app-error.js';

/** Wrong card secrets allowed per class code within the window before sign-in pauses for that class. */
export const MAX_FAILED_CARD_SIGN_INS = 30;
export const FAILED_CARD_WINDOW_MS = 10 * 60_000;

export interface AttemptPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  /** What the person is told once the limit is reached. */
  readonly message: string;
}

export const CARD_SIGN_IN_POLICY: AttemptPolicy = {
  maxFailures: MAX_FAILED_CARD_SIGN_INS,
  windowMs: FAILED_CARD_WINDOW_MS,
  message:
    'Too many wrong secrets for this class code just now. Wait ten minutes, or ask your teacher for help.',
};

/**
 * Passwords: failures counted per sign-in name and address, so guessing one
 * person's password is slow while a stranger elsewhere cannot lock them out.
 */
export const PASSWORD_SIGN_IN_POLICY: AttemptPolicy = {
  maxFailures: 10,
  windowMs: 10 * 60_000,
  message:
    'Too many wrong passwords for this sign-in name just now. Wait ten minutes and try again.',
};

/** The injection token of the password sign-in counter (the card counter is the class itself). */
export const PASSWORD_SIGN_IN_ATTEMPTS = Symbol('PASSWORD_SIGN_IN_ATTEMPTS');

/**
 * Card secrets are short enough for a child to type, so guessing them must
 * be slow: failures are counted per class code, and past the limit that
 * class's card sign-in pauses until the window has passed. Successes are
 * never limited (a whole class signs in at once from one school address).
 * Counted per instance: behind several instances the limit is per instance.
 */
export class SignInAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly policy: AttemptPolicy = CARD_SIGN_IN_POLICY,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.policy.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  requireAllowed(key: string): void {
    if (this.recent(key).length >= this.policy.maxFailures) {
      throw new AppError('auth.too-many-attempts', this.policy.message);
    }
  }

  recordFailure(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }
}
