import { afterEach, expect, it, jest } from '@jest/globals';
import type { WorkspaceProgress } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import type { CommonplaceApp } from '../app.js';
import { waitFor } from '../collab/collab.testing.js';
import { startServerProcess } from '../redis/server-process.testing.js';
import type { ServerProcess } from '../redis/server-process.testing.js';
import {
  TEST_REDIS_URL,
  createPostgresTestDatabase,
  describeWithPostgres,
  describeWithRedis,
  redisAvailable,
} from '../testing/services.js';
import { DocumentHistory } from '../documents/document-history.service.js';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';
import type {
  StoreUnderTest,
  TestDocClient,
  TestPerson,
} from '../documents/workspace-app.testing.js';

// The two-instance case starts a second server from source.
jest.setTimeout(120_000);

/** Waits until the document has a stored change, so a submission has something to pin either way. */
async function draftStored(app: CommonplaceApp, docId: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await app.store.events.readStream(streams.document(docId))).length === 0) {
    if (Date.now() > deadline) throw new Error('The draft was not stored within 5 s.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Submits and returns the revision the submission pinned. */
async function submit(student: TestPerson, docId: string): Promise<number> {
  const reply = await student.api<WorkspaceProgress>(
    'POST',
    `/workspaces/${docId}/submissions`,
    {},
  );
  expect(reply.status).toBe(201);
  const pinned = reply.body.submissions[0]?.documentRevision;
  if (pinned === undefined) throw new Error(`The submission pinned no revision: ${reply.text}`);
  return pinned;
}

/**
 * Types a burst, waits only until `witness` (another client) shows it — the
 * server has it, but its batch window (250 ms) has not closed — and returns
 * the full text.
 */
async function typeUntilSeen(writer: TestDocClient, witness: TestDocClient): Promise<string> {
  for (let i = 0; i < 20; i += 1) writer.text.insert(writer.text.length, `w${i} `);
  const expected = writer.text.toString();
  await waitFor(() => witness.text.toString() === expected, 5_000, 'the witness to see the burst');
  return expected;
}

await describeOnEveryStore('submitting right after typing', (openStore) => {
  const harness = appHarness(openStore);

  it('pins a revision holding the last keystrokes, still in the batch window when submitted', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');
    const writer = harness.connectDoc(url, docId, ana.token);
    const witness = harness.connectDoc(url, docId, teacher.token);
    await waitFor(() => writer.provider.synced && witness.provider.synced, 10_000, 'both synced');

    // Something stored already, so an unflushed submit would pin an older revision rather than be refused.
    writer.text.insert(0, 'First draft. ');
    await waitFor(
      () => witness.text.toString() === 'First draft. ',
      5_000,
      'the witness to see the draft',
    );
    await draftStored(app, docId);
    const expected = await typeUntilSeen(writer, witness);
    const revision = await submit(ana, docId);

    const pinned = await app.nest.get(DocumentHistory).textAt(ana.id, docId, revision);
    expect(pinned.text.trim()).toBe(expected.trim());
  });
});

const withServices = (await redisAvailable()).available ? describeWithPostgres : describeWithRedis;

await withServices('submitting right after typing on another instance', () => {
  let env: Record<string, string> = {};
  const harness = appHarness(async (): Promise<StoreUnderTest> => {
    const database = await createPostgresTestDatabase();
    env = {
      DATABASE_URL: database.connectionString,
      SESSION_SECRET: 's'.repeat(32),
      REDIS_URL: TEST_REDIS_URL,
    };
    return { env, dispose: () => database.dispose() };
  });
  const processes: ServerProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await process.kill9();
  });

  it('asks the instance holding the edits to store them before pinning', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');
    const serverB = await startServerProcess(env);
    processes.push(serverB);

    // ana types on B; the submission goes to A, which only has her edits relayed, not stored.
    const writer = harness.connectDoc(serverB.url, docId, ana.token);
    const witness = harness.connectDoc(urlA, docId, teacher.token);
    await waitFor(() => writer.provider.synced && witness.provider.synced, 30_000, 'both synced');
    writer.text.insert(0, 'First draft. ');
    await waitFor(() => witness.text.toString() === 'First draft. ', 5_000, 'the draft to reach A');
    await draftStored(appA, docId);
    const expected = await typeUntilSeen(writer, witness);
    const revision = await submit(ana, docId);

    const pinned = await appA.nest.get(DocumentHistory).textAt(ana.id, docId, revision);
    expect(pinned.text.trim()).toBe(expected.trim());
  });
});
