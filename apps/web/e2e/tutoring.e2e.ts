import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { typeAtEnd, waitForDocumentText } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

describe('peer tutoring, in a real browser', () => {
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

  it('a student asks for help, a peer tutor claims it, they co-edit the scratchpad and the teacher watches live', async () => {
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.getByRole('link', { name: 'Year 7 Science' }).first().click();
    await teacher.waitForURL(/\/classrooms\/[^/]+$/);
    const ben = await signedInPage(browser, server.url, 'ben');

    // The teacher makes Ben a peer tutor for chemistry from the classroom page, by keyboard.
    const tutors = teacher.getByRole('region', { name: 'Peer tutors' });
    await tutors.getByLabel('Subject Ben tutors (optional)').fill('Chemistry');
    await teacher.keyboard.press('Tab');
    await expect(teacher.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toBe(
      'Make Ben a peer tutor',
    );
    await teacher.keyboard.press('Enter');
    await teacher.getByRole('status').getByText('Ben is a peer tutor now.').waitFor();
    await tutors.getByRole('button', { name: 'Withdraw Ben as a peer tutor' }).waitFor();
    await tutors.getByRole('row', { name: /Ben/ }).getByText('Chemistry').waitFor();
    await expectNoAxeViolations(teacher, 'the classroom page with its peer tutors (teacher)');

    // Ana asks from her workspace.
    const ana = await signedInPage(browser, server.url, 'ana');
    await ana.getByRole('link', { name: 'How healthy is our river?' }).click();
    await ana.getByRole('button', { name: 'Ask for help' }).click();
    const form = ana.getByRole('form', { name: 'Ask for help' });
    await form.getByRole('button', { name: 'Ask for help' }).click();
    await form.getByText('Say what you need help with.').waitFor();
    await form.getByLabel('What do you need help with?').fill('Reading our pH results');
    await form.getByLabel('Subject (optional)').fill('chemistry');
    await form.getByRole('button', { name: 'Ask for help' }).click();
    await form.getByText('Your request is in the queue. The notifications at the top').waitFor();
    await expectNoAxeViolations(ana, 'the workspace with the help form (student)');
    await ana.getByRole('link', { name: 'Peer tutoring in this class' }).click();
    await ana.getByText('Waiting for a tutor.').waitFor();

    // Ben, a peer tutor, hears of it on his home page: his bell leads him to the live queue.
    const bell = (page: Page) => page.locator('.notification-bell summary');
    await bell(ben).click();
    await ben.getByRole('link', { name: 'Ana asked for help — open the help queue' }).click();
    const claim = ben.getByRole('button', { name: 'Help with “Reading our pH results”' });
    await claim.waitFor();
    await ben.getByText('(about chemistry)').waitFor();
    await expectNoAxeViolations(ben, 'the tutoring queue (peer tutor)');
    // Ana keeps her notifications open while she waits.
    await bell(ana).click();
    const joinTheSession = ana.getByRole('link', {
      name: 'Ben is ready to help you — join the session',
    });
    await claim.focus();
    const claimedAt = Date.now();
    await ben.keyboard.press('Enter');
    // Ana's bell shows the claim within a second, and says so politely.
    await joinTheSession.waitFor({ timeout: 5_000 });
    expect(Date.now() - claimedAt).toBeLessThanOrEqual(1_000);
    await ana
      .locator('.notification-bell [role="status"]')
      .getByText('New notification: Ben is ready to help you — join the session')
      .waitFor();
    await ben
      .getByRole('heading', { level: 1, name: 'Tutoring: Reading our pH results' })
      .waitFor();
    // Her tutoring page follows the claim to a session link too, without a reload.
    await ana.getByRole('link', { name: 'Reading our pH results: Ben with Ana' }).waitFor();
    await expectNoAxeViolations(ana, 'the open notifications with the claim (student)');

    // The notification's link opens the session, and it is read from then on.
    await joinTheSession.click();
    await ana
      .getByRole('heading', { level: 1, name: 'Tutoring: Reading our pH results' })
      .waitFor();
    await bell(ana).click();
    await ana
      .locator('.notification:not(.notification-unread)', { hasText: 'Ben is ready to help you' })
      .waitFor();
    await bell(ana).click();

    // The teacher opens it live from the classroom's tutoring page.
    await teacher.goto('/');
    await teacher.getByRole('link', { name: 'Peer tutoring', exact: true }).click();
    await teacher.getByRole('link', { name: 'Reading our pH results: Ben with Ana' }).click();
    await teacher.getByText('You can read the scratchpad but not change it.').waitFor();

    const scratchpad = (page: Page) => page.getByRole('textbox', { name: 'Scratchpad' });
    await typeAtEnd(scratchpad(ben), 'pH 7 is neutral. ');
    await waitForDocumentText(ana, 'pH 7 is neutral.');
    await typeAtEnd(scratchpad(ana), 'Ours was 6.5, a bit acidic.');
    await waitForDocumentText(ben, 'Ours was 6.5, a bit acidic.');
    await waitForDocumentText(teacher, 'pH 7 is neutral.', 'Ours was 6.5, a bit acidic.');
    expect(await scratchpad(teacher).getAttribute('contenteditable')).toBe('false');
    for (const [page, who] of [
      [ben, 'peer tutor'],
      [teacher, 'teacher'],
    ] as const) {
      const here = page.getByRole('region', { name: 'Who is here' });
      await here.getByText('Ana').waitFor();
      await expectNoAxeViolations(page, `the session room (${who})`);
    }

    // Notes and the end reach the watching teacher live; then Ana rates the session.
    await ben.getByLabel('Add a note').fill('Next time: compare with the river upstream.');
    await ben.getByRole('button', { name: 'Add note' }).click();
    await teacher.getByText('Next time: compare with the river upstream.').waitFor();
    await ben
      .getByLabel('What did you work on?')
      .fill('What pH means and how to read our results.');
    await ben.getByRole('button', { name: 'End session' }).click();
    await teacher.getByText('What pH means and how to read our results.').waitFor();
    // Both see that it ended, and the scratchpad no longer takes their typing.
    for (const page of [ana, ben]) {
      await page
        .getByRole('status')
        .getByText('This session has ended: the scratchpad is read-only now', { exact: false })
        .waitFor();
      await page.getByText('You can read the scratchpad but not change it.').waitFor();
      expect(await scratchpad(page).getAttribute('contenteditable')).toBe('false');
    }
    await scratchpad(ana).click();
    await ana.keyboard.type('late edit');
    await waitForDocumentText(teacher, 'pH 7 is neutral.', 'Ours was 6.5, a bit acidic.');
    expect(await scratchpad(ana).textContent()).not.toContain('late edit');
    await ana.getByRole('group', { name: 'How helpful was this session?' }).waitFor();
    await expectNoAxeViolations(ana, 'the ended session with the rating form (student)');
    await ana.getByLabel('5 stars').check();
    await ana.getByRole('button', { name: 'Send rating' }).click();
    await teacher.getByText('Rated 5 stars.').waitFor();
    await teacher.getByRole('link', { name: 'Replay the scratchpad’s history' }).waitFor();

    await Promise.all([teacher, ben, ana].map((page) => page.context().close()));
  }, 120_000);
});
