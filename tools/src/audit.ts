import { spawn } from 'node:child_process';

/** One advisory npm reported against a locked package. */
export interface Advisory {
  /** The advisory's id as GitHub names it (`GHSA-…`), or npm's number when there is no link. */
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export type AuditOutcome =
  | { kind: 'report'; advisories: Advisory[] }
  /** The registry did not answer the audit (unreachable, or it has no audit endpoint): nothing was checked. */
  | { kind: 'skipped'; reason: string };

interface ViaAdvisory {
  source?: unknown;
  name?: unknown;
  title?: unknown;
  url?: unknown;
  severity?: unknown;
}

const GHSA = /GHSA(?:-[0-9a-z]{4}){3}/i;

/**
 * Reads what `npm audit --json` printed. A report (`vulnerabilities`, possibly
 * empty) lists each advisory once; anything else (an error object from a
 * registry without the audit endpoint, no network, no JSON at all) is a skip
 * with the registry's own words, never a failure.
 */
export function readAuditOutput(stdout: string): AuditOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    const first = stdout.trim().split('\n')[0] ?? '';
    return { kind: 'skipped', reason: first === '' ? 'npm audit printed nothing' : first };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { kind: 'skipped', reason: 'npm audit printed no report' };
  }
  const report = parsed as { vulnerabilities?: unknown; message?: unknown; error?: unknown };
  if (typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
    const error = report.error as { summary?: unknown } | undefined;
    const reason =
      typeof report.message === 'string'
        ? report.message
        : typeof error?.summary === 'string' && error.summary !== ''
          ? error.summary
          : 'the registry sent no audit report';
    return { kind: 'skipped', reason };
  }
  const byId = new Map<string, Advisory>();
  for (const vulnerability of Object.values(report.vulnerabilities as Record<string, unknown>)) {
    const via = (vulnerability as { via?: unknown }).via;
    if (!Array.isArray(via)) continue;
    // A string names another vulnerable package; that package's own entry carries the advisory.
    for (const entry of via as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const advisory = entry as ViaAdvisory;
      const url = typeof advisory.url === 'string' ? advisory.url : '';
      const id = GHSA.exec(url)?.[0] ?? String(advisory.source ?? url);
      byId.set(id, {
        id,
        package: String(advisory.name ?? ''),
        severity: String(advisory.severity ?? ''),
        title: String(advisory.title ?? ''),
        url,
      });
    }
  }
  return {
    kind: 'report',
    advisories: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Advisories that `decisions` (docs/advisories.md) does not name: each needs a recorded decision. */
export function undecided(advisories: readonly Advisory[], decisions: string): Advisory[] {
  return advisories.filter((advisory) => !decisions.includes(advisory.id));
}

/** Runs `npm audit --json` in `cwd`; an npm that cannot start is a skip too. */
export function runAudit(cwd: string, timeoutMs = 120_000): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['audit', '--json'], { cwd, timeout: timeoutMs });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', (error) =>
      resolve({ kind: 'skipped', reason: `npm could not run: ${error.message}` }),
    );
    // npm audit exits non-zero both when it finds advisories and when it cannot ask: the JSON says which.
    child.on('close', (_code, signal) =>
      resolve(
        signal === null
          ? readAuditOutput(stdout)
          : { kind: 'skipped', reason: `npm audit stopped (${signal}) after ${timeoutMs} ms` },
      ),
    );
  });
}

/** The one line a run prints. */
export function describeOutcome(outcome: AuditOutcome): string {
  if (outcome.kind === 'skipped') {
    return `audit skipped: the registry did not answer npm audit (${outcome.reason}); nothing was checked.`;
  }
  if (outcome.advisories.length === 0) return 'audit: npm audit found no advisories.';
  return `audit: npm audit found ${outcome.advisories.length} advisor${outcome.advisories.length === 1 ? 'y' : 'ies'}: ${outcome.advisories
    .map((advisory) => `${advisory.id} (${advisory.package}, ${advisory.severity})`)
    .join(', ')}.`;
}
