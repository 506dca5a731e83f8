import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';

let dist: string;
const script = `console.log(${JSON.stringify('a line of the app '.repeat(2000))});`;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'commonplace-web-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Commonplace</title>');
  await writeFile(join(dist, 'assets', 'index-abc123.js'), script);
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

await describeOnEveryStore('what every response carries', (openStore) => {
  const harness = appHarness(openStore);

  it('compresses the app, caches hashed assets for good and the page never, and sets security headers', async () => {
    const { url } = await harness.start({ WEB_DIST: dist });

    const asset = await fetch(`${url}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe(script);

    const page = await fetch(`${url}/classrooms/some-class`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const health = await fetch(`${url}/api/health`);
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
  }, 60_000);
});
