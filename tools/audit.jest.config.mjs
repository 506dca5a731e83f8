import { jestConfig } from '../jest.preset.mjs';

// Only the advisory check, which needs the network: run by `npm run audit`, never by `npm test`.
export default jestConfig({ testMatch: ['<rootDir>/src/audit.check.ts'] });
