import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { ServerProcess } from './support/server-process.js';

describe('an inquiry space with a community mentor, in a real browser', () => {
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

  it('a second classroom joins by its join code; a mentor joins by invite link and sees students by first name only, is refused contact details, and their post reaches the teacher live; a teacher removes a student after confirming; the mentor is revoked mid-session', async () => {
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.getByRole('link', { name: 'Inquiry spaces' }).click();
    const open = teacher.getByRole('form', { name: 'Open an inquiry space' });
    await open.getByRole('button', { name: 'Open the space' }).click();
    await open.getByText('Choose the classroom the space starts from.').waitFor();
    await open.getByLabel('From classroom').selectOption({ label: 'Year 7 Science' });
    await open.getByLabel('Title').fill('River health');
    await open.getByLabel('Driving question').fill('How healthy are the rivers near our schools?');
    await open.getByRole('button', { name: 'Open the space' }).click();
    await teacher.getByRole('heading', { level: 1, name: 'River health' }).waitFor();
    const spaceUrl = teacher.url();

    // A second classroom is invited and its teacher (here the same person) has it join.
    await teacher.goto('/');
    await teacher.getByLabel('Classroom name').fill('Year 8 Geography');
    await teacher.getByRole('button', { name: 'Create classroom' }).click();
    await teacher.waitForURL(/\/classrooms\/[^/]+$/);
    // What a teacher of another school can know is the join code its teacher shares.
    const secondCode =
      (
        await teacher.getByRole('region', { name: 'Join code' }).locator('.join-code').textContent()
      )?.trim() ?? '';
    expect(secondCode).toMatch(/^[A-Z0-9]{6}$/);
    await teacher.goto(spaceUrl);
    const inviteByCode = teacher.getByLabel('Invite a classroom by its join code');
    await inviteByCode.fill(secondCode === 'ZZZ999' ? 'ZZZ998' : 'ZZZ999');
    await teacher.getByRole('button', { name: 'Invite classroom' }).click();
    await teacher
      .getByRole('alert')
      .filter({ hasText: 'No classroom has that join code.' })
      .waitFor();
    await inviteByCode.fill(secondCode.toLowerCase());
    await teacher.getByRole('button', { name: 'Invite classroom' }).click();
    await teacher.getByText("The classroom's teachers are invited.").waitFor();
    await teacher.goto('/inquiry-spaces');
    await teacher.getByRole('button', { name: 'Join with Year 8 Geography' }).click();
    await teacher.getByText('You joined “River health”.').waitFor();
    await expectNoAxeViolations(teacher, 'the inquiry spaces list (teacher)');
    await teacher.goto(spaceUrl);
    // Both classrooms by name, in whatever order the server lists them.
    await teacher
      .getByText(/^Classrooms taking part: (?=.*Year 7 Science)(?=.*Year 8 Geography)/)
      .waitFor();

    await teacher.getByLabel('Name', { exact: true }).fill('Rosa Díaz');
    await teacher.getByLabel('Name students see').fill('Dr Díaz');
    await teacher.getByLabel('Organisation').fill('River Trust');
    await teacher.getByLabel('Background check verified on').fill('2026-11-01');
    await teacher.getByLabel('Access until').fill('2099-01-31');
    await teacher.getByRole('button', { name: 'Make invite link' }).click();
    const link = (await teacher.locator('.mentor-invite-link').textContent())?.trim() ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/mentor-invites/.+`));
    await expectNoAxeViolations(teacher, 'the inquiry space (teacher, moderator)');

    // Ana takes part from the host classroom.
    const ana = await signedInPage(browser, server.url, 'ana');
    await ana.goto(spaceUrl);
    await ana.getByLabel('Write a post').fill('Our pH reading was 6.5.');
    await ana.getByRole('button', { name: 'Post', exact: true }).click();
    await ana.getByText('Posted.').waitFor();

    // The mentor comes in by the link and lands in the space, seeing Ana by first name only.
    const mentor = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await mentor.goto(link);
    await mentor.getByRole('heading', { level: 1, name: 'River health' }).waitFor();
    // Signed in under the name the teacher chose for them, not as "Mentor (Mentor)".
    expect(await mentor.locator('.signed-in-as strong').textContent()).toBe('Dr Díaz');
    await mentor.getByText('Our pH reading was 6.5.').waitFor();
    await mentor.getByText('Ana, Year 7 Science').waitFor();
    // Who is in the space, for a mentor: students' first names under their classroom's name, nothing else.
    const mentorSees = mentor.getByRole('region', { name: 'Who takes part' });
    await mentorSees.getByRole('heading', { name: 'Year 7 Science' }).waitFor();
    await mentorSees.getByRole('listitem').filter({ hasText: /^Ana$/ }).waitFor();
    expect(await mentorSees.getByText(/teacher|Rivera/).count()).toBe(0);
    expect(await mentorSees.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(mentor, 'the inquiry space (mentor)');
    await mentor.getByLabel('Write a post').fill('Text me on 0612 345 678 for help.');
    await mentor.getByRole('button', { name: 'Post', exact: true }).click();
    await mentor
      .getByRole('alert')
      .filter({ hasText: /phone number/i })
      .waitFor();
    await mentor.getByLabel('Write a post').fill('Try testing upstream of the bridge too.');
    await mentor.getByRole('button', { name: 'Post', exact: true }).click();
    await mentor.getByText('Posted.').waitFor();

    // The teacher's open page gets the post live, announced politely without moving focus.
    await teacher.getByText('Try testing upstream of the bridge too.').waitFor();
    await teacher
      .locator('[aria-live="polite"]')
      .filter({ hasText: /from Dr Díaz/ })
      .waitFor();
    expect(await teacher.getByText('Our pH reading was 6.5.').count()).toBe(1);

    // A teacher removes Ben by keyboard, after confirming; he leaves the list.
    const takingPart = teacher.getByRole('region', { name: 'Who takes part' });
    await takingPart.getByRole('button', { name: 'Remove Ben' }).focus();
    await teacher.keyboard.press('Enter');
    const confirm = teacher.getByRole('dialog', { name: 'Remove Ben from this space?' });
    await confirm.waitFor();
    await expectNoAxeViolations(teacher, 'the remove-participant dialog');
    await teacher.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await takingPart.getByRole('button', { name: 'Remove Ben' }).focus();
    await teacher.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Remove Ben' }).focus();
    await teacher.keyboard.press('Enter');
    await teacher.getByText('Ben no longer takes part in this space.').waitFor();
    await takingPart.getByRole('button', { name: 'Remove Ben' }).waitFor({ state: 'detached' });
    await mentorSees.getByRole('listitem').filter({ hasText: /^Ben$/ }).waitFor({
      state: 'detached',
    });

    // The mentor's access report, then revocation mid-session.
    // Adults are named as chosen at invite, never by a first word that may be a title.
    await teacher.getByText('Dr Díaz, mentor from River Trust').first().waitFor();
    await teacher.getByText(/^Rosa Díaz, shown to students as “Dr Díaz” \(River Trust\)/).waitFor();
    await teacher.getByRole('button', { name: 'Access report for Rosa Díaz' }).click();
    const report = teacher.getByRole('table', { name: 'Access report for Rosa Díaz' });
    await report.getByRole('cell', { name: 'posted' }).first().waitFor();
    await report.getByRole('cell', { name: 'signed in' }).first().waitFor();
    const clicked = Date.now();
    await teacher.getByRole('button', { name: 'Revoke Rosa Díaz' }).click();

    // Their live connection is closed at once, and the page keeps nothing of the space: one
    // message instead of the board, the discussion, the post box and its stale "Posted.".
    await mentor
      .getByRole('heading', { level: 1, name: 'Your access to this inquiry space has ended' })
      .waitFor();
    console.log(`revoke click → mentor's page replaced: ${Date.now() - clicked} ms`);
    await mentor
      .getByRole('alert')
      .filter({ hasText: 'A teacher has ended your access as a mentor.' })
      .waitFor();
    expect(await mentor.getByLabel('Write a post').count()).toBe(0);
    expect(await mentor.getByText('Posted.').count()).toBe(0);
    expect(await mentor.getByText('Try testing upstream of the bridge too.').count()).toBe(0);
    expect(await mentor.getByText(/not a member/).count()).toBe(0);
    expect(await mentor.getByRole('textbox').count()).toBe(0);
    await expectNoAxeViolations(mentor, 'the inquiry space after the mentor’s access ended');
    await teacher
      .getByText('Rosa Díaz’s access is revoked.')
      .or(teacher.getByText("Rosa Díaz's access is revoked."))
      .waitFor();

    // Refused from then on; the link no longer works.
    const again = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await again.goto(link);
    await again
      .getByRole('alert')
      .filter({ hasText: 'A teacher has ended your access as a mentor.' })
      .waitFor();
    await expectNoAxeViolations(again, 'the mentor landing page, revoked');

    await Promise.all([teacher, ana, mentor, again].map((page) => page.context().close()));
  }, 120_000);
});
