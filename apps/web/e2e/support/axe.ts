import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the bar the issue sets for every page. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

interface AxeWindow {
  axe?: { run(context: Document, options: object): Promise<AxeResults> };
}

/**
 * Runs axe-core on the page as it is now and fails with every violation listed, each with
 * the elements it found and what to fix. `where` names the page and role in the failure.
 */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // The script survives in-app navigation but not a reload, so look before injecting.
  const loaded = await page.evaluate(() => typeof (window as AxeWindow).axe !== 'undefined');
  // A Content-Security-Policy without inline scripts stops the tag from running (Playwright
  // rejects then); evaluating the same source through the debugger protocol is not subject to
  // the page's policy, so a refused tag only means taking that road.
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT }).catch(() => undefined);
  const injected = await page.evaluate(() => typeof (window as AxeWindow).axe !== 'undefined');
  if (!injected) await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as AxeWindow).axe;
    if (!axe) throw new Error('axe-core did not load into the page.');
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations;
  }, WCAG_TAGS);
  if (violations.length > 0) {
    throw new Error(
      `axe-core found ${violations.length} accessibility ${violations.length === 1 ? 'violation' : 'violations'} on ${where} (${page.url()}):\n\n${violations.map(describeViolation).join('\n\n')}`,
    );
  }
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes.slice(0, 5).map((node) => {
    const summary = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
    return `    - ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n      ${summary}`;
  });
  const more = violation.nodes.length > 5 ? `\n    … and ${violation.nodes.length - 5} more` : '';
  return `  [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes.join('\n')}${more}`;
}
