import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { InquiryActor, InquiryCommand } from './commands.js';
import type { InquiryEvent } from './events.js';
import { inquiryDecider, mentorStatus } from './inquiry.decider.js';
import { fold } from '../common/decider.js';

const given = specFor(inquiryDecider);
const at = '2026-11-23T09:00:00.000Z';
const later = '2026-12-01T09:00:00.000Z';
const spaceId = 'q-1';
const meta = (by: string, when = at) => ({ at: when, by });

/** Ms Hill teaches c-hill (the host), Mr Ode teaches c-ode, Ada studies in c-hill, Bo in c-ode. */
const hill: InquiryActor = { kind: 'person', teaches: ['c-hill'], studiesIn: [] };
const ode: InquiryActor = { kind: 'person', teaches: ['c-ode'], studiesIn: [] };
const ada: InquiryActor = { kind: 'person', teaches: [], studiesIn: ['c-hill'] };
const bo: InquiryActor = { kind: 'person', teaches: [], studiesIn: ['c-ode'] };
const mentor: InquiryActor = { kind: 'mentor', mentorId: 'm-1' };

const opened: InquiryEvent = {
  type: 'InquirySpaceOpened',
  data: {
    spaceId,
    hostClassroomId: 'c-hill',
    title: 'Rivers',
    drivingQuestion: 'Why does our river flood?',
    boardDocId: 'board-1',
    by: 'u-hill',
    at,
  },
};
const odeInvited: InquiryEvent = {
  type: 'InquiryClassroomInvited',
  data: { spaceId, classroomId: 'c-ode', by: 'u-hill', at },
};
const odeJoined: InquiryEvent = {
  type: 'InquiryInvitationAccepted',
  data: { spaceId, classroomId: 'c-ode', by: 'u-ode', at },
};
const mentorInvited: InquiryEvent = {
  type: 'MentorInvited',
  data: {
    spaceId,
    mentorId: 'm-1',
    name: 'sealed(m-1):Grace Okafor',
    organisation: 'sealed(m-1):River Trust',
    sealed: true,
    backgroundCheckVerifiedOn: '2026-10-01',
    expiresAt: '2026-11-30T00:00:00.000Z',
    tokenHash: 'hash-1',
    by: 'u-hill',
    at,
  },
};
const mentorSignedIn: InquiryEvent = {
  type: 'MentorSignedIn',
  data: { spaceId, mentorId: 'm-1', at },
};
const mentorRevoked: InquiryEvent = {
  type: 'MentorRevoked',
  data: { spaceId, mentorId: 'm-1', by: 'u-ode', at },
};
const twoClassrooms = [opened, odeInvited, odeJoined];
const withMentor = [...twoClassrooms, mentorInvited, mentorSignedIn];

const post = (
  by: string,
  actor: InquiryActor,
  text = 'The gauge read 2.4 m after the storm.',
  when = at,
): InquiryCommand => ({
  type: 'CreateInquiryPost',
  data: {
    spaceId,
    postId: `p-${by}`,
    kind: 'evidence',
    text,
    sealedText: `sealed(${by}):${text.trim()}`,
    actor,
  },
  metadata: meta(by, when),
});
const signIn = (tokenHash = 'hash-1', when = at): InquiryCommand => ({
  type: 'SignInMentor',
  data: { spaceId, mentorId: 'm-1', tokenHash },
  metadata: meta('m-1', when),
});

describe('inquiry decider: spaces and classrooms', () => {
  it('a teacher opens a space for their classroom, which hosts it', () => {
    const open: InquiryCommand = {
      type: 'OpenInquirySpace',
      data: {
        spaceId,
        classroomId: 'c-hill',
        title: ' Rivers ',
        drivingQuestion: 'Why does our river flood?',
        boardDocId: 'board-1',
        actor: hill,
      },
      metadata: meta('u-hill'),
    };
    expect(given([]).when(open)).toEqual({ events: [opened] });
    expect(refusalCode(given([]).when({ ...open, data: { ...open.data, actor: ode } }))).toBe(
      'inquiry.not-moderator',
    );
    expect(
      refusalCode(given([]).when({ ...open, data: { ...open.data, drivingQuestion: ' ' } })),
    ).toBe('inquiry.text-invalid');
    expect(refusalCode(given([opened]).when(open))).toBe('inquiry.space-exists');
  });

  it('a moderator invites another classroom, whose teacher accepts or declines', () => {
    const invite: InquiryCommand = {
      type: 'InviteClassroomToInquiry',
      data: { spaceId, classroomId: 'c-ode', actor: hill },
      metadata: meta('u-hill'),
    };
    expect(given([opened]).when(invite)).toEqual({ events: [odeInvited] });
    expect(given([opened, odeInvited]).when(invite)).toEqual({ events: [] });
    expect(refusalCode(given(twoClassrooms).when(invite))).toBe('inquiry.classroom-already-in');
    expect(
      refusalCode(given([opened]).when({ ...invite, data: { ...invite.data, actor: ada } })),
    ).toBe('inquiry.not-moderator');

    const respond = (accept: boolean, actor: InquiryActor): InquiryCommand => ({
      type: 'RespondToInquiryInvitation',
      data: { spaceId, classroomId: 'c-ode', accept, actor },
      metadata: meta('u-ode'),
    });
    expect(given([opened, odeInvited]).when(respond(true, ode))).toEqual({ events: [odeJoined] });
    expect(given([opened, odeInvited]).when(respond(false, ode))).toEqual({
      events: [{ type: 'InquiryInvitationDeclined', data: odeJoined.data }],
    });
    expect(refusalCode(given([opened, odeInvited]).when(respond(true, hill)))).toBe(
      'inquiry.not-invited-teacher',
    );
    expect(refusalCode(given([opened]).when(respond(true, ode)))).toBe('inquiry.no-invitation');
  });

  it('refuses anything on a space that does not exist', () => {
    expect(refusalCode(given([]).when(post('u-ada', ada)))).toBe('inquiry.space-not-found');
  });
});

describe('inquiry decider: posts', () => {
  it('students of every participating classroom post, recorded with their classroom and the text as the server sealed it', () => {
    expect(given(twoClassrooms).when(post('u-bo', bo))).toEqual({
      events: [
        {
          type: 'InquiryPostAdded',
          data: {
            spaceId,
            postId: 'p-u-bo',
            kind: 'evidence',
            text: 'sealed(u-bo):The gauge read 2.4 m after the storm.',
            sealed: true,
            replyTo: null,
            author: { role: 'student', userId: 'u-bo', classroomId: 'c-ode' },
            at,
          },
        },
      ],
    });
  });

  it('refuses students of a classroom that was only invited, or declined', () => {
    expect(refusalCode(given([opened, odeInvited]).when(post('u-bo', bo)))).toBe(
      'inquiry.not-a-participant',
    );
  });

  it('refuses a post with a phone number, explaining why, and one with an email address', () => {
    const result = given(twoClassrooms).when(post('u-ada', ada, 'Call me on 07700 900123'));
    expect(refusalCode(result)).toBe('inquiry.contact-details');
    expect('error' in result && String(result.error)).toContain('a phone number');
    expect(
      refusalCode(given(withMentor).when(post('m-1', mentor, 'Write to grace@rivertrust.org'))),
    ).toBe('inquiry.contact-details');
  });

  it('refuses replies to posts that do not exist, and empty posts', () => {
    const reply: InquiryCommand = {
      type: 'CreateInquiryPost',
      data: {
        spaceId,
        postId: 'p-2',
        kind: 'discussion',
        text: 'Agreed',
        sealedText: 'sealed(u-ada):Agreed',
        replyTo: 'p-x',
        actor: ada,
      },
      metadata: meta('u-ada'),
    };
    expect(refusalCode(given(twoClassrooms).when(reply))).toBe('inquiry.post-not-found');
    expect(refusalCode(given(twoClassrooms).when(post('u-ada', ada, '  ')))).toBe(
      'inquiry.text-invalid',
    );
  });
});

describe('inquiry decider: moderation', () => {
  const adaPosted: InquiryEvent = {
    type: 'InquiryPostAdded',
    data: {
      spaceId,
      postId: 'p-u-ada',
      kind: 'evidence',
      text: 'Gauge photo',
      replyTo: null,
      author: { role: 'student', userId: 'u-ada', classroomId: 'c-hill' },
      at,
    },
  };

  it('a teacher of any participating classroom hides a post, once; students cannot', () => {
    const hide = (actor: InquiryActor): InquiryCommand => ({
      type: 'HideInquiryPost',
      data: { spaceId, postId: 'p-u-ada', reason: 'Off topic', actor },
      metadata: meta('u-ode'),
    });
    const hidden: InquiryEvent = {
      type: 'InquiryPostHidden',
      data: { spaceId, postId: 'p-u-ada', reason: 'Off topic', by: 'u-ode', at },
    };
    expect(given([...twoClassrooms, adaPosted]).when(hide(ode))).toEqual({ events: [hidden] });
    expect(given([...twoClassrooms, adaPosted, hidden]).when(hide(ode))).toEqual({ events: [] });
    expect(refusalCode(given([...twoClassrooms, adaPosted]).when(hide(bo)))).toBe(
      'inquiry.not-moderator',
    );
    expect(refusalCode(given([opened, odeInvited, adaPosted]).when(hide(ode)))).toBe(
      'inquiry.not-moderator',
    );
  });

  it('a locked board refuses posts from students and mentors but not from moderators', () => {
    const locked: InquiryEvent = {
      type: 'InquiryBoardLocked',
      data: { spaceId, by: 'u-hill', at },
    };
    const lock: InquiryCommand = {
      type: 'LockInquiryBoard',
      data: { spaceId, actor: hill },
      metadata: meta('u-hill'),
    };
    expect(given(twoClassrooms).when(lock)).toEqual({ events: [locked] });
    expect(given([...twoClassrooms, locked]).when(lock)).toEqual({ events: [] });
    expect(refusalCode(given([...withMentor, locked]).when(post('u-bo', bo)))).toBe(
      'inquiry.board-locked',
    );
    expect(refusalCode(given([...withMentor, locked]).when(post('m-1', mentor)))).toBe(
      'inquiry.board-locked',
    );
    expect(given([...withMentor, locked]).when(post('u-ode', ode))).toMatchObject({
      events: [{ type: 'InquiryPostAdded' }],
    });
    const unlock: InquiryCommand = { ...lock, type: 'UnlockInquiryBoard' };
    expect(given([...twoClassrooms, locked]).when(unlock)).toEqual({
      events: [{ type: 'InquiryBoardUnlocked', data: { spaceId, by: 'u-hill', at } }],
    });
  });

  it('a removed participant can no longer post or open the board', () => {
    const remove: InquiryCommand = {
      type: 'RemoveInquiryParticipant',
      data: { spaceId, userId: 'u-bo', actor: hill },
      metadata: meta('u-hill'),
    };
    const removed: InquiryEvent = {
      type: 'InquiryParticipantRemoved',
      data: { spaceId, userId: 'u-bo', by: 'u-hill', at },
    };
    expect(given(twoClassrooms).when(remove)).toEqual({ events: [removed] });
    expect(refusalCode(given([...twoClassrooms, removed]).when(post('u-bo', bo)))).toBe(
      'inquiry.participant-removed',
    );
    expect(
      refusalCode(
        given([...twoClassrooms, removed]).when({
          type: 'OpenInquiryBoard',
          data: { spaceId, actor: bo },
          metadata: meta('u-bo'),
        }),
      ),
    ).toBe('inquiry.participant-removed');
    expect(
      refusalCode(
        given(twoClassrooms).when({ ...remove, data: { ...remove.data, userId: 'u-hill' } }),
      ),
    ).toBe('inquiry.cannot-remove-self');
  });
});

describe('inquiry decider: mentors', () => {
  const invite = (data: Partial<{ backgroundCheckVerifiedOn: string; expiresAt: string }> = {}) =>
    ({
      type: 'InviteMentor',
      data: {
        spaceId,
        mentorId: 'm-1',
        name: 'Grace Okafor',
        organisation: 'River Trust',
        sealed: { name: 'sealed(m-1):Grace Okafor', organisation: 'sealed(m-1):River Trust' },
        backgroundCheckVerifiedOn: '2026-10-01',
        expiresAt: '2026-11-30T00:00:00.000Z',
        tokenHash: 'hash-1',
        actor: hill,
        ...data,
      },
      metadata: meta('u-hill'),
    }) satisfies InquiryCommand;

  it('a moderator invites a mentor to this one space with a checked background and an end; the log keeps the name and organisation sealed', () => {
    expect(given(twoClassrooms).when(invite())).toEqual({ events: [mentorInvited] });
    expect(
      refusalCode(
        given(twoClassrooms).when({ ...invite(), data: { ...invite().data, actor: bo } }),
      ),
    ).toBe('inquiry.not-moderator');
    expect(refusalCode(given(twoClassrooms).when(invite({ expiresAt: at })))).toBe(
      'inquiry.mentor-expiry-invalid',
    );
    expect(
      refusalCode(given(twoClassrooms).when(invite({ backgroundCheckVerifiedOn: '2026-12-01' }))),
    ).toBe('inquiry.background-check-invalid');
    expect(
      refusalCode(given(twoClassrooms).when(invite({ backgroundCheckVerifiedOn: 'last week' }))),
    ).toBe('inquiry.background-check-invalid');
    expect(refusalCode(given([...twoClassrooms, mentorInvited]).when(invite()))).toBe(
      'inquiry.mentor-exists',
    );
  });

  it('keeps the display name the teacher chose, sealed like the name, and refuses a blank one', () => {
    const named = {
      ...invite().data,
      displayName: ' Dr Okafor ',
      sealed: { ...invite().data.sealed, displayName: 'sealed(m-1):Dr Okafor' },
    };
    expect(given(twoClassrooms).when({ ...invite(), data: named })).toEqual({
      events: [
        { ...mentorInvited, data: { ...mentorInvited.data, displayName: 'sealed(m-1):Dr Okafor' } },
      ],
    });
    expect(
      refusalCode(
        given(twoClassrooms).when({ ...invite(), data: { ...named, displayName: '  ' } }),
      ),
    ).toBe('inquiry.text-invalid');
  });

  it('a mentor signs in with the link, and the sign-in is recorded', () => {
    expect(given([...twoClassrooms, mentorInvited]).when(signIn())).toEqual({
      events: [mentorSignedIn],
    });
    expect(refusalCode(given([...twoClassrooms, mentorInvited]).when(signIn('hash-wrong')))).toBe(
      'inquiry.invite-token-mismatch',
    );
  });

  it('refuses an expired invite, and a revoked one', () => {
    expect(
      refusalCode(given([...twoClassrooms, mentorInvited]).when(signIn('hash-1', later))),
    ).toBe('inquiry.invite-expired');
    expect(refusalCode(given([...withMentor, mentorRevoked]).when(signIn()))).toBe(
      'inquiry.mentor-revoked',
    );
  });

  it('a mentor opening another space is refused', () => {
    const otherSpace: InquiryEvent = {
      ...opened,
      data: { ...opened.data, spaceId: 'q-2', boardDocId: 'board-2' },
    };
    expect(
      refusalCode(
        given([otherSpace]).when({
          type: 'OpenInquiryBoard',
          data: { spaceId: 'q-2', actor: mentor },
          metadata: meta('m-1'),
        }),
      ),
    ).toBe('inquiry.not-a-participant');
  });

  it('opening the board and posting as a mentor are in the log; after revocation neither works', () => {
    const open: InquiryCommand = {
      type: 'OpenInquiryBoard',
      data: { spaceId, actor: mentor },
      metadata: meta('m-1'),
    };
    expect(given(withMentor).when(open)).toEqual({
      events: [
        { type: 'MentorOpenedBoard', data: { spaceId, mentorId: 'm-1', docId: 'board-1', at } },
      ],
    });
    expect(given(withMentor).when(post('m-1', mentor))).toMatchObject({
      events: [{ type: 'InquiryPostAdded', data: { author: { role: 'mentor', mentorId: 'm-1' } } }],
    });
    expect(refusalCode(given([...withMentor, mentorRevoked]).when(open))).toBe(
      'inquiry.mentor-revoked',
    );
    expect(refusalCode(given([...withMentor, mentorRevoked]).when(post('m-1', mentor)))).toBe(
      'inquiry.mentor-revoked',
    );
    expect(refusalCode(given(withMentor).when(post('m-1', mentor, 'ok', later)))).toBe(
      'inquiry.invite-expired',
    );
  });

  it('a moderator of any participating classroom revokes a mentor, once', () => {
    const revoke: InquiryCommand = {
      type: 'RevokeMentor',
      data: { spaceId, mentorId: 'm-1', actor: ode },
      metadata: meta('u-ode'),
    };
    expect(given(withMentor).when(revoke)).toEqual({ events: [mentorRevoked] });
    expect(given([...withMentor, mentorRevoked]).when(revoke)).toEqual({ events: [] });
    expect(
      refusalCode(given(withMentor).when({ ...revoke, data: { ...revoke.data, actor: mentor } })),
    ).toBe('inquiry.not-moderator');
  });

  it('the expiry timer records the end once, and not before it', () => {
    const expire = (when: string): InquiryCommand => ({
      type: 'ExpireMentor',
      data: { spaceId, mentorId: 'm-1' },
      metadata: meta('system', when),
    });
    const expired: InquiryEvent = {
      type: 'MentorAccessExpired',
      data: { spaceId, mentorId: 'm-1', at: later },
    };
    expect(given(withMentor).when(expire(at))).toEqual({ events: [] });
    expect(given(withMentor).when(expire(later))).toEqual({ events: [expired] });
    expect(given([...withMentor, expired]).when(expire(later))).toEqual({ events: [] });
    expect(given([...withMentor, mentorRevoked]).when(expire(later))).toEqual({ events: [] });
  });

  it('refuses a mentor whose expiry passed before any instance recorded it, then records it once', () => {
    // No MentorAccessExpired in the stream yet (the server was down at the moment): the clock decides.
    expect(refusalCode(given(withMentor).when(signIn('hash-1', later)))).toBe(
      'inquiry.invite-expired',
    );
    expect(
      refusalCode(
        given(withMentor).when({
          type: 'OpenInquiryBoard',
          data: { spaceId, actor: mentor },
          metadata: meta('m-1', later),
        }),
      ),
    ).toBe('inquiry.invite-expired');
    const expire: InquiryCommand = {
      type: 'ExpireMentor',
      data: { spaceId, mentorId: 'm-1' },
      metadata: meta('system', later),
    };
    const recorded = given(withMentor).when(expire);
    expect(recorded).toMatchObject({ events: [{ type: 'MentorAccessExpired' }] });
    // A second instance's timer, deciding on the stream with the first one's event, records nothing.
    const first = (recorded as { events: InquiryEvent[] }).events;
    expect(given([...withMentor, ...first]).when(expire)).toEqual({ events: [] });
    // A mentor invited but never signed in expires the same way.
    expect(given([...twoClassrooms, mentorInvited]).when(expire)).toMatchObject({
      events: [{ type: 'MentorAccessExpired' }],
    });
  });

  it('reads a mentor’s status at a moment: active, expired by the clock, revoked, unknown', () => {
    const state = fold(inquiryDecider, withMentor);
    expect(mentorStatus(state, 'm-1', at)).toBe('active');
    expect(mentorStatus(state, 'm-1', later)).toBe('expired');
    expect(mentorStatus(fold(inquiryDecider, [...withMentor, mentorRevoked]), 'm-1', at)).toBe(
      'revoked',
    );
    expect(mentorStatus(state, 'm-2', at)).toBe('unknown');
  });
});
