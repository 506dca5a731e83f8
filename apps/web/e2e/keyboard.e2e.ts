import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchChromium } from './support/browser.js';
import { documentText } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

interface Focused {
  name: string;
  tag: string;
  role: string | null;
  /** The focus ring's width in px (outline), 0 when none is drawn. */
  ring: number;
}

/** What has focus now: its accessible-ish name (label, aria-label or text) and its focus ring. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body)
      return { name: '', tag: 'body', role: null, ring: 0 };
    const labelledBy = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ??
      (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.textContent ??
      '';
    const style = getComputedStyle(element);
    const ring = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) || 0;
    return {
      name: name.trim(),
      tag: element.tagName.toLowerCase(),
      role: element.getAttribute('role'),
      ring,
    };
  });
}

/**
 * Presses Tab until the control named `name` has focus, as a keyboard user would, and fails
 * if it is never reached. Buttons and links must show a focus ring when they get there.
 */
async function tabTo(page: Page, name: string | RegExp, maxPresses = 60): Promise<Focused> {
  for (let press = 0; press < maxPresses; press++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    const matches = typeof name === 'string' ? now.name === name : name.test(now.name);
    if (matches) {
      if (now.tag === 'a' || now.tag === 'button') expect(now.ring).toBeGreaterThanOrEqual(2);
      return now;
    }
  }
  throw new Error(`Tab never reached ${String(name)} in ${maxPresses} presses.`);
}

describe('a student’s main journey with the keyboard alone', () => {
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

  it('signs in, opens the project, marks a checkpoint and writes, without a mouse', async () => {
    const page = await browser.newContext({ baseURL: server.url }).then((c) => c.newPage());
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();

    // The skip link is the first stop and takes focus past the header.
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to main content');

    await tabTo(page, 'Sign-in name');
    await page.keyboard.type('ben');
    await tabTo(page, 'Password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Hello/ }).waitFor();

    await tabTo(page, 'How healthy is our river?');
    await page.keyboard.press('Enter');
    await page.getByText('Your changes are shared as you type.').waitFor();
    // After in-app navigation the new page's heading has focus, so reading starts there.
    expect((await focused(page)).tag).toBe('h1');

    await tabTo(page, 'Mark reached: Our question');
    await page.keyboard.press('Enter');
    await page.getByText('Checkpoint “Our question” marked reached.').waitFor();
    // The button is gone; focus waits on the checkpoints heading, not the top of the page.
    await page.waitForFunction(() => document.activeElement?.id === 'checkpoints-heading');

    await page.keyboard.press('Shift+Tab');
    const editor = await tabTo(page, 'Project document');
    expect(editor.role).toBe('textbox');
    await page.keyboard.type('Typed with the keyboard only.');
    await page.waitForFunction(() =>
      document
        .querySelector('.ProseMirror')
        ?.textContent?.includes('Typed with the keyboard only.'),
    );
    expect(await documentText(page)).toContain('Typed with the keyboard only.');
    await page.keyboard.press('Escape');
    const after = await focused(page);
    expect(after.role).not.toBe('textbox');
    expect(after.tag).not.toBe('body');

    await page.context().close();
  }, 120_000);
});
