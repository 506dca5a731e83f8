import type { InquiryEvent } from '@commonplace/domain';
import type { DocumentAccessRule } from '../documents/document-access.rule.js';
import type { InquiryBoardAccessReader } from './inquiry-board-access.reader.js';
import { inquiryProjection } from './inquiry.projection.js';

/** A space's board after a lock, unlock, removed participant, revoked or expired mentor. */
export function inquiryBoardAccessRule(boards: InquiryBoardAccessReader): DocumentAccessRule {
  return {
    name: 'inquiry-board',
    projection: inquiryProjection.name,
    events: new Set([
      'InquiryBoardLocked',
      'InquiryBoardUnlocked',
      'InquiryParticipantRemoved',
      'MentorRevoked',
      'MentorAccessExpired',
    ]),
    subjectOf: (event) => (event.data as InquiryEvent['data']).spaceId,
    async documentsOf(spaceId) {
      const docId = await boards.boardOf(spaceId);
      return docId === undefined ? [] : [docId];
    },
  };
}
