import { describe, expect, it } from '@jest/globals';
import {
  AssignProjectRequestSchema,
  CreateInviteRequestSchema,
  JoinClassroomRequestSchema,
  SignInRequestSchema,
  StudentSignInRequestSchema,
  UpdateProjectPlanRequestSchema,
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
      checkpoints: [],
    });
  });
});

describe('classroom-loop request schemas', () => {
  it('forgives how a child types the secret from their card', () => {
    expect(
      StudentSignInRequestSchema.parse({ classCode: 'abc123', secret: ' Otter Maple 42 ' }),
    ).toEqual({ classCode: 'ABC123', secret: 'otter-maple-42' });
  });

  it('asks for the students a guardian is invited for', () => {
    const result = CreateInviteRequestSchema.safeParse({ role: 'guardian' });
    expect(result.error?.issues[0]?.message).toBe(
      'Choose the students this guardian is invited for.',
    );
  });

  it('refuses a checkpoint without a proper due date, saying how to write one', () => {
    const result = AssignProjectRequestSchema.safeParse({
      title: 'Rivers',
      checkpoints: [{ title: 'Draft', dueAt: 'next friday' }],
    });
    expect(result.error?.issues[0]?.message).toBe(
      'Give a date and time like 2026-11-23T09:00:00Z.',
    );
  });

  it('refuses a plan update that changes nothing', () => {
    expect(UpdateProjectPlanRequestSchema.safeParse({}).success).toBe(false);
  });
});
