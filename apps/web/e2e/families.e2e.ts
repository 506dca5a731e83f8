import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { ServerProcess } from './support/server-process.js';

/** The signed-in person's id, as the web app keeps it for the tab. */
function myId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const raw = sessionStorage.getItem('commonplace.session');
    const session = raw ? (JSON.parse(raw) as { user?: { id?: string } }) : {};
    return session.user?.id ?? '';
  });
}

describe('a guardian’s charts of their own child, in a real browser', () => {
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

  it('a guardian sees their child’s chart, goals and feedback, and nothing of anyone else', async () => {
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.getByRole('link', { name: 'Year 7 Science' }).click();
    await teacher.getByLabel('Invite a').selectOption({ label: 'Guardian' });
    await teacher.getByRole('group', { name: 'Guardian of' }).getByLabel('Ana').check();
    await teacher.getByRole('button', { name: 'Make invite link' }).click();
    const link = (await teacher.locator('.invite-link').textContent())?.trim() ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/invites/.+`));

    const guardian = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await guardian.goto(link);
    await guardian.getByLabel('Your name').fill('Ana’s dad');
    await guardian.getByLabel('Choose a sign-in name').fill('ana.dad');
    await guardian.getByLabel('Choose a password').fill('rivers-and-brooks');
    await guardian.getByRole('button', { name: 'Make my account and join' }).click();
    await guardian.getByRole('heading', { level: 1, name: 'Hello, Ana’s dad' }).waitFor();

    // The weekly summary by email: a bad address is refused in words, a good one is kept.
    const summary = guardian.getByRole('form', { name: 'Weekly summary by email' });
    await summary.getByText('This server sends no email yet').waitFor();
    await summary.getByLabel('Email address').fill('not an address');
    await summary.getByRole('button', { name: 'Save' }).click();
    await summary.getByText('Give a valid email address, such as name@example.org.').waitFor();
    await expectNoAxeViolations(guardian, 'the guardian’s home, weekly summary refused');
    await summary.getByLabel('Email address').fill('ana.dad@example.org');
    await summary.getByRole('button', { name: 'Save' }).click();
    await summary.getByText('The weekly summary goes to ana.dad@example.org.').waitFor();
    await expectNoAxeViolations(guardian, 'the guardian’s home, weekly summary on');
    await summary.getByRole('button', { name: 'Stop the summary' }).click();
    await summary.getByText('The weekly summary is off.').waitFor();
    expect(await summary.getByLabel('Email address').inputValue()).toBe('');

    // Keyboard only: Tab to the charts link and follow it with Enter.
    const chartsLink = guardian
      .getByRole('region', { name: 'Your students' })
      .getByRole('link', { name: 'Charts and goals' });
    for (
      let i = 0;
      i < 40 && !(await chartsLink.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await guardian.keyboard.press('Tab');
    }
    await guardian.keyboard.press('Enter');
    await guardian.getByRole('heading', { level: 1, name: 'How Ana is doing' }).waitFor();

    const chart = guardian.getByRole('figure', { name: "Ana's time on task by week" });
    await chart.waitFor();
    await chart.getByText('Show the numbers as a table').click();
    const table = chart.getByRole('table');
    await table.getByRole('columnheader', { name: 'Minutes on task' }).waitFor();
    // Eight weeks by default, this one included; each a row under the header.
    expect(await table.getByRole('row').count()).toBe(9);
    await guardian.getByRole('heading', { level: 2, name: 'How healthy is our river?' }).waitFor();
    await guardian.getByText('Working with: Classmate').waitFor();
    await guardian.getByRole('heading', { level: 3, name: 'Goals' }).waitFor();
    await guardian.getByRole('heading', { level: 3, name: 'Feedback' }).waitFor();
    await expectNoAxeViolations(guardian, 'the guardian’s charts page');

    // Ben shares Ana's group; his name appears nowhere on her guardian's page.
    expect(await guardian.locator('main').textContent()).not.toContain('Ben');

    // And asking for Ben's page directly is refused in words.
    const ben = await signedInPage(browser, server.url, 'ben');
    const benId = await myId(ben);
    expect(benId).not.toBe('');
    await guardian.goto(`/families/children/${encodeURIComponent(benId)}`);
    await guardian.getByText('You can only see the students you are a guardian of.').waitFor();
    expect(await guardian.locator('main').textContent()).not.toContain('Ben');
    await expectNoAxeViolations(guardian, 'the guardian’s charts page, refused');

    await Promise.all([teacher, guardian, ben].map((page) => page.context().close()));
  }, 120_000);
});
