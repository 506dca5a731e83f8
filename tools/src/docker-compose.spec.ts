import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_KEYS, ConfigSchema } from '@commonplace/server/config';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition?: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  configs?: Record<string, { content?: string }>;
}

const compose = parse(
  readFileSync(fileURLToPath(new URL('../../docker-compose.yml', import.meta.url)), 'utf8'),
  { merge: true },
) as ComposeFile;
const servers = Object.entries(compose.services).filter(
  ([, service]) => service.build !== undefined,
);

describe('docker-compose.yml', () => {
  it('runs two server instances beside KurrentDB, PostgreSQL, Redis and a proxy', () => {
    expect(servers.map(([name]) => name).sort()).toEqual(['server-1', 'server-2']);
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kurrentdb', 'postgres', 'redis', 'proxy']),
    );
  });

  it.each(servers)('sets only variables that %s reads, each valid', (_name, service) => {
    const environment = service.environment ?? {};
    expect(Object.keys(environment).filter((key) => !CONFIG_KEYS.includes(key))).toEqual([]);
    const parsed = ConfigSchema.safeParse(environment);
    expect(
      parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    ).toEqual([]);
  });

  it.each(servers)('points %s at every service of the stack', (_name, service) => {
    const environment = service.environment ?? {};
    expect(environment['DATABASE_URL']).toContain('@postgres:');
    expect(environment['KURRENTDB_URL']).toContain('kurrentdb:');
    expect(environment['REDIS_URL']).toContain('redis:');
    expect(Object.keys(service.depends_on ?? {}).sort()).toEqual([
      'kurrentdb',
      'postgres',
      'redis',
    ]);
  });

  it('gives every service a health check', () => {
    const without = Object.entries(compose.services).filter(([, s]) => !s.healthcheck?.test);
    expect(without.map(([name]) => name)).toEqual([]);
  });

  it('balances the proxy across both instances', () => {
    const caddyfile = compose.configs?.['caddyfile']?.content ?? '';
    for (const [name] of servers) expect(caddyfile).toContain(`${name}:3000`);
  });
});
