import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { DEMO_PASSWORD, launchChromium, signedInPage } from './support/browser.js';
import {
  documentEditor,
  typeAtEnd,
  waitForDocumentText,
  waitForStoredText,
} from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

const CLASSROOM = 'Year 5 Rivers';
const GROUP = 'Kingfishers';
const PROJECT = 'Where does our water go?';
const BRIEF = 'Follow a raindrop from the school roof to the sea.';
const ZOE_WRITES = 'Rain runs off the roof into the drain. ';
const ANA_WRITES = 'The drain joins the brook behind the field. ';
const COMMENT = 'Good start: now add where the brook meets the river.';
// Fifteen seconds without an edit reads as idle, so the journey can wait for it (and still
// see "Active now" first on a loaded machine).
const IDLE_MINUTES = '0.25';

function boardRow(board: Page, student: string): Locator {
  return board
    .getByRole('region', { name: GROUP })
    .getByRole('listitem')
    .filter({ hasText: student })
    .filter({ has: board.locator('.board-student-name', { hasText: student }) });
}

/** Signs in with a printed card, as a young student does, in a fresh browser context. */
async function signedInWithCard(
  browser: Browser,
  baseURL: string,
  classCode: string,
  secret: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('With my card').check();
  await expectNoAxeViolations(page, 'the sign-in page, card sign-in (anonymous)');
  // Typed the way a child might: lower case, with spaces for the dashes.
  await page.getByLabel('Class code').fill(classCode.toLowerCase());
  await page.getByLabel('Secret').fill(secret.replace(/-/g, ' ').toUpperCase());
  await page.getByRole('button', { name: 'Sign in with my card' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

async function openWorkspace(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.getByText('Your changes are shared as you type.').waitFor();
  const editor = documentEditor(page);
  await editor.waitFor();
  return editor;
}

describe('the classroom loop, in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ IDLE_MINUTES });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('a teacher sets up a class, two students co-write and submit, feedback goes back and forth live', async () => {
    // --- the teacher sets up the class ------------------------------------------------
    const anonymous = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await anonymous.goto('/sign-in');
    await anonymous.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    await expectNoAxeViolations(anonymous, 'the sign-in page (anonymous)');
    await anonymous.context().close();

    const [teacher, ana] = await Promise.all([
      signedInPage(browser, server.url, 'teacher'),
      signedInPage(browser, server.url, 'ana'),
    ]);
    await expectNoAxeViolations(teacher, 'the home page (teacher)');
    await expectNoAxeViolations(ana, 'the home page (student)');

    await teacher.getByLabel('Classroom name').fill(CLASSROOM);
    await teacher.getByRole('button', { name: 'Create classroom' }).click();
    await teacher.getByRole('heading', { level: 1, name: CLASSROOM }).waitFor();
    const joinCode =
      (
        await teacher.getByRole('region', { name: 'Join code' }).locator('.join-code').textContent()
      )?.trim() ?? '';
    expect(joinCode).toMatch(/^[A-Z0-9]{6}$/);

    // A young student without email: an account made by the teacher, and a printable card.
    await teacher.getByLabel("Student's name").fill('Zoe');
    await teacher.getByRole('button', { name: 'Make account' }).click();
    await teacher.getByText('Account made for Zoe.').waitFor();
    await teacher.getByRole('link', { name: 'Print sign-in cards (1)' }).click();
    const card = teacher.getByRole('list', { name: 'Sign-in cards' }).getByRole('listitem');
    await card.filter({ hasText: 'Zoe' }).waitFor();
    const classCode = (await card.locator('.sign-in-card-code').textContent())?.trim() ?? '';
    const secret = (await card.locator('.sign-in-card-secret').textContent())?.trim() ?? '';
    expect(classCode).toBe(joinCode);
    expect(secret.length).toBeGreaterThanOrEqual(4);
    await expectNoAxeViolations(teacher, 'the sign-in cards page (teacher)');
    // On paper only the cards are printed: no header, no buttons.
    await teacher.emulateMedia({ media: 'print' });
    expect(await teacher.locator('.site-header').isVisible()).toBe(false);
    expect(await teacher.getByRole('button', { name: 'Print the cards' }).isVisible()).toBe(false);
    expect(await card.isVisible()).toBe(true);
    await teacher.emulateMedia({ media: 'screen' });
    await teacher.getByRole('link', { name: 'Back to the classroom' }).click();

    // A student with an account joins with the code.
    await ana.getByLabel('Join code').fill(joinCode.toLowerCase());
    await ana.getByRole('button', { name: 'Join classroom' }).click();
    await ana.getByText(`You joined ${CLASSROOM}.`).waitFor();

    // Groups: make one, rename it, make and dissolve a spare, put both students in.
    await teacher.getByLabel('Group name').fill('Kingfisher');
    await teacher.getByRole('button', { name: 'Create group' }).click();
    await teacher.getByText('Group Kingfisher created.').waitFor();
    await teacher.getByRole('button', { name: 'Rename Kingfisher' }).click();
    await teacher.getByLabel('New name').fill(GROUP);
    await teacher.getByRole('button', { name: 'Save name' }).click();
    await teacher.getByText(`Group Kingfisher is now called ${GROUP}.`).waitFor();
    await teacher.getByLabel('Group name').fill('Spare');
    await teacher.getByRole('button', { name: 'Create group' }).click();
    await teacher.getByText('Group Spare created.').waitFor();
    teacher.once('dialog', (dialog) => void dialog.accept());
    await teacher.getByRole('button', { name: 'Dissolve Spare' }).click();
    await teacher.getByText('Group Spare dissolved.').waitFor();
    for (const student of ['Zoe', 'Ana']) {
      await teacher.getByLabel(`Group for ${student}`).selectOption({ label: GROUP });
      await teacher.getByRole('button', { name: `Move ${student}` }).click();
      await teacher.getByText(`${student} is now in ${GROUP}.`).waitFor();
    }

    // The project: brief, two ordered checkpoints with due dates, a rubric criterion.
    await teacher.getByLabel('Project title').fill(PROJECT);
    await teacher.getByLabel('Brief').fill(BRIEF);
    await teacher.getByRole('button', { name: 'Add a checkpoint' }).click();
    await teacher.getByLabel('Checkpoint 1 title').fill('Map the drains');
    await teacher.getByLabel('Checkpoint 1 due').fill('2030-03-02T10:00');
    await teacher.getByRole('button', { name: 'Add a checkpoint' }).click();
    await teacher.getByLabel('Checkpoint 2 title').fill('Draft the report');
    await teacher.getByLabel('Checkpoint 2 due').fill('2030-03-09T10:00');
    await teacher.getByRole('button', { name: 'Add a rubric criterion' }).click();
    await teacher.getByLabel('Criterion 1 title').fill('Use of evidence');
    await expectNoAxeViolations(teacher, 'the classroom page with the project editor (teacher)');
    await teacher.getByRole('button', { name: 'Assign project' }).click();
    await teacher.getByText(`Project ${PROJECT} assigned to 1 group.`).waitFor();

    // --- two students open the workspace ------------------------------------------------
    const zoe = await signedInWithCard(browser, server.url, classCode, secret);
    await expectNoAxeViolations(zoe, 'the home page (young student)');
    await ana.reload();
    const [zoeEditor, anaEditor] = await Promise.all([openWorkspace(zoe), openWorkspace(ana)]);
    await zoe.getByText(BRIEF).waitFor();

    await teacher.getByRole('link', { name: 'Open the live board' }).click();
    await teacher.getByText('Live: updates as students write.').waitFor();
    await boardRow(teacher, 'Zoe').getByText('Here', { exact: true }).waitFor();
    await boardRow(teacher, 'Ana').getByText('Here', { exact: true }).waitFor();
    await expectNoAxeViolations(teacher, 'the live board (teacher)');

    // --- they co-write; the board moves without a reload -------------------------------
    await typeAtEnd(zoeEditor, ZOE_WRITES);
    // Ana carries on after Zoe's sentence once she sees all of it: typing at the same spot at
    // the same moment would (rightly) interleave the two, which is not what this checks.
    await waitForDocumentText(ana, ZOE_WRITES);
    await typeAtEnd(anaEditor, ANA_WRITES);
    const seenByZoe = await waitForDocumentText(zoe, ZOE_WRITES, ANA_WRITES);
    expect(await waitForDocumentText(ana, ZOE_WRITES, ANA_WRITES)).toBe(seenByZoe);
    await boardRow(teacher, 'Zoe').getByText(`${ZOE_WRITES.length} characters`).waitFor();
    await boardRow(teacher, 'Ana').getByText(`${ANA_WRITES.length} characters`).waitFor();
    await boardRow(teacher, 'Ana').getByText('Active now').waitFor();
    await expectNoAxeViolations(zoe, 'the workspace (young student)');

    // The toolbar works from the keyboard: Enter on Bold, type, and the words are bold and
    // the button says so; arrow keys move along the toolbar.
    await zoeEditor.press('Control+End');
    const toolbar = zoe.getByRole('toolbar', { name: 'Formatting' });
    const bold = toolbar.getByRole('button', { name: 'Bold' });
    await bold.focus();
    await zoe.keyboard.press('Enter');
    // Bold is on and focus is back in the document, where the caret was.
    await zoe.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    await zoe.keyboard.type('Key idea');
    await zoeEditor.locator('strong', { hasText: 'Key idea' }).waitFor();
    await expect(bold.getAttribute('aria-pressed')).resolves.toBe('true');
    await bold.focus();
    await zoe.keyboard.press('ArrowRight');
    await expect(zoe.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toBe(
      'Italic',
    );
    await expect(
      toolbar.getByRole('button', { name: 'Italic' }).getAttribute('tabindex'),
    ).resolves.toBe('0');
    await expect(bold.getAttribute('tabindex')).resolves.toBe('-1');
    // Escape leaves the document for the next control on the page.
    await zoeEditor.focus();
    await zoe.keyboard.press('Escape');
    await expect(
      zoe.evaluate(() => document.querySelector('.rich-text')?.contains(document.activeElement)),
    ).resolves.toBe(false);
    await expect(zoe.evaluate(() => document.activeElement === document.body)).resolves.toBe(false);

    // --- a checkpoint is reached; the other student and the board see it live ------------
    await ana.getByRole('button', { name: 'Mark reached: Map the drains' }).click();
    await ana.getByText('Checkpoint “Map the drains” marked reached.').waitFor();
    await zoe
      .getByRole('region', { name: 'Checkpoints' })
      .getByRole('listitem')
      .filter({ hasText: 'Map the drains' })
      .getByText('Reached', { exact: true })
      .waitFor();
    await teacher.getByRole('region', { name: GROUP }).getByText('checkpoints 1 of 2').waitFor();

    // Present, but no edit for longer than the (shortened) idle threshold: the board says so, and why.
    const idle = boardRow(teacher, 'Ana').locator('.signal-idle');
    await idle.waitFor({ timeout: 45_000 });
    expect(await idle.textContent()).toMatch(/^Idle: .+/);
    await boardRow(teacher, 'Ana').getByText('Here', { exact: true }).waitFor();

    // --- the group submits ---------------------------------------------------------------
    await zoe.getByRole('button', { name: 'Submit for feedback' }).click();
    await zoe.getByText('Submitted. Your teacher can see it now.').waitFor();
    await ana.getByText('Waiting for feedback.').waitFor();

    // --- the teacher reads it (read-only), scores the rubric and returns it --------------
    await teacher.getByRole('link', { name: `Read ${PROJECT} by ${GROUP}` }).click();
    await teacher.getByText('Connected. You are seeing changes as they happen.').waitFor();
    await expect(documentEditor(teacher).getAttribute('aria-readonly')).resolves.toBe('true');
    await expect(documentEditor(teacher).getAttribute('contenteditable')).resolves.toBe('false');
    await waitForDocumentText(teacher, ZOE_WRITES, ANA_WRITES);
    await expectNoAxeViolations(teacher, 'a group workspace, read-only (teacher)');
    await teacher.getByRole('link', { name: 'Give feedback' }).click();
    const submitted = teacher.locator('.submitted-text');
    await submitted.waitFor();
    expect(await submitted.textContent()).toContain(ZOE_WRITES.trim());
    expect(await submitted.textContent()).toContain(ANA_WRITES.trim());
    await teacher
      .getByRole('group', { name: 'Use of evidence' })
      .getByLabel('Developing (2 points)')
      .check();
    await teacher.getByLabel('Comment for the group').fill(COMMENT);
    // One student's own score, apart from the group's.
    await teacher.getByText('For one student (optional)').click();
    await teacher
      .getByLabel('Use of evidence for Zoe')
      .selectOption({ label: 'Secure (3 points)' });
    await teacher.getByLabel('Comment for Zoe').fill('Your drain map was careful.');
    await expectNoAxeViolations(teacher, 'the feedback view (teacher)');
    await teacher.getByRole('button', { name: 'Send feedback' }).click();
    await teacher.getByText('Feedback sent. The group sees it now.').waitFor();

    // The students see it without reloading.
    await zoe.getByText(COMMENT).waitFor();
    await zoe
      .getByRole('table', { name: 'Rubric scores' })
      .getByRole('row', { name: /Use of evidence/ })
      .getByText('Developing (2 points)')
      .waitFor();
    // Her own entry is hers alone.
    await zoe.getByText('Your drain map was careful.').waitFor();
    await zoe.getByRole('table', { name: 'Your scores' }).getByText('Secure (3 points)').waitFor();
    await ana.getByText(COMMENT).waitFor();
    expect(await ana.getByText('Your drain map was careful.').count()).toBe(0);
    expect(await ana.getByRole('table', { name: 'Your scores' }).count()).toBe(0);

    await teacher.getByLabel('Note for the group').fill('Add the river, then send it again.');
    await teacher.getByRole('button', { name: 'Return for revision' }).click();
    await teacher.getByText('Returned for revision.').waitFor();
    await zoe.getByText('Add the river, then send it again.').waitFor();

    // --- a student answers, revises and resubmits; the teacher sees it live ---------------
    await zoe.getByLabel('Your response').fill('We will add the river mouth.');
    await zoe.getByRole('button', { name: 'Send response' }).click();
    await ana.getByText('We will add the river mouth.').waitFor();
    await typeAtEnd(zoeEditor, 'The brook meets the river at the mill. ');
    await waitForStoredText(zoe, 'The brook meets the river at the mill.');
    await zoe.getByRole('button', { name: 'Submit again' }).click();
    await zoe.getByText('Submitted. Your teacher can see it now.').waitFor();
    await teacher.getByRole('button', { name: 'Send feedback' }).waitFor();
    await expect(teacher.locator('.submitted-text').textContent()).resolves.toContain(
      'The brook meets the river at the mill.',
    );

    // --- the student's own pages: reflection journal and goals ----------------------------
    await zoe.getByRole('link', { name: 'My reflection journal' }).click();
    await zoe.getByLabel('Your answer').fill('We learned drains lead to the brook.');
    await zoe.getByRole('button', { name: 'Save entry' }).click();
    await zoe.getByText('Entry saved. Your teacher can read it.').waitFor();
    await zoe.getByText('We learned drains lead to the brook.').waitFor();
    await expectNoAxeViolations(zoe, 'the reflection journal (young student)');
    await zoe.getByRole('link', { name: 'Back to the project' }).click();
    await zoe.getByRole('link', { name: 'My goals' }).click();
    await zoe.getByRole('combobox', { name: 'Checkpoint' }).selectOption({ index: 2 });
    await zoe.getByLabel('Reach it by').fill('2030-03-08');
    await zoe.getByRole('button', { name: 'Set goal' }).click();
    await zoe.getByText('Goal set.').waitFor();
    await zoe.getByRole('heading', { name: /Reach “Draft the report” by/ }).waitFor();
    await expectNoAxeViolations(zoe, 'my goals (young student)');

    // --- the teacher's project editor -----------------------------------------------------
    await teacher.goto('/');
    await teacher.getByRole('link', { name: CLASSROOM }).click();
    await teacher.getByRole('link', { name: PROJECT }).click();
    await expect(teacher.getByLabel('Checkpoint 2 title').inputValue()).resolves.toBe(
      'Draft the report',
    );
    await expectNoAxeViolations(teacher, 'the project editor (teacher)');

    // --- locked for assessment: an open document turns read-only at once, and back -------
    const anaDocument = documentEditor(ana);
    await expect(anaDocument.getAttribute('contenteditable')).resolves.toBe('true');
    await teacher.getByRole('button', { name: 'Lock for assessment' }).click();
    await teacher.getByText('Locked for assessment. Documents are read-only now.').waitFor();
    await ana.getByText('You can read this document but not change it.').waitFor();
    await ana.waitForFunction(
      () =>
        document
          .querySelector('[role="textbox"][aria-readonly="true"]')
          ?.getAttribute('contenteditable') === 'false',
    );
    expect(await ana.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    await ana.getByText('Connected. You are seeing changes as they happen.').waitFor();
    await teacher.getByRole('button', { name: 'Unlock the project' }).click();
    await teacher.getByText('Unlocked. Groups can write again.').waitFor();
    await ana.getByText('Everyone in your group can write here at the same time.').waitFor();
    await ana.getByText('Your changes are shared as you type.').waitFor();
    await typeAtEnd(anaDocument, 'Back to work. ');
    // Writable again for real: the server accepts and stores the edit.
    await waitForStoredText(ana, 'Back to work.');

    // The teacher reads the student's journal beside the group's work.
    await teacher.getByRole('link', { name: `Feedback for ${GROUP}` }).click();
    await teacher.getByText("Zoe's journal").click();
    await teacher.getByText('We learned drains lead to the brook.').waitFor();

    await Promise.all([zoe, ana, teacher].map((page) => page.context().close()));
  }, 240_000);

  it('the board puts a student in no group first, above the fold on a laptop and a tablet; one action makes random groups of 3, and a dialog moves a student', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 800 },
    });
    const teacher = await context.newPage();
    await teacher.goto('/sign-in');
    await teacher.getByLabel('Sign-in name').fill('teacher');
    await teacher.getByLabel('Password').fill(DEMO_PASSWORD);
    await teacher.getByRole('button', { name: 'Sign in' }).click();
    await teacher.getByRole('link', { name: 'Year 7 Science' }).first().click();
    // A new student, in no group yet: today's board would not show her at all.
    await teacher.getByLabel("Student's name").fill('Max');
    await teacher.getByRole('button', { name: 'Make account' }).click();
    await teacher.getByText('Account made for Max.').waitFor();

    await teacher.getByRole('link', { name: 'Open the live board' }).click();
    const attention = teacher.getByRole('region', { name: /^Needs attention/ });
    const first = attention.getByRole('listitem').first();
    await first.getByText('No group: Max').waitFor();
    const firstCard = teacher.getByRole('region', { name: 'Otters' });
    await firstCard.waitFor();
    // The fresh demo has nothing overdue: the student in no group is all there is to see.
    expect(await attention.getByRole('listitem').count()).toBe(1);
    // Above the fold: the whole first item, and the first card's name with its first student.
    const aboveTheFold = async (height: number) => {
      const shown = [
        first,
        firstCard.getByRole('heading', { name: 'Otters' }),
        firstCard.locator('.board-student').first(),
      ];
      for (const locator of shown) {
        const box = await locator.boundingBox();
        expect(box).not.toBeNull();
        expect((box?.y ?? height) + (box?.height ?? 0)).toBeLessThanOrEqual(height);
      }
    };
    await aboveTheFold(800);
    await expectNoAxeViolations(teacher, 'the live board with a student in no group (teacher)');
    await teacher.setViewportSize({ width: 820, height: 1180 });
    await aboveTheFold(1180);
    await teacher.setViewportSize({ width: 1280, height: 800 });

    // Its link leads to the classroom's groups.
    await first.getByRole('link', { name: 'Put Max in a group' }).click();
    await teacher.waitForFunction(() => document.activeElement?.id === 'groups-heading');
    await teacher.getByText('1 student in no group: Max.', { exact: false }).waitFor();

    // Seven students in random groups of 3, in one action.
    await teacher.getByLabel('Random').check();
    await teacher.getByLabel('Students per group').fill('3');
    await teacher.getByRole('button', { name: 'Make groups' }).click();
    await teacher.getByText('The class is in 3 groups now.').waitFor();
    await teacher.getByRole('list', { name: 'Members of Group 1' }).waitFor();
    const sizes = [];
    for (const name of ['Otters', 'Herons', 'Group 1'])
      sizes.push(
        await teacher
          .getByRole('list', { name: `Members of ${name}` })
          .getByRole('listitem')
          .count(),
      );
    expect(sizes.sort()).toEqual([2, 2, 3]);
    expect(await teacher.getByText('student in no group', { exact: false }).count()).toBe(0);
    await expectNoAxeViolations(teacher, 'the classroom page after random groups (teacher)');

    // Undo puts Max back in no group and the demo groups as they were.
    await teacher.getByRole('button', { name: 'Undo the last grouping' }).click();
    await teacher.getByText('The groups are back as they were.').waitFor();
    await teacher.getByText('1 student in no group: Max.', { exact: false }).waitFor();
    const otters = await teacher
      .getByRole('list', { name: 'Members of Otters' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(otters.map((text) => text.split(/\s/)[0]).sort()).toEqual(['Ana', 'Ben', 'Cleo']);

    // Moving one student from the keyboard: a dialog lists where they can go.
    await teacher.getByRole('button', { name: 'Move Ana to another group' }).focus();
    await teacher.keyboard.press('Enter');
    const dialog = teacher.getByRole('dialog', { name: 'Move Ana out of Otters' });
    await dialog.waitFor();
    await expectNoAxeViolations(teacher, 'the move dialog (teacher)');
    await dialog.getByLabel('Herons').check();
    await dialog.getByRole('button', { name: 'Move Ana' }).click();
    await teacher.getByText('Ana is now in Herons.').waitFor();
    await teacher
      .getByRole('list', { name: 'Members of Herons' })
      .getByText('Ana', { exact: true })
      .waitFor();
    await context.close();
  }, 120_000);
});
