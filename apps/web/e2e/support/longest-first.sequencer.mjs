// Jest orders test files by their last recorded duration, or by size on a clean clone (CI has
// no cache). The two accessibility sweeps are the longest files by far, so they go first, one
// on each worker, and the short journeys fill in beside them.
import Sequencer from '@jest/test-sequencer';

const LONGEST = ['accessibility-sweep.e2e.ts', 'accessibility-sweep-spanish.e2e.ts'];

/** @param {string} path */
const rank = (path) => {
  const index = LONGEST.findIndex((name) => path.endsWith(`/${name}`));
  return index === -1 ? LONGEST.length : index;
};

export default class LongestFirst extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const byHistory = super.sort(tests);
    return [...byHistory].sort((a, b) => rank(a.path) - rank(b.path));
  }
}
