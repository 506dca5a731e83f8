import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

/**
 * Which project may import which. The domain is the pure core: it may import no
 * other project but the domain and no external package at all (so no Node
 * built-in, no I/O library); `testExternals` widens that for its tests only.
 */
function boundaries(testExternals) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      banTransitiveDependencies: true,
      depConstraints: [
        {
          sourceTag: 'type:domain',
          onlyDependOnLibsWithTags: ['type:domain'],
          allowedExternalImports: testExternals,
        },
        {
          sourceTag: 'type:contracts',
          onlyDependOnLibsWithTags: [],
          allowedExternalImports: ['zod', ...testExternals],
        },
        { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
        { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:contracts'] },
        { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
      ],
    },
  ];
}

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.data', 'bench/results'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': boundaries([]),
    },
  },
  {
    // Nest injects constructor parameters by their runtime class (decorator metadata):
    // tell the type-import rule, so it never turns an injected class into `import type`.
    files: ['apps/server/**/*.ts'],
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
  },
  {
    // Tests may use Jest's globals, nothing more.
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@jest/globals']) },
  },
  {
    // Belt and braces for Node built-ins, which are not projects in the Nx graph.
    files: ['packages/domain/**/*.ts', 'packages/shared/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The domain and shared packages are pure: no Node built-ins.',
          })),
        },
      ],
    },
  },
);
