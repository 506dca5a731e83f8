import { expect, it, jest } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type {
  ClassroomView,
  InquiryPost,
  InquiryPostList,
  MentorAccessReport,
  MentorList,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { ERASED_TEXT, PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { inviteAndSignInMentor, openSpace } from './inquiry.testing.js';

const R = API_ROUTES;

jest.setTimeout(60_000);

await describeOnEveryStore('personal data in inquiry spaces', (openStore) => {
  const { start, person, withToken, client } = loopHarness(openStore);

  it('seals post bodies and a mentor’s name and organisation with their person’s key, so erasing the person makes them read as erased', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const classroom = (
      await hill.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    await ada.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    const spaceId = await openSpace(hill, classroom.id);
    const { session } = await inviteAndSignInMentor(
      hill,
      client(url, undefined),
      spaceId,
      Date.now() + 86_400_000,
    );
    const mentorId = session.mentorId;
    const grace = withToken(url, mentorId, session.token);
    const post = (who: typeof ada, text: string) =>
      who.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), { kind: 'evidence', text });
    expect((await post(grace, 'Floodplains store water.')).status).toBe(201);
    expect((await post(ada, 'Our gauge read 2.4 m.')).status).toBe(201);

    // Nothing of theirs is in the log in the clear.
    const log = JSON.stringify(await app.store.events.readStream(streams.inquiry(spaceId)));
    for (const clear of ['Grace', 'River Trust', 'Floodplains', 'gauge read']) {
      expect(log).not.toContain(clear);
    }
    const posts = async () =>
      (await hill.call<InquiryPostList>('GET', apiPath(R.inquiryPosts, { spaceId }))).body.items;
    expect((await posts()).map((p) => [p.authorFirstName, p.organisation, p.text])).toEqual([
      ['Grace Okafor', 'River Trust', 'Floodplains store water.'],
      ['ada', null, 'Our gauge read 2.4 m.'],
    ]);

    const vault = app.nest.get(PersonalDataVault);
    await vault.erase(mentorId);
    expect((await posts()).map((p) => [p.authorFirstName, p.organisation, p.text])).toEqual([
      [ERASED_TEXT, ERASED_TEXT, ERASED_TEXT],
      ['ada', null, 'Our gauge read 2.4 m.'],
    ]);
    const mentors = (await hill.call<MentorList>('GET', apiPath(R.mentors, { spaceId }))).body;
    expect(mentors.items.map((m) => [m.name, m.organisation])).toEqual([
      [ERASED_TEXT, ERASED_TEXT],
    ]);
    const report = (
      await hill.call<MentorAccessReport>(
        'GET',
        apiPath(R.mentorAccessReport, { spaceId, mentorId }),
      )
    ).body;
    expect(report.entries.find((e) => e.kind === 'posted')?.detail).toBe(ERASED_TEXT);

    await vault.erase(ada.id);
    expect((await posts()).map((p) => p.text)).toEqual([ERASED_TEXT, ERASED_TEXT]);
  });
});
