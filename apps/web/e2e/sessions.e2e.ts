import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium, signedInPage } from './support/browser.js';
import { documentEditor } from './support/editor.js';
import { ServerProcess } from './support/server-process.js';

describe('signing out of one’s sessions, in a real browser', () => {
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
});
