import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DocumentChange, DocumentHistoryPage } from '@commonplace/shared';
import { expectNoAxeViolations } from './support/axe.js';
import { DEMO_PASSWORD, launchChromium, signedInPage } from './support/browser.js';
import { documentEditor, typeAtEnd, waitForDocumentText } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

const PROJECT = 'How healthy is our river?';
const OFFLINE_NOTICE = 'Offline — your work is saved on this device';
const ONLINE_NOTICE = 'Your changes are shared as you type.';
const BEFORE = 'We met at the bridge. ';
const ANA_OFFLINE = 'Ana wrote this on the train. ';
const BEN_MEANWHILE = 'Ben added this from school. ';
const ANA_ON_THE_TRAIN = 'Typed after a reload with no network. ';

async function openProject(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.getByText(ONLINE_NOTICE).waitFor();
  const editor = documentEditor(page);
  await editor.waitFor();
  return editor;
}

/** The signed-in person's token, as the page keeps it (this tab's session storage). */
async function tokenOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('commonplace.session'));
  const session = JSON.parse(raw ?? 'null') as { token?: string } | null;
  if (!session?.token) throw new Error('The page holds no session.');
  return session.token;
}

async function userIdOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('commonplace.session'));
  const session = JSON.parse(raw ?? 'null') as { user?: { id?: string } } | null;
  if (!session?.user?.id) throw new Error('The page holds no session.');
  return session.user.id;
}

/** What this browser profile keeps for offline work: IndexedDB databases and stored page data. */
async function deviceCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
    const stored = Object.keys(localStorage);
    return [...databases, ...stored]
      .filter((name) => name.startsWith('commonplace-offline:'))
      .sort();
  });
}

/** Waits for the device's copies to be exactly `expected` (deletes finish once the page lets go). */
async function waitForDeviceCopies(page: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let names = await deviceCopies(page);
  while (JSON.stringify(names) !== JSON.stringify([...expected].sort())) {
    if (Date.now() > deadline) {
      throw new Error(`The device keeps ${JSON.stringify(names)}, not ${JSON.stringify(expected)}`);
    }
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    names = await deviceCopies(page);
  }
}

function copiesOf(userId: string, docId: string): string[] {
  const scope = `commonplace-offline:${encodeURIComponent(userId)}:`;
  return [
    `${scope}doc:${encodeURIComponent(docId)}`,
    `${scope}workspace:${encodeURIComponent(docId)}`,
  ];
}

async function historyOf(server: ServerProcess, token: string, docId: string) {
  const changes: DocumentChange[] = [];
  let before: number | null | undefined;
  do {
    const query = before === undefined ? '' : `&before=${before}`;
    const response = await fetch(
      `${server.url}/api/workspaces/${encodeURIComponent(docId)}/history?limit=200${query}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as DocumentHistoryPage;
    changes.push(...page.changes);
    before = page.nextBefore;
  } while (before !== null);
  return changes;
}

/** Characters each person inserted over the document's whole history (a fresh server's). */
function insertedBy(changes: DocumentChange[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const change of changes) {
    totals.set(
      change.authorDisplayName,
      (totals.get(change.authorDisplayName) ?? 0) + change.inserted,
    );
  }
  return totals;
}

describe('offline work and flaky networks, in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('a student writes offline, a classmate writes meanwhile, and both see the merge, credited to each', async () => {
    const [ana, ben] = await Promise.all([
      signedInPage(browser, server.url, 'ana'),
      signedInPage(browser, server.url, 'ben'),
    ]);
    const [anaEditor, benEditor] = await Promise.all([openProject(ana), openProject(ben)]);
    const docId = decodeURIComponent(new URL(ana.url()).pathname.split('/').pop() ?? '');

    await typeAtEnd(anaEditor, BEFORE);
    await waitForDocumentText(ben, BEFORE);
    const token = await tokenOf(ana);

    await ana.context().setOffline(true);
    await ana.getByText(OFFLINE_NOTICE).waitFor();
    await expectNoAxeViolations(ana, 'the workspace, offline (student)');
    await typeAtEnd(anaEditor, ANA_OFFLINE);
    // Ben writes at the start, so the two offline-era edits never land at the same spot.
    await benEditor.click();
    await benEditor.press('Control+Home');
    await benEditor.pressSequentially(BEN_MEANWHILE, { delay: 5 });
    // Ana's words stayed on her device: Ben's page never received them.
    await waitForDocumentText(ben, BEN_MEANWHILE);
    expect(await ben.getByText(ANA_OFFLINE.trim()).count()).toBe(0);

    await ana.context().setOffline(false);
    await ana.getByText(ONLINE_NOTICE).waitFor({ timeout: 30_000 });
    const seenByAna = await waitForDocumentText(ana, BEFORE, ANA_OFFLINE, BEN_MEANWHILE);
    const seenByBen = await waitForDocumentText(ben, BEFORE, ANA_OFFLINE, BEN_MEANWHILE);
    expect(seenByAna).toBe(seenByBen);

    // The server credits the offline update to the person who typed it, not to whoever synced.
    const deadline = Date.now() + 15_000;
    let totals = insertedBy(await historyOf(server, token, docId));
    const anaWrote = BEFORE.length + ANA_OFFLINE.length;
    while ((totals.get('Ana') ?? 0) < anaWrote && Date.now() < deadline) {
      // Polls the stored history (the deadline bounds it): the server writes changes in batches.
      await new Promise((resolve) => setTimeout(resolve, 100));
      totals = insertedBy(await historyOf(server, token, docId));
    }
    expect(totals.get('Ana')).toBe(anaWrote);
    expect(totals.get('Ben')).toBe(BEN_MEANWHILE.length);
    expect([...totals.keys()].sort()).toEqual(['Ana', 'Ben']);
    await ben.context().close();
  });

  it('with the network off, a reload opens the page and the document from the device', async () => {
    const ana = await signedInPage(browser, server.url, 'ana');
    await openProject(ana);
    const text = await waitForDocumentText(ana, ANA_OFFLINE, BEN_MEANWHILE);
    // The service worker has taken the page over: the shell is in its cache.
    await ana.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 15_000,
    });

    await ana.context().setOffline(true);
    await ana.reload();
    await ana.getByText(OFFLINE_NOTICE).waitFor();
    expect(await waitForDocumentText(ana, ANA_OFFLINE, BEN_MEANWHILE)).toBe(text);
    await expectNoAxeViolations(ana, 'the workspace, reloaded offline (student)');
    await typeAtEnd(documentEditor(ana), ANA_ON_THE_TRAIN);

    await ana.context().setOffline(false);
    await ana.getByText(ONLINE_NOTICE).waitFor({ timeout: 30_000 });
    const ben = await signedInPage(browser, server.url, 'ben');
    await openProject(ben);
    await waitForDocumentText(ben, ANA_ON_THE_TRAIN, ANA_OFFLINE, BEN_MEANWHILE);
    await ben.context().close();
    await ana.context().close();
  });

  it('keeps each person’s copy under their own name, none for a read-only viewer, and removes it on sign-out', async () => {
    const page = await signedInPage(browser, server.url, 'ana');
    await openProject(page);
    const docId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const anaId = await userIdOf(page);
    await waitForDeviceCopies(page, copiesOf(anaId, docId));

    // The teacher may only read this document: nothing of it is kept on the teacher's device.
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.goto(`/workspaces/${encodeURIComponent(docId)}`);
    await teacher.getByText('Connected. You are seeing changes as they happen.').waitFor();
    await waitForDocumentText(teacher, ANA_ON_THE_TRAIN);
    expect(await deviceCopies(teacher)).toEqual([]);
    await teacher.context().close();

    // Ana hands the Chromebook to Ben: signing out removes her copy; Ben's is his own.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await waitForDeviceCopies(page, []);
    await page.getByLabel('Sign-in name').fill('ben');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto('/');
    await openProject(page);
    const benId = await userIdOf(page);
    expect(benId).not.toBe(anaId);
    await waitForDeviceCopies(page, copiesOf(benId, docId));
    await page.context().close();
  });
});
