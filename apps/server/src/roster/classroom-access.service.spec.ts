import { describe, expect, it } from '@jest/globals';
import { CLASSROOM_ROLES } from '@commonplace/domain';
import { CLASSROOM_ROLE_NAMES } from '@commonplace/shared';
import { mainRole } from './classroom-access.service.js';

describe('classroom roles at the edge', () => {
  it('names the same roles, in the same order, in the contracts as in the domain', () => {
    expect([...CLASSROOM_ROLE_NAMES]).toEqual([...CLASSROOM_ROLES]);
  });

  it('shows the most responsible role first', () => {
    expect(mainRole(['student', 'peer-tutor'])).toBe('student');
    expect(mainRole(['teacher', 'school-admin'])).toBe('teacher');
  });
});
