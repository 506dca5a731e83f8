import { expect, it } from '@jest/globals';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import { appHarness, describeOnEveryStore } from './workspace-app.testing.js';

await describeOnEveryStore('collaboration limits from the configuration', (openStore) => {
  const harness = appHarness(openStore);

  it('closes an account’s connection past COLLAB_MAX_CONNECTIONS_PER_ACCOUNT with 4430, others unaffected', async () => {
    const { app, url } = await harness.start({ COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: '2' });
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId ?? '';

    const tabs = [
      harness.connectDoc(url, docId, ana.token),
      harness.connectDoc(url, docId, ana.token),
    ];
    await waitFor(() => tabs.every((tab) => tab.provider.synced), 10_000, 'ana’s two tabs');
    const third = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => third.closes.length > 0, 10_000, 'ana’s third tab to be refused');
    expect(third.closes[0]).toEqual(
      expect.objectContaining({
        code: COLLAB_CLOSE.tooManyConnections.code,
        reason: COLLAB_CLOSE.tooManyConnections.reason,
      }),
    );
    const benTab = harness.connectDoc(url, docId, ben.token);
    await waitFor(() => benTab.provider.synced, 10_000, 'ben’s tab');
    expect(tabs.map((tab) => tab.closes)).toEqual([[], []]);
  }, 60_000);
});
