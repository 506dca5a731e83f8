import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { TutoringActor, TutoringCommand } from './commands.js';
import type { TutoringEvent } from './events.js';
import { scratchpadAccess, tutorReadsLinkedDoc } from './scratchpad-access.js';
import { tutorTakesSubject } from './subjects.js';
import { tutoringDecider } from './tutoring.decider.js';

const given = specFor(tutoringDecider);
const tutoringStateOf = (events: readonly TutoringEvent[]) =>
  events.reduce(tutoringDecider.evolve, tutoringDecider.initialState);
const at = '2026-11-23T09:00:00.000Z';
const requestId = 'h-1';
const meta = (by: string) => ({ at, by });
/** Stands in for the server's sealing: the decider only passes it on. */
const sealed = (text: string) => `sealed:${text.trim()}`;
const tutor: TutoringActor = { staff: false, peerTutor: true };
const teacher: TutoringActor = { staff: true, peerTutor: false };
const student: TutoringActor = { staff: false, peerTutor: false };

const requested: TutoringEvent = {
  type: 'HelpRequested',
  data: {
    requestId,
    classroomId: 'c-1',
    studentId: 'u-ada',
    topic: sealed('Fractions'),
    sealed: true,
    docId: 'd-ada',
    checkpointId: 'cp-1',
    at,
  },
};
const referredToBo: TutoringEvent = {
  type: 'HelpRequestReferred',
  data: {
    requestId,
    tutorId: 'u-bo',
    note: sealed('Ada is shy; start slow.'),
    sealed: true,
    by: 'u-teacher',
    at,
  },
};
const claimedByBo: TutoringEvent = {
  type: 'HelpRequestClaimed',
  data: { requestId, tutorId: 'u-bo', at },
};
const startedWithBo: TutoringEvent = {
  type: 'TutoringSessionStarted',
  data: {
    requestId,
    sessionId: 's-1',
    classroomId: 'c-1',
    tutorId: 'u-bo',
    studentId: 'u-ada',
    scratchpadDocId: 'pad-1',
    linkedDocId: 'd-ada',
    at,
  },
};
const live = [requested, claimedByBo, startedWithBo];
const ended: TutoringEvent = {
  type: 'TutoringSessionEnded',
  data: {
    requestId,
    sessionId: 's-1',
    summary: sealed('Common denominators.'),
    sealed: true,
    by: 'u-bo',
    at,
  },
};

const raise = (
  data: Partial<{ topic: string; subject: string; docId: string; checkpointId: string }> = {},
) =>
  ({
    type: 'RaiseHelpRequest',
    data: {
      requestId,
      classroomId: 'c-1',
      topic: 'Fractions',
      ...data,
      sealedTopic: sealed(data.topic ?? 'Fractions'),
    },
    metadata: meta('u-ada'),
  }) satisfies TutoringCommand;
const claim = (by: string, actor: TutoringActor = tutor): TutoringCommand => ({
  type: 'ClaimHelpRequest',
  data: { requestId, sessionId: `s-${by}`, scratchpadDocId: `pad-${by}`, actor },
  metadata: meta(by),
});
const note = (by: string, text = 'Try 1/2 + 1/3'): TutoringCommand => ({
  type: 'AddSessionNote',
  data: { requestId, noteId: 'n-1', text, sealedText: sealed(text) },
  metadata: meta(by),
});
const end = (by: string, actor: TutoringActor = tutor, summary = 'Done.'): TutoringCommand => ({
  type: 'EndTutoringSession',
  data: { requestId, summary, sealedSummary: sealed(summary), actor },
  metadata: meta(by),
});
const rate = (by: string, stars: number): TutoringCommand => ({
  type: 'RateTutoringSession',
  data: { requestId, stars },
  metadata: meta(by),
});

describe('tutoring decider: help requests', () => {
  it('raises a request for the student issuing it, with the linked document and checkpoint', () => {
    expect(given([]).when(raise({ docId: 'd-ada', checkpointId: 'cp-1' }))).toEqual({
      events: [requested],
    });
  });

  it('trims the topic and leaves an unlinked request without a document', () => {
    const result = given([]).when(raise({ topic: '  Reading  ' }));
    expect(result).toEqual({
      events: [
        {
          type: 'HelpRequested',
          data: {
            ...requested.data,
            topic: sealed('Reading'),
            docId: null,
            checkpointId: null,
          },
        },
      ],
    });
  });

  it('refuses an empty or overlong topic, a checkpoint without its project, and raising twice', () => {
    expect(refusalCode(given([]).when(raise({ topic: '   ' })))).toBe('tutoring.topic-invalid');
    expect(refusalCode(given([]).when(raise({ topic: 'x'.repeat(201) })))).toBe(
      'tutoring.topic-invalid',
    );
    expect(refusalCode(given([]).when(raise({ checkpointId: 'cp-1' })))).toBe(
      'tutoring.checkpoint-needs-document',
    );
    expect(refusalCode(given([requested]).when(raise()))).toBe('tutoring.request-exists');
  });

  it('lets a teacher refer an open request to one tutor with a private note, kept only sealed', () => {
    const refer = (note: string, sealedNote?: string): TutoringCommand => ({
      type: 'ReferHelpRequest',
      data: {
        requestId,
        tutorId: 'u-bo',
        note,
        ...(sealedNote === undefined ? {} : { sealedNote }),
        actor: teacher,
      },
      metadata: meta('u-teacher'),
    });
    const note = ' Ada is shy; start slow. ';
    expect(given([requested]).when(refer(note, sealed(note)))).toEqual({ events: [referredToBo] });
    // No note: nothing to seal.
    expect(given([requested]).when(refer('  '))).toEqual({
      events: [
        {
          type: 'HelpRequestReferred',
          data: { requestId, tutorId: 'u-bo', note: '', by: 'u-teacher', at },
        },
      ],
    });
    // The length is checked on the clear text, not on the longer sealed one.
    const long = 'x'.repeat(501);
    expect(refusalCode(given([requested]).when(refer(long, sealed(long))))).toBe(
      'tutoring.text-invalid',
    );
    expect(given([requested]).when(refer('x'.repeat(500), 's'.repeat(900)))).toMatchObject({
      events: [{ data: { note: 's'.repeat(900), sealed: true } }],
    });
    expect(() => tutoringDecider.decide(refer(note), tutoringStateOf([requested]))).toThrow(
      'A referral note must be sealed before it is recorded.',
    );
  });

  it('keeps a request referred before sealing began for its tutor, note in the clear', () => {
    const older: TutoringEvent = {
      type: 'HelpRequestReferred',
      data: { requestId, tutorId: 'u-bo', note: 'Ada is shy.', by: 'u-teacher', at },
    };
    expect(refusalCode(given([requested, older]).when(claim('u-cy')))).toBe(
      'tutoring.referred-to-another',
    );
  });

  it('refuses a referral by a non-teacher, to the student themself, or of a claimed request', () => {
    const refer = (actor: TutoringActor, tutorId = 'u-bo'): TutoringCommand => ({
      type: 'ReferHelpRequest',
      data: { requestId, tutorId, note: '', actor },
      metadata: meta('u-x'),
    });
    expect(refusalCode(given([requested]).when(refer(tutor)))).toBe('tutoring.not-staff');
    expect(refusalCode(given([requested]).when(refer(teacher, 'u-ada')))).toBe(
      'tutoring.cannot-tutor-self',
    );
    expect(refusalCode(given(live).when(refer(teacher)))).toBe('tutoring.request-closed');
    expect(refusalCode(given([]).when(refer(teacher)))).toBe('tutoring.request-not-found');
  });

  it('lets the student or a teacher withdraw an open request, and nobody else', () => {
    const cancel = (by: string, actor: TutoringActor): TutoringCommand => ({
      type: 'CancelHelpRequest',
      data: { requestId, actor },
      metadata: meta(by),
    });
    const cancelled: TutoringEvent = {
      type: 'HelpRequestCancelled',
      data: { requestId, by: 'u-ada', at },
    };
    expect(given([requested]).when(cancel('u-ada', student))).toEqual({ events: [cancelled] });
    expect(given([requested]).when(cancel('u-teacher', teacher))).toEqual({
      events: [{ ...cancelled, data: { ...cancelled.data, by: 'u-teacher' } }],
    });
    expect(given([requested, cancelled]).when(cancel('u-ada', student))).toEqual({ events: [] });
    expect(refusalCode(given([requested]).when(cancel('u-bo', tutor)))).toBe(
      'tutoring.not-your-request',
    );
    expect(refusalCode(given(live).when(cancel('u-ada', student)))).toBe('tutoring.request-closed');
  });
});

describe('tutoring decider: claiming', () => {
  it('a peer tutor claims an open request and a session opens with the linked document', () => {
    expect(given([requested]).when(claim('u-bo'))).toEqual({
      events: [
        claimedByBo,
        {
          ...startedWithBo,
          data: { ...startedWithBo.data, sessionId: 's-u-bo', scratchpadDocId: 'pad-u-bo' },
        },
      ],
    });
  });

  it('the second of two tutors claiming the same request is told someone was first', () => {
    const result = given(live).when(claim('u-cy'));
    expect(refusalCode(result)).toBe('tutoring.already-claimed');
    expect('error' in result && result.error instanceof Error && result.error.message).toBe(
      'Another tutor claimed this request first.',
    );
  });

  it('refuses a claim by someone who is neither a peer tutor nor a teacher', () => {
    expect(refusalCode(given([requested]).when(claim('u-eve', student)))).toBe(
      'tutoring.not-a-tutor',
    );
  });

  it('refuses a peer tutor claiming their own request', () => {
    expect(refusalCode(given([requested]).when(claim('u-ada', tutor)))).toBe(
      'tutoring.cannot-tutor-self',
    );
  });

  it('keeps a referred request for the tutor it was referred to; a teacher may still take it', () => {
    expect(refusalCode(given([requested, referredToBo]).when(claim('u-cy')))).toBe(
      'tutoring.referred-to-another',
    );
    expect(given([requested, referredToBo]).when(claim('u-bo'))).toMatchObject({
      events: [claimedByBo, { type: 'TutoringSessionStarted' }],
    });
    expect(given([requested, referredToBo]).when(claim('u-teacher', teacher))).toMatchObject({
      events: [{ type: 'HelpRequestClaimed', data: { tutorId: 'u-teacher' } }, {}],
    });
  });

  it('refuses claiming a withdrawn request', () => {
    const cancelled: TutoringEvent = {
      type: 'HelpRequestCancelled',
      data: { requestId, by: 'u-ada', at },
    };
    expect(refusalCode(given([requested, cancelled]).when(claim('u-bo')))).toBe(
      'tutoring.request-closed',
    );
  });
});

describe('tutoring decider: sessions', () => {
  it('the tutor and the student add notes while the session is live; others cannot', () => {
    expect(given(live).when(note('u-ada', '  Try 1/2 + 1/3 '))).toEqual({
      events: [
        {
          type: 'SessionNoteAdded',
          data: {
            requestId,
            sessionId: 's-1',
            noteId: 'n-1',
            authorId: 'u-ada',
            text: sealed('Try 1/2 + 1/3'),
            sealed: true,
            at,
          },
        },
      ],
    });
    expect(refusalCode(given(live).when(note('u-cy')))).toBe('tutoring.not-in-session');
    expect(refusalCode(given(live).when(note('u-bo', ' ')))).toBe('tutoring.text-invalid');
    expect(refusalCode(given([...live, ended]).when(note('u-bo')))).toBe('tutoring.session-ended');
    expect(refusalCode(given([requested]).when(note('u-ada')))).toBe('tutoring.session-not-found');
  });

  it('the tutor or a teacher ends the session with a summary, once', () => {
    expect(given(live).when(end('u-bo', tutor, ' Common denominators. '))).toEqual({
      events: [ended],
    });
    expect(given(live).when(end('u-teacher', teacher, 'Out of time.'))).toMatchObject({
      events: [{ type: 'TutoringSessionEnded', data: { by: 'u-teacher' } }],
    });
    expect(refusalCode(given(live).when(end('u-ada', student)))).toBe('tutoring.not-in-session');
    expect(refusalCode(given(live).when(end('u-bo', tutor, '')))).toBe('tutoring.text-invalid');
    expect(refusalCode(given([...live, ended]).when(end('u-bo')))).toBe('tutoring.session-ended');
  });

  it('the student rates an ended session once, with one to five stars', () => {
    expect(given([...live, ended]).when(rate('u-ada', 4))).toEqual({
      events: [
        {
          type: 'TutoringSessionRated',
          data: { requestId, sessionId: 's-1', stars: 4, comment: null, at },
        },
      ],
    });
    const rated: TutoringEvent = {
      type: 'TutoringSessionRated',
      data: { requestId, sessionId: 's-1', stars: 4, comment: null, at },
    };
    expect(refusalCode(given([...live, ended, rated]).when(rate('u-ada', 5)))).toBe(
      'tutoring.already-rated',
    );
    expect(refusalCode(given(live).when(rate('u-ada', 4)))).toBe('tutoring.session-live');
    expect(refusalCode(given([...live, ended]).when(rate('u-bo', 5)))).toBe(
      'tutoring.not-in-session',
    );
    for (const stars of [0, 6, 2.5]) {
      expect(refusalCode(given([...live, ended]).when(rate('u-ada', stars)))).toBe(
        'tutoring.rating-invalid',
      );
    }
  });

  it('keeps only the sealed text of a rating comment in the log', () => {
    const withComment: TutoringCommand = {
      type: 'RateTutoringSession',
      data: { requestId, stars: 5, comment: ' Clear! ', sealedComment: sealed('Clear!') },
      metadata: meta('u-ada'),
    };
    expect(given([...live, ended]).when(withComment)).toEqual({
      events: [
        {
          type: 'TutoringSessionRated',
          data: {
            requestId,
            sessionId: 's-1',
            stars: 5,
            comment: 'sealed:Clear!',
            sealed: true,
            at,
          },
        },
      ],
    });
    const unsealed: TutoringCommand = {
      ...withComment,
      data: { requestId, stars: 5, comment: 'Clear!' },
    };
    expect(() => tutoringDecider.decide(unsealed, tutoringStateOf([...live, ended]))).toThrow(
      'A rating comment must be sealed before it is recorded.',
    );
  });

  it('a teacher lets the tutor read the linked document, and only a teacher', () => {
    const allow = (actor: TutoringActor, allowed = true): TutoringCommand => ({
      type: 'SetLinkedDocAccess',
      data: { requestId, allowed, actor },
      metadata: meta('u-teacher'),
    });
    const allowed: TutoringEvent = {
      type: 'LinkedDocAccessSet',
      data: { requestId, sessionId: 's-1', allowed: true, by: 'u-teacher', at },
    };
    expect(given(live).when(allow(teacher))).toEqual({ events: [allowed] });
    expect(given([...live, allowed]).when(allow(teacher))).toEqual({ events: [] });
    expect(refusalCode(given(live).when(allow(tutor)))).toBe('tutoring.not-staff');
    const unlinked: TutoringEvent = {
      type: 'HelpRequested',
      data: { ...requested.data, docId: null, checkpointId: null },
    };
    expect(refusalCode(given([unlinked, claimedByBo, startedWithBo]).when(allow(teacher)))).toBe(
      'tutoring.no-linked-document',
    );
  });
});

describe('scratchpad access', () => {
  const session = { tutorId: 'u-bo', studentId: 'u-ada', ended: false, linkedDocReadable: false };

  it('tutor and student write while live and read afterwards; teachers observe; others are refused', () => {
    expect(scratchpadAccess({ userId: 'u-bo', isStaff: false, session })).toBe('read-write');
    expect(scratchpadAccess({ userId: 'u-ada', isStaff: false, session })).toBe('read-write');
    expect(scratchpadAccess({ userId: 'u-teacher', isStaff: true, session })).toBe('read-only');
    expect(scratchpadAccess({ userId: 'u-cy', isStaff: false, session })).toBe('none');
    const past = { ...session, ended: true };
    expect(scratchpadAccess({ userId: 'u-bo', isStaff: false, session: past })).toBe('read-only');
    expect(scratchpadAccess({ userId: 'u-teacher', isStaff: true, session: past })).toBe(
      'read-only',
    );
  });

  it('the tutor reads the linked document only where a teacher allowed it, while live', () => {
    expect(tutorReadsLinkedDoc({ userId: 'u-bo', session })).toBe(false);
    const allowed = { ...session, linkedDocReadable: true };
    expect(tutorReadsLinkedDoc({ userId: 'u-bo', session: allowed })).toBe(true);
    expect(tutorReadsLinkedDoc({ userId: 'u-cy', session: allowed })).toBe(false);
    expect(tutorReadsLinkedDoc({ userId: 'u-bo', session: { ...allowed, ended: true } })).toBe(
      false,
    );
  });
});

describe('tutoring decider: subjects', () => {
  const aboutFractions: TutoringEvent = {
    type: 'HelpRequested',
    data: { ...requested.data, subject: 'Fractions' },
  };
  const tutorFor = (subject: string | null): TutoringActor => ({ ...tutor, tutorSubject: subject });
  const firstEvent = (result: ReturnType<ReturnType<typeof given>['when']>) =>
    'events' in result ? result.events[0] : result.error;

  it('raises a request about a subject, trimmed; a blank subject is for any tutor', () => {
    expect(
      given([]).when(raise({ docId: 'd-ada', checkpointId: 'cp-1', subject: ' Fractions ' })),
    ).toEqual({ events: [aboutFractions] });
    expect(given([]).when(raise({ docId: 'd-ada', checkpointId: 'cp-1', subject: '  ' }))).toEqual({
      events: [requested],
    });
  });

  it('refuses an overlong subject', () => {
    expect(refusalCode(given([]).when(raise({ subject: 'x'.repeat(61) })))).toBe(
      'tutoring.subject-invalid',
    );
  });

  it('lets a tutor of the same subject, whatever its case, or of any subject claim it', () => {
    for (const subject of ['fractions', null]) {
      expect(firstEvent(given([aboutFractions]).when(claim('u-bo', tutorFor(subject))))).toEqual(
        claimedByBo,
      );
    }
  });

  it('refuses a tutor of another subject, and tells them why', () => {
    const result = given([aboutFractions]).when(claim('u-bo', tutorFor('Poetry')));
    expect(refusalCode(result)).toBe('tutoring.other-subject');
  });

  it('lets a tutor of any one subject claim a request for any tutor', () => {
    expect(firstEvent(given([requested]).when(claim('u-bo', tutorFor('Poetry'))))).toEqual(
      claimedByBo,
    );
  });

  it('lets a teacher’s referral reach a tutor of another subject, and a teacher claim anything', () => {
    expect(
      firstEvent(given([aboutFractions, referredToBo]).when(claim('u-bo', tutorFor('Poetry')))),
    ).toEqual(claimedByBo);
    expect(firstEvent(given([aboutFractions]).when(claim('u-teacher', teacher)))).toMatchObject({
      type: 'HelpRequestClaimed',
    });
  });

  it('matches subjects the way the queue filters them', () => {
    expect(tutorTakesSubject(null, 'Fractions')).toBe(true);
    expect(tutorTakesSubject('Fractions', null)).toBe(true);
    expect(tutorTakesSubject(' FRACTIONS', 'fractions ')).toBe(true);
    expect(tutorTakesSubject('Poetry', 'Fractions')).toBe(false);
  });
});
