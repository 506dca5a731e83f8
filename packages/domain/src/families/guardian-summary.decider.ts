import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { GuardianSummaryCommand } from './commands.js';
import type { GuardianSummaryEvent } from './events.js';

/** One guardian's weekly summary by email (stream `guardian-summary-<guardianId>`). */
export interface GuardianSummaryState {
  readonly subscribed: boolean;
  /** The unsubscribe links (their secrets' hashes) of the emails sent since the last opt-in. */
  readonly liveTokenHashes: ReadonlySet<string>;
  /** Links that worked once: opening one again says it was used. */
  readonly pastTokenHashes: ReadonlySet<string>;
  readonly weeksSent: ReadonlySet<string>;
}

const notYours = () =>
  new DomainError(
    'families.summary-not-yours',
    'Only the guardian can change where their summary goes.',
  );

export const guardianSummaryDecider: Decider<
  GuardianSummaryCommand,
  GuardianSummaryEvent,
  GuardianSummaryState
> = {
  initialState: {
    subscribed: false,
    liveTokenHashes: new Set(),
    pastTokenHashes: new Set(),
    weeksSent: new Set(),
  },

  decide(command, state) {
    const { at, by } = command.metadata;
    const { guardianId } = command.data;
    switch (command.type) {
      case 'SubscribeGuardianSummary':
        if (by !== guardianId) throw notYours();
        return [{ type: 'GuardianSummarySubscribed', data: { ...command.data, at } }];
      case 'UnsubscribeGuardianSummary': {
        const data = command.data;
        if (data.via === 'app') {
          if (by !== guardianId) throw notYours();
          return state.subscribed
            ? [{ type: 'GuardianSummaryUnsubscribed', data: { guardianId, via: 'app', at } }]
            : [];
        }
        if (state.liveTokenHashes.has(data.tokenHash))
          return [{ type: 'GuardianSummaryUnsubscribed', data: { guardianId, via: 'link', at } }];
        if (state.pastTokenHashes.has(data.tokenHash))
          throw new DomainError(
            'families.summary-link-used',
            'This unsubscribe link was already used: the weekly summary is off.',
          );
        throw new DomainError(
          'families.summary-link-invalid',
          'This unsubscribe link is not valid.',
        );
      }
      case 'RecordGuardianSummarySent':
        if (!state.subscribed)
          throw new DomainError(
            'families.summary-not-subscribed',
            'This guardian does not get the weekly summary.',
          );
        if (state.weeksSent.has(command.data.week))
          throw new DomainError(
            'families.summary-already-sent',
            `The summary of the week of ${command.data.week} was already sent.`,
          );
        return [{ type: 'GuardianSummarySent', data: { ...command.data, at } }];
      case 'RecordGuardianSummaryFailed':
        return state.weeksSent.has(command.data.week)
          ? [{ type: 'GuardianSummaryFailed', data: { ...command.data, at } }]
          : [];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'GuardianSummarySubscribed':
        return { ...state, subscribed: true };
      case 'GuardianSummaryUnsubscribed':
        return {
          ...state,
          subscribed: false,
          liveTokenHashes: new Set(),
          pastTokenHashes: new Set([...state.pastTokenHashes, ...state.liveTokenHashes]),
        };
      case 'GuardianSummarySent':
        return {
          ...state,
          weeksSent: new Set([...state.weeksSent, event.data.week]),
          liveTokenHashes: new Set([...state.liveTokenHashes, event.data.tokenHash]),
        };
      case 'GuardianSummaryFailed': {
        const weeksSent = new Set(state.weeksSent);
        weeksSent.delete(event.data.week);
        return { ...state, weeksSent };
      }
    }
  },
};
