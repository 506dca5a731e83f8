import { jestConfig } from '../../jest.preset.mjs';

// Browser journeys: a real server process and Debian's Chromium, one suite at a time.
export default jestConfig({
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 120_000,
});
