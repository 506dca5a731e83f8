import { jestConfig } from '../../jest.preset.mjs';

// Browser journeys: each file starts its own server process and Debian's Chromium; two files
// at a time (they mostly wait on the browser and the server, not the CPU), longest first.
export default jestConfig({
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testSequencer: '<rootDir>/e2e/support/longest-first.sequencer.mjs',
  testTimeout: 120_000,
});
