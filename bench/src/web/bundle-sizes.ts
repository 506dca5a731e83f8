import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One entry of Vite's build manifest (.vite/manifest.json). */
interface ManifestChunk {
  readonly file: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly isDynamicEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

type Manifest = Record<string, ManifestChunk>;

export interface Size {
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

export interface RouteBundle {
  /** The page module (src/...page.tsx), or "entry" for the app shell. */
  readonly route: string;
  /** JS files the route needs beyond the entry's, each with its size. */
  readonly chunks: ReadonlyArray<{ file: string } & Size>;
  /** What the route adds to the entry. */
  readonly own: Size;
  /** Entry plus the route: what a first visit straight to this route downloads. */
  readonly firstVisit: Size;
  /** JS the route's modules import lazily (e.g. the editor), fetched after the page starts. */
  readonly onDemand: Size;
  readonly onDemandFiles: readonly string[];
}

const ZERO: Size = { raw: 0, gzip: 0, brotli: 0 };

function add(a: Size, b: Size): Size {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

/**
 * JS per route from a Vite build with `--manifest`: the entry's static import closure is
 * the app shell; each lazily imported page adds its own static closure minus the shell.
 * Sizes are raw, gzip -9 and brotli q11, as a server or CDN compressing them would send.
 */
export function routeBundles(distDir: string): RouteBundle[] {
  const manifest = JSON.parse(
    readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const sizes = new Map<string, Size>();
  const sizeOf = (file: string): Size => {
    const known = sizes.get(file);
    if (known) return known;
    const bytes = readFileSync(join(distDir, file));
    const size = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length,
    };
    sizes.set(file, size);
    return size;
  };
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of manifest[key]?.imports ?? []) closure(imported, into);
    return into;
  };
  const jsOf = (keys: Iterable<string>) =>
    [...keys]
      .map((key) => manifest[key]?.file)
      .filter((file): file is string => file !== undefined && file.endsWith('.js'));

  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (entryKey === undefined) throw new Error(`No entry chunk in ${distDir}/.vite/manifest.json`);
  const shell = closure(entryKey);
  const shellFiles = jsOf(shell);
  const shellSize = shellFiles.map(sizeOf).reduce(add, ZERO);
  const bundles: RouteBundle[] = [
    {
      route: 'entry (app shell)',
      chunks: shellFiles.map((file) => ({ file, ...sizeOf(file) })),
      own: shellSize,
      firstVisit: shellSize,
      onDemand: ZERO,
      onDemandFiles: [],
    },
  ];
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !(chunk.src ?? key).endsWith('.page.tsx')) continue;
    const members = closure(key);
    const files = jsOf([...members].filter((member) => !shell.has(member)));
    const own = files.map(sizeOf).reduce(add, ZERO);
    const lazy = new Set<string>();
    for (const member of members) {
      for (const dynamic of manifest[member]?.dynamicImports ?? []) {
        // Other pages are routes of their own, counted on their own rows.
        if (manifest[dynamic]?.src?.endsWith('.page.tsx')) continue;
        closure(dynamic, lazy);
      }
    }
    const onDemandFiles = jsOf(
      [...lazy].filter((member) => !shell.has(member) && !members.has(member)),
    );
    bundles.push({
      route: chunk.src ?? key,
      chunks: files.map((file) => ({ file, ...sizeOf(file) })),
      own,
      firstVisit: add(shellSize, own),
      onDemand: onDemandFiles.map(sizeOf).reduce(add, ZERO),
      onDemandFiles,
    });
  }
  return bundles;
}
