import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A real server process started from the sources (see source-loader.testing.mjs),
 * for tests that need several instances or must `kill -9` one. Not for production use.
 */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed, for the failure message of a test that did not go as planned. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing unsaved is flushed. */
  kill9(): Promise<void>;
  /** SIGTERM, and waits for the graceful shutdown to finish. */
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const LOADER = new URL('./source-loader.testing.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(LOADER)});`;

export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@commonplace/source', '--no-warnings', '--import', REGISTER, MAIN],
    {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'log',
        NO_COLOR: '1',
        WEB_DIST: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start within ${timeoutMs} ms:\n${printed}`));
    }, timeoutMs);
    const onOutput = (chunk: Buffer): void => {
      printed += chunk.toString('utf8');
      // Nest colours its log lines; the URL ends where the colour reset begins.
      const match = /running at (http:\/\/[\w.:-]+)/.exec(printed);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code ?? signal}) before it started:\n${printed}`));
    });
  });
  return {
    url,
    child,
    output: () => printed,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
