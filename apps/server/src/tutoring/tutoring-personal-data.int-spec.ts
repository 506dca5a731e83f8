import { expect, it } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { HelpQueue, HelpRequestView, TutoringSessionView } from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { ERASED_TEXT, PersonalDataVault } from '../personal-data/index.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

const R = API_ROUTES;

await describeOnEveryStore('tutoring text written by students', (openStore) => {
  const { start, person, joinedClassroom } = loopHarness(openStore);

  it('keeps topics, notes, summaries, comments and a teacher’s referral note about a student sealed in the log, and shows a person’s as erased once they are erased', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const classroomId = (await joinedClassroom(teacher, [ada, bo])).id;
    await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
      studentId: bo.id,
    });

    const topic = 'I cannot focus since my parents split up';
    const request = (
      await ada.call<HelpRequestView>('POST', apiPath(R.raiseHelpRequest, { classroomId }), {
        topic: `  ${topic} `,
      })
    ).body;
    expect(request.topic).toBe(topic);
    const session = (
      await bo.call<TutoringSessionView>(
        'POST',
        apiPath(R.claimHelpRequest, { requestId: request.requestId }),
        {},
      )
    ).body;
    const sessionPath = { sessionId: session.sessionId };
    await ada.call('POST', apiPath(R.addSessionNote, sessionPath), { text: 'Ada’s own note' });
    await bo.call('POST', apiPath(R.addSessionNote, sessionPath), { text: 'Bo’s own note' });
    await bo.call('POST', apiPath(R.endSession, sessionPath), { summary: 'We made a plan.' });
    const rated = await ada.call<TutoringSessionView>('POST', apiPath(R.rateSession, sessionPath), {
      stars: 4,
      comment: 'Bo listened.',
    });
    expect(rated.body).toMatchObject({
      topic,
      summary: 'We made a plan.',
      rating: { stars: 4, comment: 'Bo listened.' },
      notes: [{ text: 'Ada’s own note' }, { text: 'Bo’s own note' }],
    });

    // Nothing they wrote is in the log in the clear.
    const log = JSON.stringify(
      await app.store.events.readStream(streams.helpRequest(request.requestId)),
    );
    for (const clear of [
      topic,
      'Ada’s own note',
      'Bo’s own note',
      'We made a plan.',
      'Bo listened.',
    ])
      expect(log).not.toContain(clear);

    const waiting = await ada.call<HelpRequestView>(
      'POST',
      apiPath(R.raiseHelpRequest, { classroomId }),
      { topic: 'Another worry of mine' },
    );
    expect(waiting.status).toBe(201);
    // A teacher's referral note is about Ada: sealed with her key, opened for Bo and the teachers.
    const referralNote = 'Ada’s mother asked us to watch her closely';
    const referral = await teacher.call<HelpRequestView>(
      'POST',
      apiPath(R.referHelpRequest, { requestId: waiting.body.requestId }),
      { tutorId: bo.id, note: ` ${referralNote} ` },
    );
    expect(referral.body.referralNote).toBe(referralNote);
    const bosQueue = (await bo.call<HelpQueue>('GET', apiPath(R.helpQueue, { classroomId }))).body;
    expect(bosQueue.items.map((r) => r.referralNote)).toEqual([referralNote]);
    const waitingLog = JSON.stringify(
      await app.store.events.readStream(streams.helpRequest(waiting.body.requestId)),
    );
    expect(waitingLog).not.toContain('Another worry of mine');
    expect(waitingLog).not.toContain(referralNote);

    // Ada is erased: what she wrote reads as erased everywhere, her waiting request included; Bo's words stay.
    await app.nest.get(PersonalDataVault).erase(ada.id, { erasedBy: teacher.id });
    const seen = (
      await teacher.call<TutoringSessionView>('GET', apiPath(R.tutoringSession, sessionPath))
    ).body;
    expect(seen).toMatchObject({
      topic: ERASED_TEXT,
      summary: 'We made a plan.',
      rating: { stars: 4, comment: ERASED_TEXT },
      notes: [{ text: ERASED_TEXT }, { text: 'Bo’s own note' }],
    });
    const queue = (await teacher.call<HelpQueue>('GET', apiPath(R.helpQueue, { classroomId })))
      .body;
    expect(queue.items.map((r) => [r.topic, r.referralNote])).toEqual([[ERASED_TEXT, ERASED_TEXT]]);
    // Nothing new can be written about her: a new note is refused, a referral without one goes through.
    const referAgain = (note: string) =>
      teacher.call<HelpRequestView>(
        'POST',
        apiPath(R.referHelpRequest, { requestId: waiting.body.requestId }),
        { tutorId: bo.id, note },
      );
    const refused = await referAgain('She seemed upset today');
    expect(refused).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
    const withoutNote = await referAgain('');
    expect(withoutNote.status).toBe(201);
    expect(withoutNote.body.referralNote).toBe('');
  }, 60_000);
});
