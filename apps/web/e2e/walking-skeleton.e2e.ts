import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { DEMO_PASSWORD, launchChromium, signedInPage } from './support/browser.js';
import { documentEditor, typeAtEnd, waitForDocumentText } from './support/editor.js';
import { Api } from './support/api.js';
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

interface DemoWorkspace {
  docId: string;
  name: string;
  memberIds: string[];
}

/** Every group workspace of every project of the teacher's classrooms, with its members. */
async function groupWorkspaces(api: Api, token: string): Promise<DemoWorkspace[]> {
  const classrooms = await api.call<{ id: string }[]>('GET', '/classrooms', token);
  const workspaces: DemoWorkspace[] = [];
  for (const classroom of classrooms) {
    const projects = await api.call<{ items: { id: string }[] }>(
      'GET',
      `/classrooms/${classroom.id}/projects`,
      token,
    );
    for (const project of projects.items) {
      const detail = await api.call<{ workspaces: (DemoWorkspace & { groupId: string | null })[] }>(
        'GET',
        `/projects/${project.id}`,
        token,
      );
      workspaces.push(...detail.workspaces.filter((workspace) => workspace.groupId !== null));
    }
  }
  return workspaces;
}

/** The background colour of each badge in a list, by the id on its row. */
async function badgeColours(list: Locator, idAttribute: string): Promise<Map<string, string>> {
  const rows = await list
    .locator(`li[${idAttribute}] .person-dot`)
    .evaluateAll(
      (badges, attribute) =>
        badges.map((badge) => [
          badge.closest('li')?.getAttribute(attribute) ?? '',
          `${getComputedStyle(badge).backgroundColor} ${badge.textContent ?? ''}`,
        ]),
      idAttribute,
    );
  return new Map(rows as [string, string][]);
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

  it('gives every member of every demo group a colour and mark of their own, the same on every screen', async () => {
    const api = new Api(server.url);
    const { token } = await api.signIn('teacher');
    const workspaces = await groupWorkspaces(api, token);
    // The demo's two groups, and any group an earlier test made.
    expect(workspaces.map((workspace) => workspace.name)).toEqual(
      expect.arrayContaining(['Herons', 'Otters']),
    );
    const teacher = await signedInPage(browser, server.url, 'teacher');
    // Colours are per document (a person in two groups may differ between them): by document, then member.
    const seen = new Map<string, Map<string, string>>();
    for (const workspace of workspaces) {
      await teacher.goto(`/workspaces/${encodeURIComponent(workspace.docId)}`);
      const members = teacher.getByRole('list', { name: /^Members, with the colour/ });
      await members
        .getByRole('listitem')
        .nth(workspace.memberIds.length - 1)
        .waitFor();
      const looks = await badgeColours(members, 'data-member-id');
      expect([...looks.keys()].sort()).toEqual([...workspace.memberIds].sort());
      // Different for every member: colour and mark alike.
      expect(new Set(looks.values()).size).toBe(workspace.memberIds.length);
      expect(new Set([...looks.values()].map((look) => look.split(' ').pop())).size).toBe(
        workspace.memberIds.length,
      );
      seen.set(workspace.docId, looks);
    }

    // Ana sees herself, and the teacher present beside her, as the teacher's screen draws them.
    const ana = await signedInPage(browser, server.url, 'ana');
    const otters = workspaces.find((workspace) => workspace.name === 'Otters');
    const ottersLooks = seen.get(otters?.docId ?? '');
    await ana.goto(`/workspaces/${encodeURIComponent(otters?.docId ?? '')}`);
    await teacher.goto(`/workspaces/${encodeURIComponent(otters?.docId ?? '')}`);
    await teacher
      .getByRole('region', { name: 'Who is here' })
      .getByRole('listitem')
      .first()
      .waitFor();
    const anaMembers = ana.getByRole('list', { name: /^Members, with the colour/ });
    await anaMembers
      .getByRole('listitem')
      .nth((ottersLooks?.size ?? 1) - 1)
      .waitFor();
    const anaLooks = await badgeColours(anaMembers, 'data-member-id');
    expect([...anaLooks.keys()].sort()).toEqual([...(ottersLooks?.keys() ?? [])].sort());
    for (const [id, look] of anaLooks) expect(look).toBe(ottersLooks?.get(id));
    const here = ana.getByRole('region', { name: 'Who is here' });
    await here.getByRole('listitem').nth(1).waitFor();
    const teacherHere = await teacher
      .getByRole('region', { name: 'Who is here' })
      .locator('li .person-dot')
      .first()
      .evaluate((badge) => `${getComputedStyle(badge).backgroundColor} ${badge.textContent ?? ''}`);
    const presence = await here
      .locator('li .person-dot')
      .evaluateAll((badges) =>
        badges.map(
          (badge) => `${getComputedStyle(badge).backgroundColor} ${badge.textContent ?? ''}`,
        ),
      );
    expect(presence).toContain(teacherHere);
    // The teacher is not a member: their colour is none of the group's.
    expect([...(ottersLooks?.values() ?? [])]).not.toContain(teacherHere);
    await teacher.context().close();
    await ana.context().close();
  }, 90_000);

  it('keeps the session across tabs on a computer that is not shared, and per tab on a shared one', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const first = await context.newPage();
    await first.goto('/sign-in');
    // The safe answer is the default: a shared computer.
    expect(await first.getByRole('radio', { name: /^Yes: sign me out/ }).isChecked()).toBe(true);
    await first.getByLabel('Sign-in name').fill('ben');
    await first.getByLabel('Password').fill(DEMO_PASSWORD);
    await first.getByRole('radio', { name: /^No, it is my own/ }).check();
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.getByRole('button', { name: 'Sign out' }).waitFor();
    await expectNoAxeViolations(first, 'the home page after a device-wide sign-in');

    // A new tab is signed in at once.
    const second = await context.newPage();
    await second.goto('/');
    await second.getByRole('button', { name: 'Sign out' }).waitFor();
    await second.getByRole('link', { name: PROJECT }).waitFor();

    // Signing out in one tab signs every tab out and leaves nothing behind.
    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    await first.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    const left = await first.evaluate(() => [
      localStorage.getItem('commonplace.session'),
      sessionStorage.getItem('commonplace.session'),
    ]);
    expect(left).toEqual([null, null]);

    // On a shared computer (the default), a new tab asks again.
    await first.getByLabel('Sign-in name').fill('ben');
    await first.getByLabel('Password').fill(DEMO_PASSWORD);
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.getByRole('button', { name: 'Sign out' }).waitFor();
    const third = await context.newPage();
    await third.goto('/');
    await third.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    await context.close();
  }, 60_000);
});
