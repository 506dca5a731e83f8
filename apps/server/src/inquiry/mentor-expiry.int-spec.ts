import { expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { streams } from '@commonplace/domain';
import type { ClassroomView, MentorAccessReport } from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import type { CommonplaceApp } from '../app.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import type { StoreUnderTest } from '../documents/workspace-app.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { inviteAndSignInMentor, openSpace } from './inquiry.testing.js';
import { MentorExpiryScheduler } from './mentor-expiry.scheduler.js';
import { eventually } from '../collab/collab.testing.js';

const R = API_ROUTES;

// Whole-app starts on a loaded 2-core machine; what is tested is the order of things, not speed.
jest.setTimeout(90_000);

/**
 * A mentor is invited for a few seconds and signs in; every instance stops;
 * their access ends while nothing runs; then `instances` instances start on
 * the same store. The expiry is recorded exactly once, and the link is refused.
 */
function expiresWhileDown(openStore: () => Promise<StoreUnderTest>, instances: number) {
  const { start, person, withToken, client } = loopHarness(openStore);

  return async () => {
    const first = await start();
    const hill = await person(first.app, first.url, 'ms-hill', 'teacher');
    const classroom = (
      await hill.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const spaceId = await openSpace(hill, classroom.id);
    const expiresAt = Date.now() + 4_000;
    const { inviteToken: link, session } = await inviteAndSignInMentor(
      hill,
      client(first.url, undefined),
      spaceId,
      expiresAt,
    );
    const mentorId = session.mentorId;
    await first.app.close();
    const expiredEvents = async (app: CommonplaceApp) =>
      (await app.store.events.readStream(streams.inquiry(spaceId))).filter(
        (event) => event.type === 'MentorAccessExpired',
      );
    // Nothing could record the end: no instance ran when it came.
    await eventually(async () => Date.now() > expiresAt, 'the mentor’s access to end');

    const restarted: Array<{ app: CommonplaceApp; url: string }> = [];
    for (let i = 0; i < instances; i++) restarted.push(await start());
    const [{ app, url }] = restarted as [{ app: CommonplaceApp; url: string }];
    // Refused by the clock even if the expiry is not recorded yet.
    expect(
      await client(url, undefined)('POST', apiPath(R.mentorSignIn), { inviteToken: link }),
    ).toMatchObject({ status: 410, body: { code: 'inquiry.invite-expired' } });
    const grace = withToken(url, mentorId, session.token);
    expect((await grace.call('GET', apiPath(R.inquirySpace, { spaceId }))).body).toMatchObject({
      code: 'inquiry.invite-expired',
    });

    await eventually(async () => (await expiredEvents(app)).length > 0, 'the recorded expiry');
    // Every instance has fired its timer (or found nothing due) and finished recording.
    for (const instance of restarted) {
      const scheduler = instance.app.nest.get(MentorExpiryScheduler);
      await scheduler.ready();
      await eventually(async () => !scheduler.isArmed(mentorId), 'every timer to fire');
      await scheduler.settled();
    }
    const recorded = await expiredEvents(app);
    expect(recorded).toHaveLength(1);
    expect(Date.parse((recorded[0]?.data as { at: string }).at)).toBeGreaterThanOrEqual(expiresAt);
    const hillAgain = withToken(url, hill.id, hill.token);
    const report = await hillAgain.call<MentorAccessReport>(
      'GET',
      apiPath(R.mentorAccessReport, { spaceId, mentorId }),
    );
    expect(report.body.mentor.status).toBe('expired');
    expect(report.body.entries.map((e) => e.kind)).toEqual(['signed-in', 'expired']);
  };
}

await describeOnEveryStore('the expiry sweep on a fresh store', (openStore) => {
  const { start } = loopHarness(openStore);

  it('first reads the mentors coming due once the read model exists, so nothing is logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      const { app } = await start();
      await app.nest.get(MentorExpiryScheduler).ready();
      // Before: 'Could not read the mentors coming due … relation "rm_inquiry_mentors" does not exist'.
      const logged = [...warn.mock.calls, ...error.mock.calls].map((call) => String(call[0]));
      expect(logged.filter((line) => /mentors coming due|rm_inquiry_mentors/.test(line))).toEqual(
        [],
      );
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

await describeOnEveryStore('a mentor’s expiry across a restart', (openStore) => {
  it(
    'refuses a mentor whose access ended while the server was down, and records the end once after restart',
    expiresWhileDown(openStore, 1),
  );
});

await describeWithPostgres('a mentor’s expiry with several instances (PostgreSQL)', () => {
  it(
    'records the end exactly once when two instances start after it passed',
    expiresWhileDown(async () => {
      const database = await createPostgresTestDatabase();
      return {
        env: { DATABASE_URL: database.connectionString, SESSION_SECRET: 'x'.repeat(32) },
        dispose: () => database.dispose(),
      };
    }, 2),
  );
});
