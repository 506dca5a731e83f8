import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import {
  documentEditor,
  documentText,
  typeAtEnd,
  waitForDocumentText,
  waitForDocumentWithout,
  waitForStoredText,
} from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

const PROJECT = 'How healthy is our river?';
const ONLINE_NOTICE = 'Your changes are shared as you type.';
const ANA_WRITES = 'Otters came back to the weir. ';
const BEN_WRITES = 'Herons fish below the bridge. ';
const AFTER_SUBMITTING = 'Added after we handed it in. ';

async function openProject(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.getByText(ONLINE_NOTICE).waitFor();
  const editor = documentEditor(page);
  await editor.waitFor();
  return editor;
}

/** The replayed document's text, one line per block. */
async function replayedText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.history-document p')]
      .map((block) => block.textContent ?? '')
      .join('\n'),
  );
}

/**
 * The replayed text once `settled` holds for it (checked every frame, 10 s at most): a
 * slider move re-renders on a later frame, and until then the previous text is still shown.
 */
async function replayedTextOnce(page: Page, settled: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  let text = await replayedText(page);
  while (!settled(text) && Date.now() < deadline) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    text = await replayedText(page);
  }
  return text;
}

/** The text of every run attributed to `authorId` in the replayed document, and their colours. */
async function runsBy(page: Page, authorId: string): Promise<{ text: string; colors: string[] }> {
  return page.evaluate((authorId) => {
    const runs = [
      ...document.querySelectorAll<HTMLElement>(`.history-document span[data-author-id]`),
    ].filter((run) => run.dataset['authorId'] === authorId);
    return {
      text: runs.map((run) => run.textContent ?? '').join(''),
      colors: [...new Set(runs.map((run) => getComputedStyle(run).color))],
    };
  }, authorId);
}

async function userIdOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('commonplace.session'));
  const session = JSON.parse(raw ?? 'null') as { user?: { id?: string } } | null;
  if (!session?.user?.id) throw new Error('The page holds no session.');
  return session.user.id;
}

describe('history replay, in a real browser', () => {
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

  it('two students write; the history replays with each author’s colour and jumps to the submission', async () => {
    const [ana, ben] = await Promise.all([
      signedInPage(browser, server.url, 'ana'),
      signedInPage(browser, server.url, 'ben'),
    ]);
    const [anaEditor, benEditor] = await Promise.all([openProject(ana), openProject(ben)]);
    const docId = decodeURIComponent(new URL(ana.url()).pathname.split('/').pop() ?? '');
    const [anaId, benId] = await Promise.all([userIdOf(ana), userIdOf(ben)]);

    await typeAtEnd(anaEditor, ANA_WRITES);
    await waitForDocumentText(ben, ANA_WRITES);
    await typeAtEnd(benEditor, BEN_WRITES);
    await waitForDocumentText(ana, ANA_WRITES, BEN_WRITES);
    await waitForStoredText(ana, BEN_WRITES.trim(), docId);
    await ana.getByRole('button', { name: 'Submit for feedback' }).click();
    await ana.getByText('Waiting for feedback.').waitFor();
    await typeAtEnd(anaEditor, AFTER_SUBMITTING);
    await waitForDocumentText(ana, AFTER_SUBMITTING.trim());
    await waitForStoredText(ana, AFTER_SUBMITTING.trim(), docId);
    await ben.context().close();

    await ana.getByRole('link', { name: 'History' }).click();
    const slider = ana.getByRole('slider', { name: /^Replay/ });
    await slider.waitFor();
    const opened = await replayedTextOnce(ana, (text) => text.includes(AFTER_SUBMITTING.trim()));
    expect(opened).toContain(AFTER_SUBMITTING.trim());

    // The legend names both authors, and each one's text carries their legend colour.
    const legend = ana.getByRole('list', { name: 'Authors' });
    await expect(legend.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringContaining('Ana'),
      expect.stringContaining('Ben'),
    ]);
    const legendColor = (id: string) =>
      legend
        .locator(`li[data-author-id="${id}"] .history-swatch`)
        .evaluate((swatch) => getComputedStyle(swatch).color);
    const anaRuns = await runsBy(ana, anaId);
    const benRuns = await runsBy(ana, benId);
    expect(anaRuns.text).toContain(ANA_WRITES.trim());
    expect(anaRuns.text).toContain(AFTER_SUBMITTING.trim());
    expect(anaRuns.text).not.toContain(BEN_WRITES.trim());
    expect(benRuns.text).toContain(BEN_WRITES.trim());
    expect(anaRuns.colors).toEqual([await legendColor(anaId)]);
    expect(benRuns.colors).toEqual([await legendColor(benId)]);
    const summary = await ana.getByText(/^At this point: /).textContent();
    expect(summary).toMatch(/Ana wrote \d+ of the characters shown/);
    expect(summary).toMatch(/Ben wrote \d+ of the characters shown/);
    await expectNoAxeViolations(ana, 'the history view (student)');

    // Keyboard: Home replays to empty, End back to now.
    await slider.focus();
    await slider.press('Home');
    await ana.getByText('Nothing written yet.').waitFor();
    expect(await slider.getAttribute('aria-valuetext')).toBe('Empty: before the first change');
    await slider.press('End');
    const now = await replayedTextOnce(ana, (text) => text.includes(AFTER_SUBMITTING.trim()));
    expect(now).toContain(AFTER_SUBMITTING.trim());

    // Play replays from the start on its own and stops at now; Pause stops it where it is.
    const play = ana.getByRole('button', { name: 'Play' });
    await play.click();
    await ana.getByRole('button', { name: 'Pause', pressed: true }).waitFor();
    await ana.getByRole('button', { name: 'Play', pressed: false }).waitFor({ timeout: 30_000 });
    expect(Number(await slider.inputValue())).toBe(Number(await slider.getAttribute('max')));

    // The range is one labelled choice, and each submission is numbered with its time to the second.
    await ana.getByRole('combobox', { name: 'Count changes since' }).waitFor();
    // The submission pins what was handed in: both authors' words, not what came after.
    await ana.getByRole('button', { name: /^Submission 1, .*\d:\d\d:\d\d/ }).click();
    const text = await replayedTextOnce(ana, (shown) => !shown.includes(AFTER_SUBMITTING.trim()));
    expect(text).toContain(ANA_WRITES.trim());
    expect(text).toContain(BEN_WRITES.trim());
    expect(text).not.toContain(AFTER_SUBMITTING.trim());
    await ana.context().close();
  });

  it('a comment on a passage stays on it while two browsers edit before, inside and after it', async () => {
    const [ana, ben] = await Promise.all([
      signedInPage(browser, server.url, 'ana'),
      signedInPage(browser, server.url, 'ben'),
    ]);
    const [anaEditor, benEditor] = await Promise.all([openProject(ana), openProject(ben)]);
    const PASSAGE = 'beavers build dams';
    await typeAtEnd(anaEditor, `Upstream, ${PASSAGE}`);
    await waitForDocumentText(ben, PASSAGE);

    // Ana selects the passage with the keyboard and comments on it.
    for (let i = 0; i < PASSAGE.length; i++) await anaEditor.press('Shift+ArrowLeft');
    await ana.getByRole('button', { name: 'Comment on the selected text' }).click();
    const field = ana.getByRole('textbox', { name: `Your comment on “${PASSAGE}”` });
    await field.waitFor();
    await expectNoAxeViolations(ana, 'the workspace with the comment form open');
    await field.fill('Which beavers? Say where you saw them.');
    await ana.getByRole('button', { name: 'Post comment' }).click();
    await ana.getByText('Comment posted.').waitFor();

    // Ben's page picks the comment up and highlights the same passage.
    await ben.getByText('Which beavers? Say where you saw them.').waitFor({ timeout: 15_000 });
    await waitForHighlight(ben, PASSAGE);

    // Ben's caret goes inside the passage (before "dams"), Ana's right after it; then at once
    // Ben types inside the passage while Ana types right after it. (Carets are placed before
    // the typing: a caret moved while remote edits stream in may be put back by the editor.)
    await benEditor.click();
    await benEditor.press('Control+End');
    for (let i = 0; i < 'dams'.length; i++) await benEditor.press('ArrowLeft');
    await anaEditor.press('Control+End');
    await Promise.all([
      benEditor.pressSequentially('big ', { delay: 5 }),
      anaEditor.pressSequentially(' every spring', { delay: 5 }),
    ]);
    await waitForDocumentText(ben, 'beavers build big dams every spring');
    // Then Ben types at the very start of the document, before the passage.
    await benEditor.press('Control+Home');
    await benEditor.pressSequentially('Look: ', { delay: 5 });
    for (const page of [ana, ben]) {
      await waitForDocumentText(page, 'Look: ', 'beavers build big dams every spring');
      await waitForHighlight(page, 'beavers build big dams');
    }

    // Ben replies, Ana resolves: the highlight goes; reopened, it comes back on the same words.
    await ben.getByRole('button', { name: 'Reply' }).click();
    await ben.getByRole('textbox', { name: /^Your reply to / }).fill('By the old mill.');
    await ben.getByRole('button', { name: 'Post reply' }).click();
    await ana.getByText('By the old mill.').waitFor({ timeout: 15_000 });
    await ana.getByRole('button', { name: 'Resolve' }).click();
    await ana.getByText('Comment resolved.').waitFor();
    await waitForHighlight(ana, '');
    await ana.getByRole('button', { name: 'Reopen' }).click();
    await waitForHighlight(ana, 'beavers build big dams');

    // Undo takes back Ana's own typing only: Ben's words inside and before the passage stay.
    const undo = ana.getByRole('button', { name: 'Undo my change' });
    for (let i = 0; i < 5 && (await documentText(ana)).includes('spring'); i++) {
      await undo.click();
    }
    for (const page of [ana, ben]) {
      await waitForDocumentWithout(page, 'every spring');
      await waitForDocumentText(page, 'Look: ', 'beavers build big dams');
      await waitForHighlight(page, 'beavers build big dams');
    }

    // The teacher reads the document read-only, selects a word with the mouse and comments too.
    const teacher = await signedInPage(browser, server.url, 'teacher');
    await teacher.goto(new URL(ana.url()).pathname);
    await documentEditor(teacher).waitFor();
    await waitForDocumentText(teacher, 'beavers build big dams');
    await teacher.evaluate(() => {
      const root = document.querySelector('.ProseMirror');
      const walker = document.createTreeWalker(root ?? document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('Upstream') ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'Upstream'.length);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        return;
      }
    });
    await teacher.getByRole('button', { name: 'Comment on the selected text' }).click();
    await teacher.getByRole('textbox', { name: 'Your comment on “Upstream”' }).fill('Of what?');
    await teacher.getByRole('button', { name: 'Post comment' }).click();
    await teacher.getByText('Comment posted.').waitFor();
    await ana.getByText('Of what?').waitFor({ timeout: 15_000 });
    await waitForHighlight(ana, 'Upstreambeavers build big dams');
    await teacher.context().close();

    // The history tells the comments in order, beside the replay.
    await ana.getByRole('link', { name: 'History' }).click();
    const told = ana.getByRole('region', { name: 'Comments by this point' });
    await told.getByText(/commented on “beavers build dams”: Which beavers\?/).waitFor();
    await told.getByText(/Ben.* replied: By the old mill\./).waitFor();
    await expectNoAxeViolations(ana, 'the history with comments');
    await Promise.all([ana.context().close(), ben.context().close()]);
  });

  it('links only to http, https and mailto, and makes checklists and tables', async () => {
    const ana = await signedInPage(browser, server.url, 'ana');
    const editor = await openProject(ana);
    const toolbar = ana.getByRole('toolbar', { name: 'Formatting' });
    await typeAtEnd(editor, 'See the river map');
    for (let i = 0; i < 'river map'.length; i++) await editor.press('Shift+ArrowLeft');

    await toolbar.getByRole('button', { name: 'Link' }).click();
    const address = ana.getByRole('textbox', { name: 'Link address (http, https or email)' });
    await address.fill('javascript:alert(1)');
    await ana.getByRole('button', { name: 'Apply link' }).click();
    await ana
      .getByText('Only web addresses (http or https) and email addresses can be links.')
      .waitFor();
    expect(await editor.locator('a').count()).toBe(0);
    await address.fill('example.org/map');
    await ana.getByRole('button', { name: 'Apply link' }).click();
    await editor.locator('a[href="https://example.org/map"]', { hasText: 'river map' }).waitFor();

    await editor.press('Control+End');
    await editor.press('Enter');
    await toolbar.getByRole('button', { name: 'Checklist' }).click();
    await editor.pressSequentially('Measure pH', { delay: 5 });
    await editor.getByRole('checkbox', { name: /^To do:/ }).waitFor();
    await editor.press('Enter');
    await editor.press('Enter');
    await toolbar.getByRole('button', { name: 'Insert table' }).click();
    await editor.locator('table tr').nth(2).waitFor();
    expect(await editor.locator('table tr').count()).toBe(3);
    await toolbar.getByRole('button', { name: 'Add row' }).click();
    await editor.locator('table tr').nth(3).waitFor();
    await expectNoAxeViolations(ana, 'the workspace with a link, a checklist and a table');
    await ana.context().close();
  });
});

/** Waits until the editor's highlighted comment passages read `text` ('' for none). */
async function waitForHighlight(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  const read = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.ProseMirror .comment-anchor')]
        .map((span) => span.textContent ?? '')
        .join(''),
    );
  let shown = await read();
  while (shown !== text) {
    if (Date.now() > deadline) {
      throw new Error(
        `The highlight never read ${JSON.stringify(text)}; it reads ${JSON.stringify(shown)}`,
      );
    }
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    shown = await read();
  }
}
