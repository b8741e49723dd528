/**
 * Where `run()`'s time goes, stage by stage, with an in-memory fetch (no network, no server: the
 * answer is a `Response` made on the spot), so only the client's own work is left. Each stage is
 * timed alone in a loop; the figure is µs per call, median (min–max) over rounds.
 *
 *   npm run build && node dist/bench/stages.js [--quick] [--rounds 15] [--calls 20000]
 *
 * Stages: options (merging a call's options over the runner's and resolving them), params
 * (copying and validating), request building (URL, query, headers, body), transport (`send()`
 * over the in-memory fetch: attempt, timer, signal, rate budget, reading and parsing the body) and
 * the whole `run()`, each against a raw in-memory `fetch` + `response.json()`. What the stages do
 * not cover is the rest of run() (lookup, execution, executor, answer).
 */
import { pathToFileURL } from 'node:url';
import pinnedPacked, { validators as pinnedValidators } from '../generated/pinned.js';
import { createRunner } from '../entry/index.js';
import { send } from '../runtime/http.js';
import { resolveOptions, type RunOptions } from '../runtime/options.js';
import { copyParams, validateParams } from '../runtime/params.js';
import { loadPackedRegistry } from '../runtime/registry.js';
import type { ApiOperationEntry } from '../runtime/registry-types.js';
import { buildApiRequest } from '../runtime/request.js';
import { mergeOptions } from '../runtime/runner.js';
import { CLIENT_CORE, flag, formatRange, machineLine, numberOption, pinSelf, summary } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const BASE_URL = 'http://127.0.0.1:9';
const ANSWER = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'VIP' }] });
const memoryFetch: typeof fetch = async () => new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } });

const CASES: Array<{ name: string; params: Record<string, unknown> }> = [
  { name: 'retrieveAdmin', params: { id: 991267921 } },
  { name: 'createTag', params: { $body: { name: 'VIP' } } },
  {
    name: 'SearchContacts',
    params: { $body: { query: { operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }, { field: 'email', operator: '=', value: 'a@example.com' }] }, pagination: { per_page: 2 } } },
  },
];

async function timeLoop(calls: number, body: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const result = body();
    if (result instanceof Promise) await result;
  }
  return ((performance.now() - started) * 1000) / calls;
}

export async function main(): Promise<void> {
  const quick = flag('quick');
  const rounds = numberOption('rounds', quick ? 3 : 15);
  const calls = numberOption('calls', quick ? 2_000 : 20_000);
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
