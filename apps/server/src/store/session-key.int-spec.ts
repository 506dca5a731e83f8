import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { loadSessionKey } from './session-key.js';

describe('the generated session key on the embedded store', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'commonplace-key-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('is written private to the server’s user, in a private folder', async () => {
    const dataDir = join(parent, 'data');
    await loadSessionKey(loadConfig({ DATA_DIR: dataDir }));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  it('tightens a key file an earlier version left readable, and keeps the key', async () => {
    const file = join(parent, 'session-secret');
    writeFileSync(file, 'k'.repeat(43));
    chmodSync(file, 0o644);
    chmodSync(parent, 0o755);
    const key = await loadSessionKey(loadConfig({ DATA_DIR: parent }));
    expect(new TextDecoder().decode(key.secret)).toBe('k'.repeat(43));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(parent).mode & 0o777).toBe(0o700);
  });
});
