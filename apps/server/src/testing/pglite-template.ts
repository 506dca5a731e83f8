import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGliteOptions } from '@electric-sql/pglite';
import { PGlite } from '@electric-sql/pglite';

/**
 * A fresh PGlite in memory in about a second instead of ten or more: a new
 * cluster is loaded from a dump of an empty, just-initialised one (initdb is
 * what costs), and the WebAssembly is compiled once per test file.
 *
 * The dump is made once per machine and PGlite version, in the temp folder, by
 * whichever test gets there first (a rename publishes it whole, so workers
 * racing to make it never read half a file). It holds no schema of ours:
 * every test still runs the real migrations.
 */
export async function pgliteFromTemplate(): Promise<PGlite> {
  const [template, pgliteWasmModule] = await Promise.all([templateDump(), compiledModule()]);
  return PGlite.create({ loadDataDir: new Blob([template]), pgliteWasmModule });
}

const WASM_FILE = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm');
const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(dirname(WASM_FILE), '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const TEMPLATE_FILE = join(tmpdir(), `commonplace-pglite-template-${PGLITE_VERSION}.tar`);

let dump: Promise<Uint8Array> | undefined;
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
/** Node's global WebAssembly; this project's type libraries (no DOM) do not declare it. */
const wasm = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }
).WebAssembly;

let module: Promise<WasmModule> | undefined;

function templateDump(): Promise<Uint8Array> {
  dump ??= readFile(TEMPLATE_FILE).catch(makeTemplate);
  return dump;
}

function compiledModule(): Promise<WasmModule> {
  module ??= readFile(WASM_FILE).then((bytes) => wasm.compile(bytes));
  return module;
}

async function makeTemplate(): Promise<Uint8Array> {
  const fresh = await PGlite.create();
  try {
    const bytes = new Uint8Array(await (await fresh.dumpDataDir('none')).arrayBuffer());
    const partial = `${TEMPLATE_FILE}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, bytes);
    await rename(partial, TEMPLATE_FILE);
    return bytes;
  } finally {
    await fresh.close();
  }
}
