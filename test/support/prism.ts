/**
 * Test harness for Prism (`@stoplight/prism-cli`, pinned 5.14.2: 5.15+ needs Node 24) as a
 * contract checker against Intercom's official description.
 *
 * - `writeFixedSpec` writes the load-time-fixed description (spec/load.ts) to a temp JSON file:
 *   Prism exits 1 on the unfixed 2.7–2.11 files (`custom_attributes` is referenced, never defined).
 *   The upstream file is read from INTERCOM_OPENAPI_DIR and never copied into the repository.
 * - `startPrism` spawns `prism mock` on a free loopback port in its own process group, polls until
 *   it answers (bounded), and returns a handle whose `stop()` kills that group. Three layers make
 *   sure no Prism outlives the tests: `stop()` in afterAll, a `process.on('exit')` hook, and a
 *   guard in the child that exits when its stdin pipe closes (the parent died, even by SIGKILL).
 * - `readFindings` turns one Prism answer into request-side and response-side findings. Prism
 *   reports them in the `sl-violations` header (then answers 400 with the spec's own example where
 *   the operation defines a 400), or, where the operation defines no 400/422, as a 422
 *   problem+json whose `validation` array holds the request findings (no header then). Its own
 *   refusals (no such route, missing auth, …) are problem+json with a stoplight.io `type`.
 *   Read the header and the body, not the status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadSpec, type LoadedSpec } from '../../spec/load.js';
import { OPENAPI_DIR } from './shared.js';

export interface Violation {
  /** Prism's location, always starting with "request" or "response" here. */
  location: string[];
  severity: string;
  code: string;
  message: string;
}

export interface Findings {
  /** Findings about what we sent (Prism's `request.*` violations, its 422 `validation`, refusals). */
  request: Violation[];
  /** Findings about the mock's answer (the spec's own examples violating the spec's schemas). */
  response: Violation[];
  /** Prism cut the header at ~8 KB ("Too many violations!"): the lists hold what could be read. */
  truncated: boolean;
}

/**
 * Load-time-fixed description written as JSON to a fresh temp folder; `cleanup()` removes it.
 * Pass a version (loaded from INTERCOM_OPENAPI_DIR, never downloaded) or an already loaded spec.
 */
export async function writeFixedSpec(
  from: string | LoadedSpec,
): Promise<{ path: string; document: Record<string, any>; fixes: string[]; cleanup(): void }> {
  const spec = typeof from === 'string' ? await loadSpec(from, { specDir: OPENAPI_DIR, fetch: false }) : from;
  const dir = mkdtempSync(join(tmpdir(), 'iops-prism-'));
  const path = join(dir, `intercom-${spec.version}.fixed.json`);
  writeFileSync(path, JSON.stringify(spec.document));
  return {
    path,
    document: spec.document,
    fixes: spec.fixesApplied.map((f) => `${f.id} ×${f.count}`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A loopback port nobody listens on right now (the OS picks it; Prism binds it a moment later). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = require(manifestPath) as { version: string; bin: { prism: string } };
  return join(dirname(manifestPath), manifest.bin.prism);
}

export function prismVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@stoplight/prism-cli/package.json') as { version: string }).version;
}

/**
 * Runs in the child before Prism: exit when the parent's end of the stdin pipe closes (the test
 * process is gone, however it ended), then hand the remaining argv to Prism's CLI entry.
 */
const ORPHAN_GUARD = [
  "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();",
  'const [entry, ...args] = process.argv.slice(1);',
  'process.argv = [process.argv[0], entry, ...args];',
  'require(entry);',
].join('\n');

export interface PrismServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  pid: number;
  /** Spawn → first answer, in ms. */
  startMs: number;
  /** The tail of Prism's output (for failure messages). */
  output(): string;
  /** Kills the process group and waits for the process to end. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  specPath: string;
  /** Upper bound on the wait for the first answer. */
  timeoutMs?: number;
  /** Extra CLI flags (never `--errors`: it turns the spec's own invalid examples into 500s). */
  args?: string[];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: detached made the child its leader
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: process.kill is.
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

async function startOnce(options: StartOptions, port: number): Promise<PrismServer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = '127.0.0.1';
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['-e', ORPHAN_GUARD, prismEntry(), 'mock', '-h', host, '-p', String(port), ...(options.args ?? []), options.specPath],
    { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  installExitHook();
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-16_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));

  const url = `http://${host}:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    child.stdin?.destroy();
    live.delete(child);
  };

  const deadline = started + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new PrismStartError(`Prism exited (${child.exitCode ?? child.signalCode}) before answering`, tail);
    }
    try {
      // Any HTTP answer means Prism is up ("/" is not a route: 404 problem+json).
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.arrayBuffer());
      break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() > deadline) {
      await stop();
      throw new PrismStartError(`Prism did not answer within ${timeoutMs} ms`, tail);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    pid: child.pid!,
    startMs: Math.round(performance.now() - started),
    output: () => tail,
    stop,
  };
}

export class PrismStartError extends Error {
  constructor(message: string, readonly output: string) {
    super(`${message}\n--- Prism output (tail) ---\n${output.slice(-4_000)}`);
    this.name = 'PrismStartError';
  }
}

/** Starts Prism on a free port; retries once on another port if the first was taken meanwhile. */
export async function startPrism(options: StartOptions): Promise<PrismServer> {
  try {
    return await startOnce(options, await freePort());
  } catch (error) {
    if (error instanceof PrismStartError && /EADDRINUSE/.test(error.output)) {
      return startOnce(options, await freePort());
    }
    throw error;
  }
}

const PRISM_ERROR_TYPE = 'https://stoplight.io/prism/errors#';

function withPrefix(prefix: 'request' | 'response', list: unknown): Violation[] {
  if (!Array.isArray(list)) return [];
  return list.map((v: any) => {
    const location: string[] = Array.isArray(v?.location) ? v.location.map(String) : [];
    return {
      location: location[0] === prefix ? location : [prefix, ...location],
      severity: String(v?.severity ?? 'Error'),
      code: String(v?.code ?? ''),
      message: String(v?.message ?? ''),
    };
  });
}

/** Reads a truncated header as far as it goes: one finding per complete `{…}` object. */
function salvage(text: string): Violation[] {
  const found: Violation[] = [];
  for (const match of text.matchAll(/\{"location":\[[^\]]*\],"severity":"[^"]*","code":"[^"]*","message":"(?:[^"\\]|\\.)*"\}/g)) {
    try {
      found.push(JSON.parse(match[0]));
    } catch {
      /* skip */
    }
  }
  return found;
}

/**
 * Request-side and response-side findings of one Prism answer. `bodyText` is the answer's body
 * (needed for 422 / Prism's own refusals, which carry their findings there).
 */
export function readFindings(status: number, headers: Headers, bodyText: string): Findings {
  const findings: Findings = { request: [], response: [], truncated: false };
  const header = headers.get('sl-violations');
  if (header) {
    let list: any[];
    if (header.startsWith('Too many violations!')) {
      findings.truncated = true;
      list = salvage(header);
    } else {
      try {
        list = JSON.parse(header);
      } catch {
        findings.truncated = true;
        list = salvage(header);
      }
    }
    for (const v of list) {
      const side = Array.isArray(v?.location) && v.location[0] === 'response' ? 'response' : 'request';
      findings[side].push(...withPrefix(side, [v]));
    }
    if (findings.truncated && findings.request.length === 0 && /"location":\["request"/.test(header)) {
      findings.request.push({ location: ['request'], severity: 'Error', code: 'truncated', message: header.slice(0, 500) });
    }
  }
  const contentType = headers.get('content-type') ?? '';
  if (status >= 400 && contentType.includes('problem+json')) {
    let problem: any;
    try {
      problem = JSON.parse(bodyText);
    } catch {
      problem = undefined;
    }
    if (problem && typeof problem.type === 'string' && problem.type.startsWith(PRISM_ERROR_TYPE)) {
      const kind = problem.type.slice(PRISM_ERROR_TYPE.length);
      if (Array.isArray(problem.validation) && problem.validation.length > 0) {
        // 422 (request invalid, no 400/422 in the spec) or 500 under --errors (response findings).
        const side = kind === 'VIOLATIONS' ? 'response' : 'request';
        findings[side].push(...withPrefix(side, problem.validation));
      } else {
        // NO_PATH_MATCHED_ERROR (404), NO_METHOD_MATCHED_ERROR (405), UNAUTHORIZED (401), …
        findings.request.push({
          location: ['request'],
          severity: 'Error',
          code: kind,
          message: `${problem.title ?? kind}: ${problem.detail ?? ''}`.trim(),
        });
      }
    }
  }
  return findings;
}

export function describeViolation(v: Violation): string {
  return `${v.location.join('.')} [${v.code}] ${v.message}`;
}
