/**
 * Where `run()`'s time goes, stage by stage, with an in-memory fetch (no network, no server: the
 * answer is a `Response` made on the spot), so only the client's own work is left. Each stage is
 * timed alone in a loop; the figure is µs per call, median (min–max) over rounds.
 *
 *   npm run build && node dist/bench/stages.js [--quick] [--rounds 15] [--calls 20000] [--against <dist dir>]
 *
 * Stages: options (merging a call's options over the runner's and resolving them), params
 * (copying and validating), request building (URL, query, headers, body), transport (`send()`
 * over the in-memory fetch: attempt, timer, signal, rate budget, reading and parsing the body) and
 * the whole `run()`, each against a raw in-memory `fetch` + `response.json()`. What the stages do
 * not cover is the rest of run() (lookup, execution, executor, answer).
 *
 * That in-memory fetch is a custom fetch (raced, its body counted). A second table times the path
 * the global fetch takes: in a child process whose `globalThis.fetch` is replaced before the
 * package is loaded (`--import` of bench/ready-fetch.js, so the transport takes it for the native
 * one), answering ready-made answers (no Response, no stream), run() against the same raw loop:
 * what is left is the package's own work per call, v1 composite included, with and without its
 * rate budget and timeout ("run(), no budget, no timeout": its own code alone). `--against
 * /work/main/dist` adds that build's run() ("run() against") to the same rounds of that table, so
 * two builds are compared side by side in one process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pinnedPacked, { validators as pinnedValidators } from '../generated/pinned.js';
import { createRunner } from '../entry/index.js';
import { send } from '../runtime/http.js';
import { resolveOptions, type RunOptions } from '../runtime/options.js';
import { copyParams, validateParams } from '../runtime/params.js';
import { loadPackedRegistry } from '../runtime/registry.js';
import type { ApiOperationEntry } from '../runtime/registry-types.js';
import { buildApiRequest } from '../runtime/request.js';
import { mergeOptions } from '../runtime/runner.js';
import { join, resolve } from 'node:path';
import { BENCH_DIR, benchOptions, CLIENT_CORE, formatRange, machineLine, pinned, pinSelf, roundOrder, summary, userSearch, wireHeaders, type BenchValues } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const BASE_URL = 'http://127.0.0.1:9';
const ANSWER = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'VIP' }] });

const USAGE = 'node dist/bench/stages.js [--quick] [--rounds 15] [--calls 20000] [--against <dist dir>]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  calls: { type: 'number' },
  against: { type: 'string' },
  /** Internal: this process is the global-fetch stage's child (given --rounds and --calls). */
  'native-child': { type: 'boolean' },
} as const;

const memoryFetch: typeof fetch = async () => new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } });

const CASES: Array<{ name: string; params: Record<string, unknown> }> = [
  { name: 'retrieveAdmin', params: { id: 991267921 } },
  { name: 'createTag', params: { $body: { name: 'VIP' } } },
  {
    name: 'SearchContacts',
    params: { $body: { query: { operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }, { field: 'email', operator: '=', value: 'a@example.com' }] }, pagination: { per_page: 2 } } },
  },
];

/** Where a process preloaded with againstPreload() finds the other build's createRunner. */
const AGAINST_RUNNER = Symbol.for('intercom-ops bench: createRunner against');

/**
 * `--import` of this (a data: module) makes the other build's createRunner available to the
 * process (againstRunner()): its entry is named in the preload's text, not in an import of ours
 * (the package's own imports are all literal, see runtime-layers.test.ts).
 */
export function againstPreload(againstDir: string): string {
  const entry = pathToFileURL(resolve(againstDir, 'entry', 'index.js')).href;
  const source = `import { createRunner } from ${JSON.stringify(entry)}; globalThis[Symbol.for(${JSON.stringify(AGAINST_RUNNER.description)})] = createRunner;`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** The other build's createRunner, in a process started with `--import` of againstPreload(). */
export function againstRunner(): typeof createRunner {
  const make = (globalThis as Record<symbol, unknown>)[AGAINST_RUNNER];
  if (typeof make !== 'function') throw new Error('--against: the process was not started with the preload of the other build');
  return make as typeof createRunner;
}

async function timeLoop(calls: number, body: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const result = body();
    if (result instanceof Promise) await result;
  }
  return ((performance.now() - started) * 1000) / calls;
}

/** In the child: run() over the global fetch's path, against raw calls of the same ready answers. */
async function nativeChild(rounds: number, calls: number, againstDir: string): Promise<void> {
  if (!(globalThis.fetch as { ready?: boolean }).ready) throw new Error('--native-child runs with --import of bench/ready-fetch.js');
  const headers = wireHeaders(TOKEN);
  const jsonHeaders = wireHeaders(TOKEN, true);
  const raw = async (path: string, method = 'GET', body?: unknown) =>
    (await fetch(`${BASE_URL}${path}`, { method, headers: body === undefined ? headers : jsonHeaders, body: body === undefined ? undefined : JSON.stringify(body) })).json();
  type Calls = Record<string, () => Promise<unknown>>;
  const runnerCalls = async (make: typeof createRunner, extra: RunOptions = {}): Promise<Calls> => {
    const runner = make({ token: TOKEN, baseUrl: BASE_URL, ...extra });
    return {
      retrieveAdmin: () => runner.run('retrieveAdmin', { id: 991267921 }),
      listTags: () => runner.run('listTags', {}),
      createTag: () => runner.run('createTag', { $body: { name: 'VIP' } }),
      archive_user: () => runner.run('archive_user', { email: 'jane.doe@example.com' }),
    };
  };
  // The search archive_user's binding sends, so both stringify the same body.
  const search = userSearch('jane.doe@example.com');
  const clients: Record<string, Calls> = {
    raw: {
      retrieveAdmin: () => raw('/admins/991267921'),
      listTags: () => raw('/tags'),
      createTag: () => raw('/tags', 'POST', { name: 'VIP' }),
      archive_user: async () => {
        const found = (await raw('/contacts/search', 'POST', search)) as { data: Array<{ id: string }> };
        return raw(`/contacts/${found.data[0].id}/archive`, 'POST');
      },
    },
    'run()': await runnerCalls(createRunner),
    // Its own code alone: what the budget and the timeout leave.
    'run(), no budget, no timeout': await runnerCalls(createRunner, { rateLimit: false, timeoutMs: 0 }),
  };
  // The other build's entry was preloaded after ready-fetch.js, so it also takes the stand-in for the native fetch.
  if (againstDir) clients['run() against'] = await runnerCalls(againstRunner());
  const names = Object.keys(clients);
  console.log(`\nrun() over the global fetch's path, ready answers: ${rounds} rounds × ${calls.toLocaleString('en')} calls; µs per call, median (min–max)`);
  if (againstDir) console.log(`run() against: the build in ${againstDir}`);
  console.log(`| operation | ${names.map((n) => `${n} µs`).join(' | ')} | ${names.slice(1).map((n) => `${n} over raw`).join(' | ')} |`);
  console.log(`|---|${names.map(() => '---|').join('')}${names.slice(1).map(() => '---|').join('')}`);
  for (const operation of Object.keys(clients.raw)) {
    for (const name of names) await timeLoop(Math.min(calls, 2_000), clients[name][operation]); // warm-up
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(names, round)) times[name].push(await timeLoop(calls, clients[name][operation]));
    }
    const over = names.slice(1).map((n) => formatRange(summary(times[n].map((t, i) => t - times.raw[i])), 2));
    console.log(`| ${operation} | ${names.map((n) => formatRange(summary(times[n]), 2)).join(' | ')} | ${over.join(' | ')} |`);
  }
}

export async function main(options: BenchValues<typeof OPTIONS>): Promise<void> {
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 3 : 15);
  const calls = options.calls ?? (quick ? 2_000 : 20_000);
  pinSelf(CLIENT_CORE);
  // With its precompiled params validators, as the root's runner has it.
  const registry = loadPackedRegistry(pinnedPacked, pinnedValidators);
  const defaults: RunOptions = { token: TOKEN, baseUrl: BASE_URL, fetch: memoryFetch };
  const runner = createRunner(defaults);
  const resolved = resolveOptions(defaults, registry.intercomVersion, 'bench');
  console.log(`stages: ${machineLine()}`);
  console.log(`\nrun() by stage, in-memory fetch: ${rounds} rounds × ${calls.toLocaleString('en')} calls; µs per call, median (min–max)`);
  console.log('| operation | options | params | request | transport over raw | run() over raw | raw in-memory fetch | run() |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { name, params } of CASES) {
    const entry = registry.get(name) as ApiOperationEntry;
    const valid = await validateParams(copyParams(params, name), entry.paramsSchema, registry.validators, name);
    const request = buildApiRequest(entry, valid, resolved);
    const context = { operation: name, options: resolved, readOnly: entry.readOnly, responseContentType: null };
    const raw = () => memoryFetch(request.url, { method: request.method, headers: request.headers, body: request.body }).then((r) => r.json());
    const stages: Record<string, () => unknown> = {
      options: () => resolveOptions(mergeOptions(defaults, {}), registry.intercomVersion, name),
      params: () => validateParams(copyParams(params, name), entry.paramsSchema, registry.validators, name),
      request: () => buildApiRequest(entry, valid, resolved),
      transport: () => send(request, context),
      raw,
      run: () => runner.run(name, params),
    };
    for (const stage of Object.values(stages)) await timeLoop(Math.min(calls, 2_000), stage); // warm-up
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(stages).map((stage) => [stage, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [stage, body] of Object.entries(stages)) times[stage].push(await timeLoop(calls, body));
    }
    const over = (stage: string) => summary(times[stage].map((t, i) => t - times.raw[i]));
    console.log(
      `| ${name} | ${formatRange(summary(times.options), 2)} | ${formatRange(summary(times.params), 2)} | ${formatRange(summary(times.request), 2)} | ` +
        `${formatRange(over('transport'), 1)} | ${formatRange(over('run'), 1)} | ${formatRange(summary(times.raw), 1)} | ${formatRange(summary(times.run), 1)} |`,
    );
  }
  const againstDir = options.against ?? '';
  const childArgs = ['--native-child', '--rounds', String(rounds), '--calls', String(calls), ...(againstDir ? ['--against', againstDir] : [])];
  // ready-fetch.js replaces globalThis.fetch before this module (and the transport) is loaded.
  const preload = pathToFileURL(join(BENCH_DIR, 'ready-fetch.js')).href;
  const preloads = ['--import', preload, ...(againstDir ? ['--import', againstPreload(againstDir)] : [])];
  const [command, args] = pinned(CLIENT_CORE, process.execPath, [...preloads, fileURLToPath(import.meta.url), ...childArgs]);
  const child = spawnSync(command, args, { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`the global-fetch stage exited with ${child.status}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = benchOptions(USAGE, OPTIONS);
  if (options['native-child']) await nativeChild(options.rounds ?? 15, options.calls ?? 20_000, options.against ?? '');
  else await main(options);
}
