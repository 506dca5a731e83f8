import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { ServerProcess } from './support/server-process.js';

describe('invite links and the guardian view, in a real browser', () => {
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

  it('a guardian joins by an invite link, sees their student’s progress live, and the link works once', async () => {
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.getByRole('link', { name: 'Year 7 Science' }).click();
    await teacher.getByLabel('Invite a').selectOption({ label: 'Guardian' });
    // A guardian invite must name the students: refused with the reason beside the boxes.
    await teacher.getByRole('button', { name: 'Make invite link' }).click();
    await teacher.getByText('Choose the students this guardian is invited for.').waitFor();
    await teacher.getByRole('group', { name: 'Guardian of' }).getByLabel('Ana').check();
    await teacher.getByRole('button', { name: 'Make invite link' }).click();
    const link = (await teacher.locator('.invite-link').textContent())?.trim() ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/invites/.+`));
    await teacher.getByRole('table', { name: 'Invites' }).getByText('open').waitFor();
    await expectNoAxeViolations(teacher, 'the classroom page with invites (teacher)');

    const guardian = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await guardian.goto(link);
    await guardian.getByText('Join Year 7 Science as a guardian.').waitFor();
    await expectNoAxeViolations(guardian, 'the invite page (anonymous)');
    await guardian.getByLabel('Your name').fill('Ana’s mum');
    await guardian.getByLabel('Choose a sign-in name').fill('ana.guardian');
    await guardian.getByLabel('Choose a password').fill('short');
    await guardian.getByRole('button', { name: 'Make my account and join' }).click();
    await guardian.getByText('Use at least 10 characters for your password.').waitFor();
    await guardian.getByLabel('Choose a password').fill('rivers-and-brooks');
    await guardian.getByRole('button', { name: 'Make my account and join' }).click();
    await guardian.getByRole('heading', { level: 1, name: 'Hello, Ana’s mum' }).waitFor();
    await expectNoAxeViolations(guardian, 'the home page (guardian)');

    await guardian
      .getByRole('region', { name: 'Your students' })
      .getByRole('link', { name: 'Ana' })
      .click();
    await guardian.getByRole('heading', { level: 1, name: "Ana's projects" }).waitFor();
    await guardian.getByText('Checkpoints reached: 0 of 3.').waitFor();
    await expectNoAxeViolations(guardian, 'a student overview (guardian)');

    // Ana marks a checkpoint: her guardian's page follows without a reload.
    const ana = await signedInPage(browser, server.url, 'ana');
    await ana.getByRole('link', { name: 'How healthy is our river?' }).click();
    await ana.getByRole('button', { name: 'Mark reached: Our question' }).click();
    await ana.getByText('Checkpoint “Our question” marked reached.').waitFor();
    await guardian.getByText('Checkpoints reached: 1 of 3.').waitFor();

    // The link was for one person.
    const stranger = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await stranger.goto(link);
    await stranger.getByText('This invitation has already been used.').waitFor();
    await teacher.reload();
    await teacher.getByRole('table', { name: 'Invites' }).getByText('accepted').waitFor();

    await Promise.all([teacher, guardian, ana, stranger].map((page) => page.context().close()));
  }, 120_000);
});
