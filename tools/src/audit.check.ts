import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { describeOutcome, runAudit, undecided } from './audit.js';

/**
 * `npm run audit`: asks the registry for advisories against package-lock.json.
 * Not in the test path (it needs the network); a registry that does not answer
 * is one skip line, never a failure. Every advisory found must have a
 * decision in docs/advisories.md.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('every advisory npm audit reports has a decision in docs/advisories.md', async () => {
  const outcome = await runAudit(ROOT);
  process.stdout.write(`${describeOutcome(outcome)}\n`);
  if (outcome.kind === 'skipped') return;
  const decisions = readFileSync(`${ROOT}/docs/advisories.md`, 'utf8');
  expect(undecided(outcome.advisories, decisions)).toEqual([]);
}, 180_000);
