// One Jest setup for every project. NestJS 12 (and much of the Yjs stack) ships
// ESM only, so Jest runs in native ESM mode (`node --experimental-vm-modules`)
// and @swc/jest compiles our TypeScript to ES modules, keeping decorator
// metadata for Nest's dependency injection. node_modules are loaded as they are.
export function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    testEnvironmentOptions: {
      // Resolve workspace packages to their TypeScript sources: no build needed to test.
      customExportConditions: ['@commonplace/source', 'node', 'node-addons'],
    },
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: {
      // NodeNext-style `./file.js` imports point at `./file.ts` sources.
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.tsx?$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2023',
            parser: { syntax: 'typescript', decorators: true, tsx: true },
            transform: {
              legacyDecorator: true,
              decoratorMetadata: true,
              react: { runtime: 'automatic' },
            },
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
    ...overrides,
  };
}
