import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { DEMO_PASSWORD, launchChromium } from './support/browser.js';
import { documentEditor, typeAtEnd } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

const SETTINGS_KEY = 'commonplace.settings';
const BIG_AND_CLEAR = { motion: 'reduce', contrast: 'more', textSize: 200, font: 'readable' };
const BEN_WRITES = 'Ben measured the river.';

/** What <html> carries now: the attributes the stylesheet keys on and the root font size. */
function rootState(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    return {
      contrast: root.getAttribute('data-contrast'),
      motion: root.getAttribute('data-motion'),
      font: root.getAttribute('data-font'),
      fontSizePx: parseFloat(getComputedStyle(root).fontSize),
    };
  });
}

/** Wider than the window means the reader scrolls sideways to read a line (WCAG 1.4.10). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** A 1280 px wide window whose settings were saved on this device before the first page. */
async function contextWithSettings(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [SETTINGS_KEY, JSON.stringify(BIG_AND_CLEAR)] as const,
  );
  return context;
}

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Sign-in name').fill(login);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A chart's table alternative, row by row, each row as its cells' text. */
function tableRows(figure: Locator): Promise<string[][]> {
  return figure
    .locator('table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? ''),
      ),
    );
}

describe('access for every learner', () => {
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

  it('applies display settings at once and remembers them on this device', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    const before = await rootState(page);
    expect(before).toEqual({
      contrast: 'system',
      motion: 'system',
      font: 'standard',
      fontSizePx: 16,
    });

    await page.getByText('Display settings').click();
    await page.getByLabel('Text size').selectOption('200');
    await page.getByLabel('High contrast').check();
    await page.getByLabel('No animations').check();
    await page.getByLabel('Easier to read (wider spacing)').check();
    expect(await rootState(page)).toEqual({
      contrast: 'more',
      motion: 'reduce',
      font: 'readable',
      fontSizePx: 32,
    });
    // The colours really change: body text goes to pure black on white.
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
    // The readable font opens letters up (WCAG 1.4.12 spacing).
    const spacing = await page.evaluate(
      () => getComputedStyle(document.documentElement).letterSpacing,
    );
    expect(parseFloat(spacing)).toBeCloseTo(32 * 0.05, 1);
    await expectNoAxeViolations(page, 'the sign-in page with settings open, high contrast');

    // A fresh visit on the same device starts with the same settings, before any click.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    expect(await rootState(page)).toEqual({
      contrast: 'more',
      motion: 'reduce',
      font: 'readable',
      fontSizePx: 32,
    });
    await page.getByText('Display settings').click();
    await expect(page.getByLabel('High contrast').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Text size').inputValue()).resolves.toBe('200');

    // Back to the device's own settings: the attributes follow.
    await page.getByLabel('Text size').selectOption('100');
    await page.getByRole('group', { name: 'Contrast' }).getByLabel('Follow my device').check();
    expect(await rootState(page)).toMatchObject({ contrast: 'system', fontSizePx: 16 });
    await context.close();
  });

  it('follows the device: prefers-contrast: more turns high contrast on while the setting says “follow my device”', async () => {
    const context = await browser.newContext({ baseURL: server.url, contrast: 'more' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    expect(await rootState(page)).toMatchObject({ contrast: 'system' });
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
    // Without the device asking, the same page keeps its calm near-black text.
    await page.emulateMedia({ contrast: 'no-preference' });
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe(
      'rgb(27, 29, 33)',
    );
    await context.close();
  });

  it('at 200% text in high contrast the workspace and the board reflow without sideways scrolling, and pass axe; the charts (checkpoints, contribution, time to feedback) read out their numbers', async () => {
    const benContext = await contextWithSettings(browser, server.url);
    const ben = await benContext.newPage();
    await signIn(ben, 'ben');
    expect(await rootState(ben)).toMatchObject({ contrast: 'more', fontSizePx: 32 });
    await ben.getByRole('link', { name: 'How healthy is our river?', exact: true }).click();
    await ben.getByText('Your changes are shared as you type.').waitFor();
    await typeAtEnd(documentEditor(ben), BEN_WRITES);
    await ben.getByRole('button', { name: 'Mark reached: Our question' }).click();
    await ben.getByText('Checkpoint “Our question” marked reached.').waitFor();
    expect(await horizontalOverflow(ben)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(ben, 'the student workspace at 200% text, high contrast');

    const teacherContext = await contextWithSettings(browser, server.url);
    const teacher = await teacherContext.newPage();
    await signIn(teacher, 'teacher');
    await teacher.getByRole('link', { name: 'Year 7 Science' }).first().click();
    await teacher.getByRole('link', { name: 'Open the live board' }).click();
    await teacher.getByText('Live: updates as students write.').waitFor();

    // The class chart: Otters reached one of three checkpoints, Herons none.
    const progress = teacher.getByRole('figure', { name: 'Checkpoint progress by group' });
    await progress.getByText('1 of 6 checkpoints reached across the class').waitFor();
    expect(await tableRows(progress)).toEqual([
      ['Otters', '1', '2', '3'],
      ['Herons', '0', '3', '3'],
    ]);
    // Ben wrote everything the Otters wrote so far.
    const balance = teacher.getByRole('figure', { name: 'Otters: contribution balance' });
    await balance.getByText('Ben wrote the most today, 100% of the group').waitFor();
    const rows = await tableRows(balance);
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['Ben', '100%', String(BEN_WRITES.length)],
      ['Ana', '0%', '0'],
      ['Cleo', '0%', '0'],
    ]);
    // The pictures themselves arrive (recharts loads on demand) and draw one bar per row.
    await progress.locator('.chart-bar-solid .recharts-rectangle').first().waitFor();
    await balance.locator('.chart-bar-solid .recharts-rectangle').first().waitFor();
    expect(await balance.locator('.chart-bar-solid .recharts-rectangle').count()).toBe(1);
    // The table opens for sighted keyboard users too.
    await balance.getByText('Show the numbers as a table').click();
    await balance.getByRole('table').waitFor();

    expect(await horizontalOverflow(teacher)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(teacher, 'the live board at 200% text, high contrast, with charts');

    // The group hands its work in; the feedback view times the wait until the teacher answers.
    await ben.getByRole('button', { name: 'Submit for feedback' }).click();
    await ben.getByText('Submitted. Your teacher can see it now.').waitFor();
    await teacher.getByRole('link', { name: 'Feedback for Otters' }).click();
    const latency = teacher.getByRole('figure', { name: 'Time to feedback' });
    await latency.getByText('No submission has been answered yet. 1 still waiting.').waitFor();
    const waiting = await tableRows(latency);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.[0]).toMatch(/^Submission 1, /);
    expect(waiting[0]?.slice(1)).toEqual(['0', 'Still waiting']);
    await teacher.getByLabel('Comment for the group').fill('A clear question. Now the evidence.');
    await teacher.getByRole('button', { name: 'Send feedback' }).click();
    await teacher.getByText('Feedback sent. The group sees it now.').waitFor();
    await latency.getByText('1 submission answered after 0 hours on average.').waitFor();
    expect((await tableRows(latency))[0]?.slice(1)).toEqual(['0', 'Yes']);
    // The whole project's balance: Ben wrote all of it so far.
    const whole = teacher.getByRole('figure', { name: 'Otters: contribution balance' });
    await whole.getByText('Ben wrote the most over the whole project, 100%').waitFor();
    expect((await tableRows(whole)).map((row) => row.slice(0, 3))).toEqual([
      ['Ben', '100%', String(BEN_WRITES.length)],
      ['Ana', '0%', '0'],
      ['Cleo', '0%', '0'],
    ]);
    expect(await horizontalOverflow(teacher)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(
      teacher,
      'the feedback view at 200% text, high contrast, with a chart',
    );

    // The student's own picture: what they wrote today is today's bar, in the table too.
    await ben.goto('/');
    await ben.getByRole('link', { name: 'Your progress' }).click();
    const mine = ben.getByRole('figure', { name: /^Your writing and time on task in Otters/ });
    await mine.getByText(`${BEN_WRITES.length} characters written`).waitFor();
    const days = await tableRows(mine);
    expect(days).toHaveLength(14);
    expect(days.at(-1)?.[1]).toBe(String(BEN_WRITES.length));
    expect(days.slice(0, -1).every((day) => day[1] === '0')).toBe(true);
    await mine.locator('.chart-bar-solid .recharts-rectangle').first().waitFor();
    expect(await horizontalOverflow(ben)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(ben, 'the student’s project page at 200% text, with a chart');

    // Every other page a student and a teacher reach also reflows at 200%.
    const projectUrl = ben.url();
    for (const [page, url] of [
      [ben, '/'],
      [ben, `${projectUrl}/journal`],
      [ben, `${projectUrl}/goals`],
      [teacher, '/'],
    ] as const) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Measured once the page's data is in, not on its loading state.
      await page.waitForLoadState('networkidle');
      await page.getByText(/^Loading/).waitFor({ state: 'detached' });
      expect({ url, overflow: await horizontalOverflow(page) }).toEqual({ url, overflow: 0 });
    }
    await teacher.getByRole('link', { name: 'Year 7 Science' }).first().click();
    await teacher.getByRole('link', { name: 'Open the live board' }).waitFor();
    expect(await horizontalOverflow(teacher)).toBeLessThanOrEqual(0);

    await benContext.close();
    await teacherContext.close();
  });
});
