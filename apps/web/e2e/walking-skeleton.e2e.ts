import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { documentEditor, typeAtEnd, waitForDocumentText } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

const PROJECT = 'How healthy is our river?';
const ANA_WRITES = 'Rivers carry sediment downstream. ';
const BEN_WRITES = 'Trout need cold water with plenty of oxygen. ';

async function openProject(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: PROJECT }).click();
  const editor = documentEditor(page);
  await page.getByText('Your changes are shared as you type.').waitFor();
  await editor.waitFor();
  return editor;
}

function boardRow(board: Page, group: string, student: string): Locator {
  return board
    .getByRole('region', { name: group })
    .getByRole('listitem')
    .filter({ hasText: student });
}

describe('the walking skeleton, in a real browser', () => {
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

  it('a teacher sets up a classroom through the pages and a student finds the project', async () => {
    const [teacher, ana] = await Promise.all([
      signedInPage(browser, server.url, 'teacher'),
      signedInPage(browser, server.url, 'ana'),
    ]);

    await expectNoAxeViolations(teacher, 'the home page (teacher)');
    await expectNoAxeViolations(ana, 'the home page (student)');
    await teacher.getByLabel('Classroom name').fill('Year 8 Art');
    await teacher.getByRole('button', { name: 'Create classroom' }).click();
    await teacher.getByRole('heading', { level: 1, name: 'Year 8 Art' }).waitFor();
    const code =
      (
        await teacher.getByRole('region', { name: 'Join code' }).locator('.join-code').textContent()
      )?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);

    await ana.getByLabel('Join code').fill(code.toLowerCase());
    await ana.getByRole('button', { name: 'Join classroom' }).click();
    await ana.getByText('You joined Year 8 Art.').waitFor();

    await teacher.getByLabel('Group name').fill('Painters');
    await teacher.getByRole('button', { name: 'Create group' }).click();
    await teacher.getByText('Group Painters created.').waitFor();
    await teacher.getByLabel('Group for Ana').selectOption({ label: 'Painters' });
    await teacher.getByRole('button', { name: 'Move Ana' }).click();
    await teacher.getByText('Ana is now in Painters.').waitFor();

    await teacher.getByLabel('Project title').fill('Murals');
    await teacher.getByLabel('Brief').fill('Design a mural for the library wall.');
    await teacher.getByRole('button', { name: 'Assign project' }).click();
    await teacher.getByText('Project Murals assigned to 1 group.').waitFor();
    await expectNoAxeViolations(teacher, 'the classroom page (teacher)');

    await ana.reload();
    await ana.getByRole('link', { name: 'Murals' }).click();
    await ana.getByText('Design a mural for the library wall.').waitFor();
    await ana.getByText('Your changes are shared as you type.').waitFor();
    await ana.context().close();
    await teacher.context().close();
  });

  it('two students co-write, the teacher watches it live, and the text survives a restart', async () => {
    const [teacher, ana, ben] = await Promise.all([
      signedInPage(browser, server.url, 'teacher'),
      signedInPage(browser, server.url, 'ana'),
      signedInPage(browser, server.url, 'ben'),
    ]);

    await teacher.getByRole('link', { name: 'Year 7 Science' }).click();
    await teacher.getByRole('link', { name: 'Open the live board' }).click();
    await teacher.getByText('Live: updates as students write.').waitFor();
    await expect(boardRow(teacher, 'Otters', 'Ana').textContent()).resolves.toContain(
      '0 characters',
    );

    // The session token never goes in a WebSocket URL: each connection carries a single-use ticket.
    const collabUrls: string[] = [];
    ana.on('websocket', (socket) => {
      if (socket.url().includes('/collab/')) collabUrls.push(socket.url());
    });
    const [anaEditor, benEditor] = await Promise.all([openProject(ana), openProject(ben)]);
    // Present first; active once they write.
    await boardRow(teacher, 'Otters', 'Ana').getByText('Here', { exact: true }).waitFor();
    await boardRow(teacher, 'Otters', 'Ben').getByText('Here', { exact: true }).waitFor();

    await expectNoAxeViolations(teacher, 'the live board (teacher)');
    await typeAtEnd(anaEditor, ANA_WRITES);
    // Ben writes after Ana's sentence once he sees all of it: two people typing at the same
    // spot at the same moment would (rightly) interleave, which is not what this checks.
    await waitForDocumentText(ben, ANA_WRITES);
    await typeAtEnd(benEditor, BEN_WRITES);

    const seenByAna = await waitForDocumentText(ana, ANA_WRITES, BEN_WRITES);
    expect(collabUrls.length).toBeGreaterThan(0);
    expect(collabUrls.filter((url) => !/[?&]ticket=/.test(url) || /token=/.test(url))).toEqual([]);
    const seenByBen = await waitForDocumentText(ben, ANA_WRITES, BEN_WRITES);
    expect(seenByAna).toBe(seenByBen);

    // The board moves without a reload: each student's own characters, attributed.
    await boardRow(teacher, 'Otters', 'Ana').getByText(`${ANA_WRITES.length} characters`).waitFor();
    await boardRow(teacher, 'Otters', 'Ben').getByText(`${BEN_WRITES.length} characters`).waitFor();
    await boardRow(teacher, 'Otters', 'Ana').getByText('Active now').waitFor();
    await expect(boardRow(teacher, 'Otters', 'Cleo').textContent()).resolves.toContain(
      '0 characters',
    );

    await server.stop();
    await server.boot();

    const anaAgain = await signedInPage(browser, server.url, 'ana');
    await openProject(anaAgain);
    expect(await waitForDocumentText(anaAgain, ANA_WRITES, BEN_WRITES)).toBe(seenByAna);
    await expectNoAxeViolations(anaAgain, 'the workspace (student)');
  }, 120_000);

  it('keeps what a student types before the document has arrived, merged with what was there', async () => {
    const ben = await signedInPage(browser, server.url, 'ben');
    // Hold back everything the server sends on the document's socket until we say so, so the
    // student types into a document that has not synced yet (a slow school network).
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await ben.routeWebSocket(/\/collab\//, (socket) => {
      const upstream = socket.connectToServer();
      upstream.onMessage((message) => {
        void released.then(() => socket.send(message));
      });
    });
    await ben.getByRole('link', { name: PROJECT }).click();
    const editor = documentEditor(ben);
    await ben.getByText('Connected. Loading the document…').waitFor();
    await typeAtEnd(editor, 'Typed before the sync. ');
    expect(await ben.getByText('Your changes are shared as you type.').count()).toBe(0);

    release();
    const merged = await waitForDocumentText(ben, ANA_WRITES, BEN_WRITES, 'Typed before the sync.');
    const ana = await signedInPage(browser, server.url, 'ana');
    await openProject(ana);
    expect(await waitForDocumentText(ana, 'Typed before the sync.')).toBe(merged);
  }, 120_000);

  it('ends the session of another device from "Your sessions", closing its open document', async () => {
    const [laptop, phone] = await Promise.all([
      signedInPage(browser, server.url, 'ana'),
      signedInPage(browser, server.url, 'ana'),
    ]);
    await laptop.getByRole('link', { name: 'How healthy is our river?' }).click();
    await documentEditor(laptop).waitFor();
    await laptop.getByText('Your changes are shared as you type.').waitFor();

    await phone.getByRole('link', { name: 'Your sessions' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Your sessions' }).waitFor();
    await expectNoAxeViolations(phone, 'your sessions');
    await phone.getByRole('button', { name: 'Sign out there' }).first().click();
    await phone.getByText('Signed out of that session.').waitFor();

    // The laptop's live document is closed by the server, as at the end of a session.
    await laptop.getByText('Sign in again: your session is missing or has expired.').waitFor();

    // Signing out here ends the phone's own session too, on the server first.
    await phone.getByRole('button', { name: 'Sign out here' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    await laptop.context().close();
    await phone.context().close();
  }, 60_000);
});
