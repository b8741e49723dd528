/**
 * What a first call loads: a dry run only the rate-limit machinery's entry points (on-demand.ts and
 * settings.ts, where options are checked), a first real call with the
 * default memory budget only the memory budget's modules, a call with `rateLimit: false` nothing
 * more than a dry run, the Redis modules only with `{ redis }`, the scroll locks only for a
 * scroll. Each case runs in a fresh Node process (the package as it ships: dist/bundle/) with a
 * module load hook that lists every file loaded, mapped back to the modules each holds, so that a
 * static import creeping back fails here. Needs a built dist/ (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BUNDLE_URL, DIST_URL, modulesIn, shippedModule } from './support/shipped.js';

const ENTRY = shippedModule('.');

/** Registered before the script runs: writes the URL of each module loaded to stderr (synchronously, from the hooks thread). */
const LOAD_HOOK = `
import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  writeSync(2, 'LOADED ' + url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOAD_HOOK)}`)});`;

/** An in-process fetch answering every request with `body` and Intercom's rate-limit headers. */
const FETCH = (body: unknown) => `async () => new Response(${JSON.stringify(JSON.stringify(body))}, {
  status: 200,
  headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 10) },
})`;
const TOKEN = 'tok_lazy_loading_0123456789';

interface Loaded {
  /** Modules of the package in the files loaded, relative to dist/ ("runtime/runner.js"). */
  own: string[];
  /** node: builtins imported as ES modules. */
  builtins: string[];
  /** Packages imported (their names). */
  packages: string[];
  /** What the script printed (its answer). */
  output: unknown;
}

function loadedBy(script: string): Loaded {
  const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const urls = [...child.stderr.matchAll(/^LOADED (\S+)$/gm)].map((match) => match[1]);
  const problems = child.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('LOADED '));
  expect(problems, 'stderr of the child').toEqual([]);
  expect(child.status, child.stderr).toBe(0);
  // Everything of the package comes from the bundle: none of tsc's modules beside it.
  expect(urls.filter((url) => url.startsWith(DIST_URL) && !url.startsWith(BUNDLE_URL))).toEqual([]);
  return {
    own: urls.filter((url) => url.startsWith(BUNDLE_URL)).flatMap(modulesIn),
    builtins: urls.filter((url) => url.startsWith('node:')),
    packages: [...new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))],
    output: JSON.parse(child.stdout),
  };
}

const rateLimitModules = (loaded: Loaded) => loaded.own.filter((path) => path.startsWith('runtime/rate-limit/')).sort();

/** Where a call reaches the machinery and where its options are checked: loaded by every call. */
const ALWAYS = ['runtime/rate-limit/on-demand.js', 'runtime/rate-limit/settings.js'];
/** The memory budget's modules, all of them. */
const MEMORY_BUDGET = [
  'runtime/rate-limit/events.js',
  'runtime/rate-limit/memory-budgets.js',
  'runtime/rate-limit/observation.js',
  'runtime/rate-limit/send-watch.js',
  'runtime/rate-limit/window-budget.js',
  'runtime/rate-limit/workspace-key.js',
];

describe('modules loaded on first use only', () => {
  it('a dry run loads only the rate-limit entry points, no node:crypto and no optional peer', () => {
    const loaded = loadedBy(`
      import { run } from ${JSON.stringify(ENTRY)};
      const plan = await run('listTags', {}, { dryRun: true });
      process.stdout.write(JSON.stringify(plan.requests.map((r) => r.method + ' ' + r.url)));
    `);
    expect(loaded.output).toEqual(['GET https://api.intercom.io/tags']);
    // The listing works (the entry and the runner are in it), so the absences below mean something.
    expect(loaded.own).toEqual(expect.arrayContaining(['entry/index.js', 'runtime/runner.js', 'runtime/http.js']));
    expect(loaded.packages).not.toContain('ioredis');
    expect(rateLimitModules(loaded)).toEqual(ALWAYS);
    expect(loaded.own).not.toContain('runtime/optional-peer.js');
    expect(loaded.builtins).not.toContain('node:crypto');
  });

  it('a first real call with the default memory budget loads the memory budget, none of Redis or the scroll locks', () => {
    const loaded = loadedBy(`
      import { run } from ${JSON.stringify(ENTRY)};
      const events = [];
      const answer = await run('listTags', {}, { token: '${TOKEN}', fetch: ${FETCH({ type: 'list', data: [] })}, onEvent: (e) => events.push(e.type) });
      process.stdout.write(JSON.stringify({ answer, events }));
    `);
    // The budget learned from the answer's headers (rate-budget), so the store really was used.
    expect(loaded.output).toEqual({ answer: { type: 'list', data: [] }, events: ['request', 'rate-budget', 'response'] });
    expect(rateLimitModules(loaded)).toEqual([...ALWAYS, ...MEMORY_BUDGET].sort());
    expect(loaded.own).not.toContain('runtime/optional-peer.js');
  });

  it('rateLimit: false without observers loads no more of it than a dry run', () => {
    const loaded = loadedBy(`
      import { run } from ${JSON.stringify(ENTRY)};
      const answer = await run('listTags', {}, { token: '${TOKEN}', fetch: ${FETCH({ type: 'list', data: [] })}, rateLimit: false });
      process.stdout.write(JSON.stringify(answer));
    `);
    expect(loaded.output).toEqual({ type: 'list', data: [] });
    expect(rateLimitModules(loaded)).toEqual(ALWAYS);
  });

  it('a scroll loads the scroll guard and the locks of this process, not the Redis ones', () => {
    const loaded = loadedBy(`
      import { createRunner } from ${JSON.stringify(ENTRY)};
      const runner = createRunner({ token: '${TOKEN}', fetch: ${FETCH({ type: 'list', data: [], scroll_param: null })} });
      const rows = [];
      for await (const row of runner.iterate('scrollOverAllCompanies')) rows.push(row);
      process.stdout.write(JSON.stringify(rows));
    `);
    expect(loaded.output).toEqual([]);
    expect(rateLimitModules(loaded)).toEqual([...ALWAYS, ...MEMORY_BUDGET, 'runtime/rate-limit/scroll-guard.js', 'runtime/rate-limit/scroll-locks.js'].sort());
  });

  it('{ redis } loads the Redis budget on first use, and falls back to the local one when Redis fails', () => {
    // A client that is connected but fails every command: the call goes on with this process's budget.
    const loaded = loadedBy(`
      import { run } from ${JSON.stringify(ENTRY)};
      const fail = async () => { throw new Error('READONLY refused'); };
      const redis = { status: 'ready', evalsha: fail, eval: fail, quit: async () => 'OK', disconnect() {}, on() {}, once() {}, off() {} };
      const warnings = [];
      const answer = await run('listTags', {}, { token: '${TOKEN}', fetch: ${FETCH({ type: 'list', data: [] })}, rateLimit: { redis }, onWarning: (w) => warnings.push(w.kind) });
      process.stdout.write(JSON.stringify({ answer, warnings }));
    `);
    expect(loaded.output).toEqual({ answer: { type: 'list', data: [] }, warnings: ['rate-limit'] });
    const modules = rateLimitModules(loaded);
    expect(modules).toEqual(expect.arrayContaining(['runtime/rate-limit/budget-store.js', 'runtime/rate-limit/redis-link.js', 'runtime/rate-limit/window-budget-lua.js']));
    // Not a scroll; a client given by the caller needs no ioredis.
    expect(modules).not.toContain('runtime/rate-limit/redis-scroll-locks.js');
    expect(loaded.packages).not.toContain('ioredis');
  });
});
