import { describe, expect, it } from '@jest/globals';
import { describeOutcome, readAuditOutput, undecided } from './audit.js';

/** What npm 10 prints here: the registry has no bulk advisory endpoint. */
const REGISTRY_WITHOUT_AUDIT = JSON.stringify({
  message:
    '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
});

const REPORT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    'path-to-regexp': {
      name: 'path-to-regexp',
      severity: 'high',
      via: [
        {
          source: 1101850,
          name: 'path-to-regexp',
          title: 'path-to-regexp outputs backtracking regular expressions',
          url: 'https://github.com/advisories/GHSA-9wv6-86v2-598j',
          severity: 'high',
        },
      ],
    },
    express: { name: 'express', severity: 'high', via: ['path-to-regexp'] },
  },
  metadata: { vulnerabilities: { high: 2, total: 2 } },
});

describe('the advisory check', () => {
  it('skips with one clear line when the registry does not answer the audit', () => {
    const outcome = readAuditOutput(REGISTRY_WITHOUT_AUDIT);
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: expect.stringContaining('405 Method Not Allowed'),
    });
    expect(describeOutcome(outcome)).toMatch(/^audit skipped: .*nothing was checked\.$/);
    expect(readAuditOutput('')).toEqual({ kind: 'skipped', reason: 'npm audit printed nothing' });
    expect(readAuditOutput('npm ERR! network ENOTFOUND\nmore')).toEqual({
      kind: 'skipped',
      reason: 'npm ERR! network ENOTFOUND',
    });
  });

  it('lists each advisory once, by its GitHub id, and finds the ones without a recorded decision', () => {
    const outcome = readAuditOutput(REPORT);
    expect(outcome).toEqual({
      kind: 'report',
      advisories: [
        {
          id: 'GHSA-9wv6-86v2-598j',
          package: 'path-to-regexp',
          severity: 'high',
          title: 'path-to-regexp outputs backtracking regular expressions',
          url: 'https://github.com/advisories/GHSA-9wv6-86v2-598j',
        },
      ],
    });
    if (outcome.kind !== 'report') throw new Error('expected a report');
    expect(undecided(outcome.advisories, '| GHSA-9wv6-86v2-598j | upgraded |')).toEqual([]);
    expect(undecided(outcome.advisories, 'No advisories found.')).toHaveLength(1);
    expect(readAuditOutput(JSON.stringify({ vulnerabilities: {} }))).toEqual({
      kind: 'report',
      advisories: [],
    });
  });
});
