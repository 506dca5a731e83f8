import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, ChildReply, ServerMemory, SetupResult } from './ipc.js';

export type ServerKind = 'commonplace' | 'y-websocket' | 'hocuspocus';

/** Linux reports process CPU in clock ticks; 100 per second on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A server under test in its own process, measured through /proc. */
export class ServerHandle {
  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(
    kind: ServerKind,
    env: Readonly<Record<string, string>> = {},
  ): Promise<ServerHandle> {
    const script = fileURLToPath(new URL('./server-process.js', import.meta.url));
    // BENCH_SERVER_CPU_PROF=<dir>: each server child writes a V8 CPU profile there when it stops.
    const profileDir = process.env.BENCH_SERVER_CPU_PROF;
    const child = fork(script, [kind], {
      env: { ...process.env, ...env },
      execArgv: [
        ...process.execArgv,
        // For memory(): RSS is read after full collections, the same for every server.
        '--expose-gc',
        // BENCH_SERVER_PERF: perf names the JIT-compiled JavaScript frames from the map this writes.
        ...(process.env.BENCH_SERVER_PERF ? ['--perf-basic-prof'] : []),
        ...(profileDir
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${profileDir}`,
              `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`,
            ]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: ChildReply) => {
        if (message.type === 'ready') resolve(message.port);
        if (message.type === 'error')
          reject(new Error(`${kind} failed to start: ${message.message}`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) =>
        reject(new Error(`${kind} exited with ${String(code)} before it was ready`)),
      );
    });
    child.removeAllListeners('message');
    return new ServerHandle(kind, child, port);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  setup(
    docCounts: readonly number[],
    clientsPerDoc: number,
    password: string,
  ): Promise<SetupResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: ChildReply) => {
        if (message.type === 'setup-done') {
          this.child.off('message', onMessage);
          resolve(message.result);
        } else if (message.type === 'error') {
          this.child.off('message', onMessage);
          reject(new Error(`setup failed: ${message.message}`));
        }
      };
      this.child.on('message', onMessage);
      this.command({ type: 'setup', docCounts, clientsPerDoc, password });
    });
  }

  /** utime + stime of the server process, in milliseconds. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /**
   * Samples the server's CPU with Linux perf (every thread, call graphs) into
   * `file` until the returned function is called. Needs Debian's linux-perf.
   */
  recordPerf(file: string): () => Promise<void> {
    const perf = spawn(
      'perf',
      ['record', '-e', 'cpu-clock', '-F', '499', '-g', '-p', String(this.pid), '-o', file],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const exited = new Promise<void>((resolve, reject) => {
      perf.once('error', reject);
      perf.once('exit', () => resolve());
    });
    return async () => {
      perf.kill('SIGINT');
      await exited;
    };
  }

  /** Memory once the server has collected its garbage: what it holds, not what it has yet to free. */
  memory(): Promise<ServerMemory> {
    return new Promise((resolve) => {
      const onMessage = (message: ChildReply) => {
        if (message.type !== 'memory') return;
        this.child.off('message', onMessage);
        resolve(message.memory);
      };
      this.child.on('message', onMessage);
      this.command({ type: 'memory' });
    });
  }

  /** Graceful stop (Commonplace flushes every document), killed if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.command({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  private command(command: ChildCommand): void {
    this.child.send(command);
  }
}
