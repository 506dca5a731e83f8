import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Lints `code` as if it were a source file of the domain package, with the workspace's own config. */
async function lintAsDomainSource(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, {
    filePath: `${root}packages/domain/src/boundary-probe.ts`,
  });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('the pure domain package', () => {
  // The Nx boundary rule silently skips itself when no project graph exists; make one first.
  execFileSync('npx', ['nx', 'show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
  });

  it.each([
    ['a Node built-in', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;"],
    ['a bare Node built-in', "import { createHash } from 'crypto';\nexport const h = createHash;"],
    ['a database driver', "import pg from 'pg';\nexport const p = pg;"],
    [
      'the embedded database',
      "import { PGlite } from '@electric-sql/pglite';\nexport const p = PGlite;",
    ],
    ['a network library', "import { WebSocket } from 'ws';\nexport const w = WebSocket;"],
    ['the server', "import { x } from '@commonplace/server';\nexport const y = x;"],
    ['the web app', "import { x } from '@commonplace/web';\nexport const y = x;"],
  ])('may not import %s', async (_what, code) => {
    const messages = await lintAsDomainSource(code);
    expect(messages.some((m) => /enforce-module-boundaries|no-restricted-imports/.test(m))).toBe(
      true,
    );
  });

  it('may import its own modules', async () => {
    const messages = await lintAsDomainSource(
      "import { DomainError } from './common/domain-error.js';\nexport const E = DomainError;",
    );
    expect(messages).toEqual([]);
  });
});
