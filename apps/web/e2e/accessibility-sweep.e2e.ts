import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoAxeViolations } from './support/axe.js';
import { documentEditor, typeAtEnd, waitForStoredText } from './support/editor.js';
import type { SweepWorld } from './support/sweep.js';
import {
  BIG_AND_CLEAR,
  ROLES,
  SWEEP,
  contextFor,
  routerPatterns,
  startSweep,
  sweep,
} from './support/sweep.js';

describe('every page, every role, through axe-core (WCAG 2.2 AA)', () => {
  let world: SweepWorld;

  beforeAll(async () => {
    world = await startSweep();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('has a row for every route of the router, and no row for a route that is gone', () => {
    expect(Object.keys(SWEEP).sort()).toEqual(routerPatterns());
  });

  it.each(ROLES.map((role) => [role]))(
    'as %s: every page reached or refused in words, with no axe violation',
    async (role) => {
      const { browser, server, seeded } = world;
      const problems = await sweep(browser, server.url, seeded, await world.visitor(role));
      expect(problems).toEqual([]);
    },
    300_000,
  );

  it('the live board hides the term chart while it has nothing to show, then reads out the feedback-loop latency week by week in the teacher’s own weeks', async () => {
    const { browser, server, seeded } = world;
    const context = await contextFor(browser, server.url, await world.visitor('teacher'), {});
    const page = await context.newPage();
    const answered = page.waitForResponse((r) => r.url().includes('/feedback-latency'));
    await page.goto(`/classrooms/${seeded.classroomId}/board`);
    // Nothing submitted yet: no empty axes under the groups, once the term's numbers are in.
    await answered;
    await page.getByRole('figure', { name: 'Checkpoint progress by group' }).waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
    expect(await page.getByRole('figure', { name: 'Time to feedback over the term' }).count()).toBe(
      0,
    );
    // Ana's group writes a line and submits: one submission waits for an answer.
    const studentContext = await contextFor(
      browser,
      server.url,
      await world.visitor('student'),
      {},
    );
    const ana = await studentContext.newPage();
    await ana.goto(`/workspaces/${seeded.docId}`);
    await ana.getByText('Your changes are shared as you type.').waitFor();
    await typeAtEnd(documentEditor(ana), 'The river is clear upstream. ');
    await waitForStoredText(ana, 'The river is clear upstream.');
    await ana.getByRole('button', { name: 'Submit for feedback' }).click();
    await ana.getByText('Submitted. Your teacher can see it now.').waitFor();
    await studentContext.close();
    await page.reload();
    const term = page.getByRole('figure', { name: 'Time to feedback over the term' });
    await term.getByText('No submission answered in the last 12 weeks.').waitFor();
    await term.getByText('1 submission still waiting.').waitFor();
    await term.getByText('Show the numbers as a table').click();
    const weeks = await term.locator('table tbody tr th').allTextContents();
    expect(weeks).toHaveLength(12);
    // The last row is this week, named by its Monday as the browser's clock and zone see it.
    const monday = await page.evaluate(() => {
      const day = new Date();
      day.setHours(0, 0, 0, 0);
      day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
      return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(day);
    });
    expect(weeks.at(-1)).toBe(`Week of ${monday}`);
    await expectNoAxeViolations(page, 'the live board with the term chart open');
    await context.close();
  });

  it('as a student with 200% text, high contrast and the readable font: no axe violation', async () => {
    const { browser, server, seeded } = world;
    const problems = await sweep(browser, server.url, seeded, await world.visitor('student'), {
      settings: BIG_AND_CLEAR,
    });
    expect(problems).toEqual([]);
  }, 300_000);
});
