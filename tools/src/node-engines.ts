import semver from 'semver';

/** One package of a package-lock.json (lockfileVersion 2 or 3), as far as engines go. */
export interface LockedPackage {
  name?: string;
  version?: string;
  engines?: unknown;
}

export interface PackageLock {
  packages?: Record<string, LockedPackage>;
}

/** A locked package that would not install cleanly on `node`. */
export interface EngineMismatch {
  /** Where npm puts it, e.g. `node_modules/file-type` or `apps/web/node_modules/i18next`. */
  path: string;
  /** `name@version`, as npm's EBADENGINE warning names it. */
  package: string;
  /** The package's `engines.node` range. */
  requires: string;
}

/** The lowest Node version a range admits: `>=20.19` → `20.19.0`. */
export function minimumNode(range: string): string {
  const minimum = semver.validRange(range) === null ? null : semver.minVersion(range);
  if (minimum === null) throw new Error(`"${range}" is not a Node version range`);
  return minimum.version;
}

function nodeRange(engines: unknown): string | undefined {
  if (typeof engines !== 'object' || engines === null || Array.isArray(engines)) return undefined;
  const node: unknown = (engines as Record<string, unknown>)['node'];
  return typeof node === 'string' ? node : undefined;
}

function packageName(path: string, locked: LockedPackage): string {
  return locked.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/**
 * Every locked package whose `engines.node` refuses `node`. Uses the test npm itself makes
 * (prereleases included, an unparsable range refuses), so an empty list means `npm install`
 * on that Node prints no EBADENGINE warning.
 */
export function enginesRefusing(lock: PackageLock, node: string): EngineMismatch[] {
  const mismatches: EngineMismatch[] = [];
  for (const [path, locked] of Object.entries(lock.packages ?? {})) {
    const requires = nodeRange(locked.engines);
    if (requires === undefined) continue;
    if (semver.satisfies(node, requires, { includePrerelease: true })) continue;
    const name = path === '' ? '(root)' : packageName(path, locked);
    mismatches.push({ path, package: `${name}@${locked.version ?? '?'}`, requires });
  }
  return mismatches;
}
