import { jestConfig } from '../../jest.preset.mjs';

// Whole-app tests start a real store (PGlite compiles its WebAssembly on first use), which
// takes seconds on a loaded 2-core machine; tests still wait for signals, never for time.
export default jestConfig({ testTimeout: 30_000 });
