import { describe, expect, it } from '@jest/globals';
import {
  FAILED_CARD_WINDOW_MS,
  MAX_FAILED_CARD_SIGN_INS,
  PASSWORD_SIGN_IN_POLICY,
  SignInAttempts,
} from './sign-in-attempts.js';

describe('card sign-in attempts', () => {
  it('pauses a class code after too many wrong secrets, and lets it go once the window passes', () => {
    let now = 0;
    const attempts = new SignInAttempts(() => now);
    for (let i = 0; i < MAX_FAILED_CARD_SIGN_INS; i++) {
      attempts.requireAllowed('ABC123');
      attempts.recordFailure('ABC123');
    }
    expect(() => attempts.requireAllowed('ABC123')).toThrow(/Wait ten minutes/);
    expect(() => attempts.requireAllowed('XYZ789')).not.toThrow();
    now += FAILED_CARD_WINDOW_MS + 1;
    expect(() => attempts.requireAllowed('ABC123')).not.toThrow();
  });

  it('pauses password guessing for one sign-in name and address after ten wrong passwords', () => {
    let now = 0;
    const attempts = new SignInAttempts(() => now, PASSWORD_SIGN_IN_POLICY);
    for (let i = 0; i < PASSWORD_SIGN_IN_POLICY.maxFailures; i++) {
      attempts.requireAllowed('10.0.0.9|ms.rivera');
      attempts.recordFailure('10.0.0.9|ms.rivera');
    }
    expect(() => attempts.requireAllowed('10.0.0.9|ms.rivera')).toThrow(/Too many wrong passwords/);
    expect(() => attempts.requireAllowed('10.0.0.7|ms.rivera')).not.toThrow();
    now += PASSWORD_SIGN_IN_POLICY.windowMs + 1;
    expect(() => attempts.requireAllowed('10.0.0.9|ms.rivera')).not.toThrow();
  });
});
