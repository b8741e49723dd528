/**
 * A redis-server of our own (the tests and the rate-limit benchmark): Debian's `redis-server` on a
 * free port, no persistence, stopped by pid. When redis-server is not installed this fails, saying
 * how to install it (`.ci/run` does).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Ends it (SIGTERM, or SIGKILL: a crash); resolves once the process has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that accepts connections but answers nothing. */
  pause(): void;
  resume(): void;
}

export function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-server is not installed: the rate-limit tests need a real Redis (`apt-get install -y redis-server`; .ci/run installs it)',
    );
  }
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts redis-server on `port` (a free one by default) and resolves once it accepts connections. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  requireRedisServer();
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${chosen}: ${output}`)), 10_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) on port ${chosen}: ${output}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const pid = child.pid!;
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    pid,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
      await exited;
    },
    pause() {
      process.kill(pid, 'SIGSTOP');
    },
    resume() {
      process.kill(pid, 'SIGCONT');
    },
  };
}
