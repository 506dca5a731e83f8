import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { GuardianSummaryCommand } from './commands.js';
import type { GuardianSummaryEvent } from './events.js';
import { guardianSummaryDecider } from './guardian-summary.decider.js';

const given = specFor(guardianSummaryDecider);
const at = '2026-12-07T09:00:00.000Z';
const by = (who: string, command: Omit<GuardianSummaryCommand, 'metadata'>) =>
  ({ ...command, metadata: { at, by: who } }) as GuardianSummaryCommand;
const subscribed: GuardianSummaryEvent = {
  type: 'GuardianSummarySubscribed',
  data: { guardianId: 'g1', email: 'pd1.sealed', at },
};
const sent = (week: string, tokenHash: string): GuardianSummaryEvent => ({
  type: 'GuardianSummarySent',
  data: { guardianId: 'g1', week, studentIds: ['s1'], tokenHash, at },
});
const send = (week: string) =>
  by('g1', {
    type: 'RecordGuardianSummarySent',
    data: { guardianId: 'g1', week, studentIds: ['s1'], tokenHash: 'h2' },
  });
const viaLink = (tokenHash: string) =>
  by('g1', {
    type: 'UnsubscribeGuardianSummary',
    data: { guardianId: 'g1', via: 'link', tokenHash },
  });

const sentOnce = {
  events: [expect.objectContaining({ type: 'GuardianSummarySent' })],
};

describe('guardian summary decider', () => {
  it('sends a week once; a failed send frees the week again', () => {
    expect(given([subscribed]).when(send('2026-11-30'))).toEqual(sentOnce);
    expect(
      refusalCode(given([subscribed, sent('2026-11-30', 'h1')]).when(send('2026-11-30'))),
    ).toBe('families.summary-already-sent');
    const failed: GuardianSummaryEvent = {
      type: 'GuardianSummaryFailed',
      data: { guardianId: 'g1', week: '2026-11-30', at },
    };
    expect(given([subscribed, sent('2026-11-30', 'h1'), failed]).when(send('2026-11-30'))).toEqual(
      sentOnce,
    );
    expect(refusalCode(given([]).when(send('2026-11-30')))).toBe('families.summary-not-subscribed');
  });

  it('unsubscribes by any sent email’s link once, then says the link was used; a forged link is not valid', () => {
    const history = [subscribed, sent('2026-11-23', 'h0'), sent('2026-11-30', 'h1')];
    expect(given(history).when(viaLink('h0'))).toEqual({
      events: [
        { type: 'GuardianSummaryUnsubscribed', data: { guardianId: 'g1', via: 'link', at } },
      ],
    });
    const off: GuardianSummaryEvent = {
      type: 'GuardianSummaryUnsubscribed',
      data: { guardianId: 'g1', via: 'link', at },
    };
    expect(refusalCode(given([...history, off]).when(viaLink('h1')))).toBe(
      'families.summary-link-used',
    );
    expect(refusalCode(given(history).when(viaLink('forged')))).toBe(
      'families.summary-link-invalid',
    );
    expect(refusalCode(given([]).when(viaLink('forged')))).toBe('families.summary-link-invalid');
  });

  it('lets only the guardian change their own setting', () => {
    expect(
      refusalCode(
        given([]).when(
          by('g2', {
            type: 'SubscribeGuardianSummary',
            data: { guardianId: 'g1', email: 'pd1.x' },
          }),
        ),
      ),
    ).toBe('families.summary-not-yours');
    expect(
      given([]).when(
        by('g1', { type: 'UnsubscribeGuardianSummary', data: { guardianId: 'g1', via: 'app' } }),
      ),
    ).toEqual({ events: [] });
  });
});
