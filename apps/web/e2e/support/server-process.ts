import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_MAIN = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The real server, built, as `npm start` runs it: one process, the embedded
 * store in a temporary folder, the demo classroom seeded (copied from the
 * seeded template). Restartable on the same folder and port.
 */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'commonplace-e2e-'));
    cpSync(await ServerProcess.seededTemplate(), dataDir, { recursive: true });
    const server = new ServerProcess(await freePort(), dataDir);
    await server.boot(env);
    return server;
  }

  /**
   * A data folder as a first `npm start` leaves it (store created, migrated, demo
   * seeded), made once per server build and day (the demo's dates are relative to
   * today) by whichever suite gets there first, then copied for every server: a
   * first start costs PGlite's initdb, which is most of a boot. The folder is
   * published by a rename, so suites racing to make it never copy half of one.
   */
  private static async seededTemplate(): Promise<string> {
    const build = Math.trunc(statSync(SERVER_MAIN).mtimeMs);
    const day = new Date().toISOString().slice(0, 10);
    const template = join(tmpdir(), `commonplace-e2e-template-${build}-${day}`);
    if (existsSync(template)) return template;
    const maker = new ServerProcess(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'commonplace-e2e-')),
    );
    try {
      await maker.boot();
      await maker.stop();
      if (!existsSync(template)) renameSync(maker.dataDir, template);
    } finally {
      await maker.dispose();
    }
    return template;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async boot(env: Record<string, string> = {}): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: {
        ...process.env,
        ...env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`the server exited (${String(code)}) while starting:\n${this.output}`)),
      ),
    );
    // After a successful start the later exit (on stop) must not surface as an unhandled rejection.
    exited.catch(() => undefined);
    await Promise.race([this.waitUntilHealthy(child), exited]);
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    // Stop polling once the process has exited, or the loop would keep the test runner alive.
    while (Date.now() < deadline && child.exitCode === null) {
      const healthy = await fetch(`${this.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not become healthy within 60 s:\n${this.output}`);
  }

  /** A graceful stop (SIGTERM): the server flushes every open document first. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0)
      throw new Error(`the server exited with ${String(code)} on SIGTERM:\n${this.output}`);
  }

  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
