import { describe, expect, it } from '@jest/globals';
import {
  AssignProjectRequestSchema,
  JoinClassroomRequestSchema,
  SignInRequestSchema,
} from './api.js';

describe('shared request schemas', () => {
  it('accepts a join code however a student types it', () => {
    expect(JoinClassroomRequestSchema.parse({ code: ' abc123 ' })).toEqual({ code: 'ABC123' });
  });

  it('explains a join code of the wrong shape', () => {
    const result = JoinClassroomRequestSchema.safeParse({ code: 'ABC-12' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('A join code is six letters and digits.');
  });

  it('asks for both sign-in fields with messages a person can act on', () => {
    const result = SignInRequestSchema.safeParse({ login: '  ', password: '' });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Enter your sign-in name.',
      'Enter your password.',
    ]);
  });

  it('trims project titles and defaults the brief to empty', () => {
    expect(AssignProjectRequestSchema.parse({ title: '  Rivers  ' })).toEqual({
      title: 'Rivers',
      brief: '',
    });
  });
});
