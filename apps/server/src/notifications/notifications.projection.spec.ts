import { describe, expect, it } from '@jest/globals';
import type {
  CommentEvent,
  InquiryEvent,
  NotificationEvent,
  ProjectEvent,
  TutoringEvent,
} from '@commonplace/domain';
import type { GivenEvent } from '../testing/projection-spec.js';
import { projectionSpec } from '../testing/projection-spec.js';
import { notificationsProjection } from './notifications.projection.js';

const event = (
  domainEvent: ProjectEvent | TutoringEvent | InquiryEvent | NotificationEvent | CommentEvent,
): GivenEvent => domainEvent;
const at = (minute: number) => `2026-12-07T09:${String(minute).padStart(2, '0')}:00.000Z`;

const NOTIFICATIONS = 'SELECT * FROM rm_notifications ORDER BY created_at, id';
const READS = 'SELECT * FROM rm_notification_reads ORDER BY user_id, notification_id';

describe('notifications projection', () => {
  const spec = projectionSpec(notificationsProjection);

  it('derives one notification per event that tells someone something, with its audience and link', async () => {
    const { notifications } = await spec
      .given(
        event({
          type: 'HelpRequested',
          data: {
            requestId: 'h1',
            classroomId: 'c1',
            studentId: 'ada',
            topic: 'Fractions',
            docId: null,
            checkpointId: null,
            at: at(1),
          },
        }),
        event({ type: 'HelpRequestClaimed', data: { requestId: 'h1', tutorId: 'bo', at: at(2) } }),
        event({
          type: 'TutoringSessionStarted',
          data: {
            requestId: 'h1',
            sessionId: 's1',
            classroomId: 'c1',
            tutorId: 'bo',
            studentId: 'ada',
            scratchpadDocId: 'pad-s1',
            linkedDocId: null,
            at: at(2),
          },
        }),
        event({
          type: 'CheckpointConfirmed',
          data: {
            projectId: 'p1',
            docId: 'd1',
            checkpointId: 'k1',
            confirmedBy: 'hill',
            confirmedAt: at(3),
          },
        }),
        event({
          type: 'FeedbackGiven',
          data: {
            projectId: 'p1',
            docId: 'd1',
            submissionId: 'sub1',
            feedbackId: 'f1',
            comment: 'Good start.',
            scores: [],
            perStudent: [],
            givenBy: 'hill',
            givenAt: at(4),
          },
        }),
        event({
          type: 'SubmissionReturned',
          data: {
            projectId: 'p1',
            docId: 'd1',
            submissionId: 'sub1',
            returnedBy: 'hill',
            returnedAt: at(5),
          },
        }),
        event({
          type: 'InquiryPostAdded',
          data: {
            spaceId: 'q1',
            postId: 'post2',
            kind: 'discussion',
            text: 'Upstream fields drain into it.',
            replyTo: 'post1',
            author: { role: 'mentor', mentorId: 'grace' },
            at: at(6),
          },
        }),
        event({
          type: 'PassageCommented',
          data: {
            docId: 'd1',
            threadId: 't1',
            anchor: { start: 'AQ==', end: 'Ag==' },
            quote: 'the river',
            text: 'Which river?',
            authorId: 'hill',
            authorRole: 'teacher',
            at: at(7),
          },
        }),
        event({
          type: 'CommentReplied',
          data: {
            docId: 'd1',
            threadId: 't1',
            replyId: 'r1',
            text: 'The Severn.',
            authorId: 'ada',
            authorRole: 'member',
            at: at(8),
          },
        }),
      )
      .then({ notifications: NOTIFICATIONS });
    expect(
      notifications.map((n) => [n['id'], n['audience'], n['actor_id'], n['kind'], n['link']]),
    ).toEqual([
      ['hr-h1', 'tutors:c1', 'ada', 'help-requested', '/classrooms/c1/tutoring'],
      ['hc-s1', 'user:ada', 'bo', 'help-claimed', '/tutoring-sessions/s1'],
      [
        `cc-d1-k1-${Date.parse(at(3))}`,
        'workspace:d1',
        'hill',
        'checkpoint-confirmed',
        '/workspaces/d1',
      ],
      ['fb-f1', 'workspace:d1', 'hill', 'feedback-given', '/workspaces/d1/feedback'],
      [
        `rt-sub1-${Date.parse(at(5))}`,
        'workspace:d1',
        'hill',
        'submission-returned',
        '/workspaces/d1/feedback',
      ],
      ['ip-post2', 'inquiry:q1', 'grace', 'inquiry-reply', '/inquiry-spaces/q1'],
      ['pc-t1', 'workspace:d1', 'hill', 'comment-added', '/workspaces/d1'],
      ['cr-r1', 'workspace:d1', 'ada', 'comment-replied', '/workspaces/d1'],
    ]);
  });

  it('keeps each person’s read marks apart, once each', async () => {
    const { reads } = await spec
      .given(
        event({
          type: 'NotificationsRead',
          data: { userId: 'bo', notificationIds: ['hr-h1', 'hr-h2'], at: at(6) },
        }),
        event({
          type: 'NotificationsRead',
          data: { userId: 'cy', notificationIds: ['hr-h2'], at: at(7) },
        }),
        event({
          type: 'NotificationsRead',
          data: { userId: 'bo', notificationIds: ['hr-h2'], at: at(8) },
        }),
      )
      .then({ reads: READS });
    expect(reads.map((r) => [r['user_id'], r['notification_id']])).toEqual([
      ['bo', 'hr-h1'],
      ['bo', 'hr-h2'],
      ['cy', 'hr-h2'],
    ]);
  });

  it('tells a space’s teachers a day before a mentor’s access ends, and not at all once revoked before then', async () => {
    const invited = (mentorId: string, at: string, expiresAt: string) =>
      event({
        type: 'MentorInvited',
        data: {
          spaceId: 'q1',
          mentorId,
          name: 'Sam Okafor',
          organisation: 'River Trust',
          backgroundCheckVerifiedOn: '2026-11-01',
          expiresAt,
          tokenHash: 'h',
          by: 'hill',
          at,
        },
      });
    const { notifications } = await spec
      .given(
        invited('m1', at(1), '2026-12-10T09:00:00.000Z'),
        invited('m2', at(2), '2026-12-07T12:00:00.000Z'),
        invited('m3', at(3), '2026-12-20T09:00:00.000Z'),
        event({
          type: 'MentorRevoked',
          data: { spaceId: 'q1', mentorId: 'm3', by: 'hill', at: at(4) },
        }),
      )
      .then({ notifications: NOTIFICATIONS });
    expect(
      notifications.map((n) => [
        n['id'],
        n['audience'],
        n['kind'],
        new Date(String(n['created_at'])).toISOString(),
      ]),
    ).toEqual([
      // Invited for three hours only: due at once.
      ['me-m2', 'space-teachers:q1', 'mentor-access-ending', at(2)],
      ['me-m1', 'space-teachers:q1', 'mentor-access-ending', '2026-12-09T09:00:00.000Z'],
    ]);
  });
});
