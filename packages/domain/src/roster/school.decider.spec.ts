import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { SchoolCommand } from './commands.js';
import type { SchoolEvent } from './events.js';
import { schoolDecider } from './school.decider.js';

const given = specFor(schoolDecider);
const schoolId = 's-1';
const meta = (by: string) => ({ at: '2026-11-22T09:00:00.000Z', by });
const created: SchoolEvent = {
  type: 'SchoolCreated',
  data: { schoolId, name: 'Hillside Primary', createdBy: 'u-head' },
};
const headIsAdmin: SchoolEvent = { type: 'SchoolAdminAdded', data: { schoolId, userId: 'u-head' } };
const deputyIsAdmin: SchoolEvent = {
  type: 'SchoolAdminAdded',
  data: { schoolId, userId: 'u-deputy' },
};
const add = (userId: string, by = 'u-head'): SchoolCommand => ({
  type: 'AddSchoolAdmin',
  data: { schoolId, userId },
  metadata: meta(by),
});
const remove = (userId: string, by = 'u-head'): SchoolCommand => ({
  type: 'RemoveSchoolAdmin',
  data: { schoolId, userId },
  metadata: meta(by),
});

describe('school decider', () => {
  const create: SchoolCommand = {
    type: 'CreateSchool',
    data: { schoolId, name: 'Hillside Primary' },
    metadata: meta('u-head'),
  };

  it('creates a school whose creator is its first admin', () => {
    expect(given([]).when(create)).toEqual({ events: [created, headIsAdmin] });
  });

  it('refuses creating it twice', () => {
    expect(refusalCode(given([created, headIsAdmin]).when(create))).toBe('roster.school-exists');
  });

  it('lets an admin add another admin, once', () => {
    expect(given([created, headIsAdmin]).when(add('u-deputy'))).toEqual({
      events: [deputyIsAdmin],
    });
    expect(given([created, headIsAdmin, deputyIsAdmin]).when(add('u-deputy'))).toEqual({
      events: [],
    });
  });

  it('refuses someone who is not an admin adding one', () => {
    expect(refusalCode(given([created, headIsAdmin]).when(add('u-me', 'u-me')))).toBe(
      'roster.not-school-admin',
    );
  });

  it('refuses adding an admin to a school that does not exist', () => {
    expect(refusalCode(given([]).when(add('u-deputy')))).toBe('roster.school-not-found');
  });

  it('removes an admin while another remains', () => {
    expect(given([created, headIsAdmin, deputyIsAdmin]).when(remove('u-deputy'))).toEqual({
      events: [{ type: 'SchoolAdminRemoved', data: { schoolId, userId: 'u-deputy' } }],
    });
  });

  it('records nothing when removing someone who is not an admin', () => {
    expect(given([created, headIsAdmin]).when(remove('u-nobody'))).toEqual({ events: [] });
  });

  it('refuses removing the last admin', () => {
    expect(refusalCode(given([created, headIsAdmin]).when(remove('u-head')))).toBe(
      'roster.last-school-admin',
    );
  });

  it('refuses someone who is not an admin removing one', () => {
    expect(
      refusalCode(given([created, headIsAdmin, deputyIsAdmin]).when(remove('u-head', 'u-me'))),
    ).toBe('roster.not-school-admin');
  });
});
