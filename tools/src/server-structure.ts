import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The server's source as a graph of its top-level folders: which folder's
 * production files import which other folder. Tests, `*.testing.ts` helpers and
 * specs are left out: they may reach across folders to build a whole app.
 */
export interface SourceFile {
  /** Relative to the source root, with `/`. */
  readonly path: string;
  readonly folder: string;
  readonly text: string;
}

const TEST_FILE = /\.(spec|int-spec|e2e)\.ts$|\.testing\.ts$|^testing\//;

export function productionSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const path = relative(root, full).split(sep).join('/');
        if (!TEST_FILE.test(path))
          files.push({ path, folder: folderOf(path), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return files;
}

function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? '.' : path.slice(0, slash);
}

const RELATIVE_IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+)'/g;

/** Folder → the other folders its files import. */
export function folderImports(files: readonly SourceFile[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    for (const match of file.text.matchAll(RELATIVE_IMPORT)) {
      const target = normalize(join(dirname(file.path), match[1] ?? ''))
        .split(sep)
        .join('/');
      const folder = folderOf(target);
      if (folder === file.folder || target.startsWith('..')) continue;
      if (!edges.has(file.folder)) edges.set(file.folder, new Set());
      edges.get(file.folder)?.add(folder);
    }
  }
  return edges;
}

/** The strongly connected groups of two or more folders (Tarjan), each sorted, sorted by first name. */
export function importCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

const CREATE_TABLE = /CREATE TABLE(?: IF NOT EXISTS)?\s+(rm_\w+)/g;
const READ_MODEL_NAME = /\brm_\w+\b/g;

/** Each read-model table and the folder whose migrations create it. */
export function readModelOwners(files: readonly SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files)
    for (const match of file.text.matchAll(CREATE_TABLE))
      if (match[1] && !owners.has(match[1])) owners.set(match[1], file.folder);
  return owners;
}

/** `path: table` for each production file that names a read model its folder does not own. */
export function foreignReadModelUses(files: readonly SourceFile[]): string[] {
  const owners = readModelOwners(files);
  const uses = new Set<string>();
  for (const file of files)
    for (const [name] of file.text.matchAll(READ_MODEL_NAME)) {
      const owner = owners.get(name);
      if (owner !== undefined && owner !== file.folder) uses.add(`${file.path}: ${name}`);
    }
  return [...uses].sort();
}

const ENTRY_POINT = /\.(controller|gateway)\.ts$/;
const RUNS_SQL = /\bSQL_DATABASE\b|\bSqlDatabase\b/;

/** Controllers and gateways that reach the database themselves instead of asking a queries class. */
export function entryPointsRunningSql(files: readonly SourceFile[]): string[] {
  return files
    .filter((file) => ENTRY_POINT.test(file.path) && RUNS_SQL.test(file.text))
    .map((file) => file.path)
    .sort();
}

/** The roles a Nest class's file may name (`board.queries.ts`, `roster.projection.ts`, …). */
export const ROLE_SUFFIXES = [
  'adapters',
  'controller',
  'flusher',
  'gateway',
  'guard',
  'handler',
  'module',
  'persistence',
  'publisher',
  'queries',
  'reader',
  'registration',
  'registry',
  'resolver',
  'rule',
  'scheduler',
  'seed',
  'service',
  'store',
  'watcher',
  'writer',
] as const;

const NEST_CLASS = /^@(Injectable|Controller|WebSocketGateway|Module)\(/m;
const ROLE_FILE = new RegExp(`^[a-z0-9-]+\\.(${ROLE_SUFFIXES.join('|')})\\.ts$`);

/** Files holding a Nest provider, controller, gateway or module whose name says no role. */
export function nestClassesWithoutRole(files: readonly SourceFile[]): string[] {
  return files
    .filter((file) => NEST_CLASS.test(file.text))
    .filter((file) => !ROLE_FILE.test(file.path.split('/').pop() ?? ''))
    .map((file) => file.path)
    .sort();
}
