import type { Locator, Page } from 'playwright-core';

/** The group's rich-text document, found the way a screen reader user would: by its name. */
export function documentEditor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Project document' });
}

/** Types at the very end of the document, as a person clicking in and pressing Ctrl+End would. */
export async function typeAtEnd(editor: Locator, text: string): Promise<void> {
  await editor.click();
  await editor.press('Control+End');
  await editor.pressSequentially(text, { delay: 5 });
}

/**
 * The document's words, one line per block, without other people's caret labels (which sit
 * inside the editable element but are not part of the document).
 */
export async function documentText(page: Page): Promise<string> {
  return page.evaluate(readDocumentText);
}

/** Waits until the document holds every part, whichever order they merged in; returns its text. */
export async function waitForDocumentText(page: Page, ...parts: string[]): Promise<string> {
  const deadline = Date.now() + 15_000;
  let text = await documentText(page);
  while (!parts.every((part) => text.includes(part))) {
    if (Date.now() > deadline) {
      throw new Error(`The document never held ${JSON.stringify(parts)}; it reads:\n${text}`);
    }
    // Polls the state itself (the deadline above bounds it); nothing here guesses a delay.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    text = await documentText(page);
  }
  return text;
}

/** Waits until the document no longer holds `gone` (a change from another browser may still be on its way). */
export async function waitForDocumentWithout(page: Page, gone: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let text = await documentText(page);
  while (text.includes(gone)) {
    if (Date.now() > deadline) {
      throw new Error(`The document still holds ${JSON.stringify(gone)}; it reads:\n${text}`);
    }
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    text = await documentText(page);
  }
  return text;
}

function readDocumentText(): string {
  const root = document.querySelector('.ProseMirror');
  if (!root) return '';
  const copy = root.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.collab-caret').forEach((caret) => caret.remove());
  return [...copy.querySelectorAll('p, h2, h3')].map((block) => block.textContent).join('\n');
}

/**
 * Waits until the server has stored the document with `text` in it (edits are batched for a
 * moment before they are stored, and a submission pins what is stored), reading the
 * document's history with the page's own session. The doc id defaults to the workspace URL's.
 */
export async function waitForStoredText(
  page: Page,
  text: string,
  docId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? ''),
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const stored = await page.evaluate(
      async ({ docId }) => {
        const raw = sessionStorage.getItem('commonplace.session');
        const token = raw ? (JSON.parse(raw) as { token: string }).token : '';
        const headers = { Authorization: `Bearer ${token}` };
        const base = `/api/workspaces/${encodeURIComponent(docId)}/history`;
        const page = (await (await fetch(`${base}?limit=1`, { headers })).json()) as {
          changes: Array<{ revision: number }>;
        };
        const latest = page.changes[0];
        if (!latest) return '';
        const at = (await (await fetch(`${base}/${latest.revision}`, { headers })).json()) as {
          text: string;
        };
        return at.text;
      },
      { docId },
    );
    if (stored.includes(text)) return;
    if (Date.now() > deadline) {
      const local = await documentText(page);
      throw new Error(
        `The server never stored ${JSON.stringify(text)}; it stored:\n${stored}\nThe page's document reads:\n${local}`,
      );
    }
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
  }
}
