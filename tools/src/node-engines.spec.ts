import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { enginesRefusing, minimumNode } from './node-engines.js';
import type { PackageLock } from './node-engines.js';

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const rootPackage = readJson<{ engines?: { node?: string } }>(`${root}package.json`);
// LOCKFILE points the check at another lock, e.g. one from an older commit:
// `git show main:package-lock.json > /tmp/old-lock.json`, then run with LOCKFILE=/tmp/old-lock.json.
const lockPath = process.env['LOCKFILE'] ?? `${root}package-lock.json`;

describe('the Node version the workspace declares', () => {
  it('is a range with a lowest version', () => {
    expect(minimumNode(rootPackage.engines?.node ?? '')).toBe('20.19.0');
  });

  it('is accepted by every locked package, so npm install warns of no engine', () => {
    const lowest = minimumNode(rootPackage.engines?.node ?? '');
    const refusing = enginesRefusing(readJson<PackageLock>(lockPath), lowest);
    expect(refusing.map((m) => `${m.package} (${m.path}) needs node ${m.requires}`)).toEqual([]);
  });
});

describe('enginesRefusing', () => {
  const lock: PackageLock = {
    packages: {
      '': { name: 'commonplace', engines: { node: '>=20.19' } },
      'node_modules/file-type': { version: '22.3.0', engines: { node: '>=22' } },
      'node_modules/file-type-21': {
        name: 'file-type',
        version: '21.3.4',
        engines: { node: '>=20' },
      },
      'apps/web/node_modules/react-router': { version: '8.5.1', engines: { node: '>=22.22.0' } },
      'node_modules/either': { version: '1.0.0', engines: { node: '^18 || >=20' } },
      'node_modules/no-engines': { version: '1.0.0' },
      'node_modules/npm-only': { version: '1.0.0', engines: { npm: '>=99' } },
      'node_modules/old-array-form': { version: '0.1.0', engines: ['node >=0.4'] },
      'node_modules/garbled': { version: '1.0.0', engines: { node: 'latest please' } },
    },
  };

  it('names each package whose engines.node leaves the version out, wherever npm put it', () => {
    expect(enginesRefusing(lock, '20.19.0')).toEqual([
      { path: 'node_modules/file-type', package: 'file-type@22.3.0', requires: '>=22' },
      {
        path: 'apps/web/node_modules/react-router',
        package: 'react-router@8.5.1',
        requires: '>=22.22.0',
      },
      { path: 'node_modules/garbled', package: 'garbled@1.0.0', requires: 'latest please' },
    ]);
  });

  it('accepts them all on a Node they support', () => {
    expect(enginesRefusing(lock, '22.22.0').map((m) => m.package)).toEqual(['garbled@1.0.0']);
  });

  it('refuses a range with no lowest version', () => {
    expect(() => minimumNode('latest please')).toThrow(
      '"latest please" is not a Node version range',
    );
  });
});
