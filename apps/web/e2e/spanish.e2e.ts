import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/axe.js';
import { DEMO_PASSWORD, launchChromium } from './support/browser.js';
import { ServerProcess } from './support/server-process.js';

const LOCALES = fileURLToPath(new URL('../src/i18n/locales', import.meta.url));
const PROJECT = 'How healthy is our river?';

function leaves(value: unknown, into: Map<string, string>, prefix = ''): void {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, into, `${prefix}.${key}`);
  }
}

function catalogue(language: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const file of readdirSync(join(LOCALES, language))) {
    leaves(JSON.parse(readFileSync(join(LOCALES, language, file), 'utf8')), entries, file);
  }
  return entries;
}

/**
 * What an English-only string looks like on a page: the whole value, or for values with
 * {{placeholders}} or <tags> each literal piece long enough not to be a coincidence. Values
 * Spanish writes the same way ("Commonplace", "{{minutes}} min") cannot tell languages apart.
 */
function englishOnly(): { whole: Set<string>; pieces: Set<string> } {
  const en = catalogue('en');
  const es = catalogue('es');
  const whole = new Set<string>();
  const pieces = new Set<string>();
  for (const [key, value] of en) {
    if (es.get(key) === value) continue;
    const parts = value
      .split(/\{\{[^}]*\}\}|<\/?\w+\s*\/?>/)
      .map((part) => part.trim())
      .filter((part) => /[a-z]/i.test(part));
    if (parts.length === 1 && parts[0] === value.trim()) whole.add(value.trim());
    else for (const part of parts) if (part.length >= 10) pieces.add(part);
  }
  return { whole, pieces };
}

/** Everything a person can see or hear on the page: visible text, names, hints, the tab title. */
function pageStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, [hidden]')) continue;
      found.push(text);
    }
    for (const line of document.body.innerText.split('\n'))
      if (line.trim()) found.push(line.trim());
    for (const element of document.querySelectorAll(
      '[aria-label], [title], [placeholder], [alt]',
    )) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
    }
    return found;
  });
}

async function englishOn(page: Page): Promise<string[]> {
  const { whole, pieces } = englishOnly();
  const leaks = new Set<string>();
  for (const text of await pageStrings(page)) {
    if (whole.has(text)) leaks.add(text);
    for (const piece of pieces) if (text.includes(piece)) leaks.add(`${piece} (in "${text}")`);
  }
  return [...leaks];
}

async function expectNoEnglish(page: Page, where: string): Promise<void> {
  expect({ where, leaks: await englishOn(page) }).toEqual({ where, leaks: [] });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
}

/** "23 nov 2026, 9:05": day, Spanish month abbreviation, year — never "Nov 23, 2026". */
function spanishDateTime(now: Date): RegExp {
  const month = new Intl.DateTimeFormat('es', { month: 'short', timeZone: 'Europe/Madrid' })
    .format(now)
    .replace('.', '\\.?');
  return new RegExp(`^\\d{1,2} ${month} \\d{4}, \\d{1,2}:\\d{2}$`);
}

describe('the student’s pages in Spanish', () => {
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

  it('follows a Spanish browser: home, workspace, journal and goals with no English left', async () => {
    // A browser set to Spanish, with nothing remembered yet: the app starts in Spanish.
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'es-ES',
      timezoneId: 'Europe/Madrid',
    });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Inicia sesión en Commonplace' }).waitFor();
    expect(await page.getByLabel('Idioma').inputValue()).toBe('es');
    await expectNoEnglish(page, 'sign-in');
    await expectNoAxeViolations(page, 'sign-in in Spanish');

    await page.getByLabel('Nombre de usuario').fill('ben');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor();
    await page.getByRole('heading', { name: 'Mis proyectos' }).waitFor();
    await expectNoEnglish(page, 'home');
    await expectNoAxeViolations(page, 'home in Spanish');

    await page.getByRole('link', { name: PROJECT }).click();
    await page.getByText('Conectado. Tus cambios se comparten mientras escribes.').waitFor();
    await page.getByRole('heading', { name: 'Puntos de control' }).waitFor();
    await page.getByRole('textbox', { name: 'Documento del proyecto' }).waitFor();
    await expectNoEnglish(page, 'workspace');
    await expectNoAxeViolations(page, 'workspace in Spanish');

    await page.getByRole('link', { name: 'Mi diario de reflexión' }).click();
    await page.getByRole('heading', { level: 1, name: `Mi diario: ${PROJECT}` }).waitFor();
    await page.getByLabel('Tu respuesta').fill('Medimos el río.');
    await page.getByRole('button', { name: 'Guardar entrada' }).click();
    await page.getByText('Entrada guardada. Tu docente puede leerla.').waitFor();
    const entry = page.locator('#entries-heading + ul li').first();
    await entry.getByText('Medimos el río.').waitFor();
    // The shared prompt is stored in English and read in Spanish.
    expect(await entry.locator('h3').innerText()).toBe('¿Qué has probado hoy?');
    expect((await entry.locator('.hint').innerText()).trim()).toMatch(spanishDateTime(new Date()));
    await expectNoEnglish(page, 'journal');
    await expectNoAxeViolations(page, 'journal in Spanish');

    await page.goBack();
    await page.getByRole('link', { name: 'Mis objetivos' }).click();
    await page.getByRole('heading', { level: 1, name: `Mis objetivos: ${PROJECT}` }).waitFor();
    await page.getByRole('heading', { name: 'Fijar un objetivo' }).waitFor();
    // Checkpoint choices carry their due date the Spanish way: "(fecha límite: 3 dic 2026)".
    const options = await page.getByLabel('Punto de control').locator('option').allInnerTexts();
    expect(options[0]).toBe('Elige un punto de control');
    expect(options.length).toBeGreaterThan(1);
    for (const option of options.slice(1)) {
      expect(option).toMatch(/\(fecha límite: \d{1,2} \p{L}+\.? \d{4}\)$/u);
    }
    await expectNoEnglish(page, 'goals');
    await expectNoAxeViolations(page, 'goals in Spanish');

    await context.close();
  }, 120_000);

  it('switches language from the header and remembers it on this device', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The check the Spanish pages pass does see English: the same page in English fails it.
    expect(await englishOn(page)).toEqual(
      expect.arrayContaining(['Sign in to Commonplace', 'Sign-in name', 'Skip to main content']),
    );

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { level: 1, name: 'Inicia sesión en Commonplace' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inicia sesión en Commonplace' }).waitFor();
    await expectNoEnglish(page, 'sign-in after reload');
    await context.close();
  }, 60_000);
});
