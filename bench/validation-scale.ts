/**
 * Hostile input sizes, timed: how long `run()` takes to refuse params with 20,000 / 50,000 unknown
 * names, a search body with 50,000 invalid filter items, a search nested 1,500 levels, and a
 * 200,000-character unknown operation name (dry runs: nothing is sent either way).
 *
 *   npm run build && node dist/bench/validation-scale.js [--rounds 5]
 *
 * To compare with another build, run this file's compiled copy inside that build's dist/ with its
 * one import pointed at that build's entry (how the README's "before" column was measured). Each
 * round runs every case once, in turn, after one warm-up call that compiles the validators; the
 * figure is the median over rounds, with the error code and the number of issues listed.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRunner } from '../entry/index.js';

const USAGE = 'node dist/bench/validation-scale.js [--rounds 5]';

/**
 * --rounds, refused unless a positive whole number, as bench/processes.ts's benchOptions does it, but
 * here: this file imports nothing of the package but its entry, so its compiled copy runs in
 * another build's dist/ (see above).
 */
function rounds(): number {
  try {
    const { values } = parseArgs({ options: { rounds: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: false });
    if (values.help) {
      console.log(`usage: ${USAGE}`);
      process.exit(0);
    }
    const value = Number(values.rounds ?? 5);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--rounds takes a positive whole number, not ${JSON.stringify(values.rounds)}`);
    return value;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: ${USAGE}`);
    process.exit(2);
  }
}

const ROUNDS = rounds();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const unknownParams = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
function nestedSearch(levels: number) {
  let query: Record<string, unknown> = { field: 'email', operator: '=', value: 'a@example.com' };
  for (let i = 0; i < levels; i++) query = { operator: 'AND', value: [query] };
  return { $body: { query } };
}

const CASES: Array<[string, string, () => Record<string, unknown>]> = [
  ['20,000 unknown params', 'listTags', () => unknownParams(20_000)],
  ['50,000 unknown params', 'listTags', () => unknownParams(50_000)],
  ['50,000 invalid search items', 'SearchContacts', () => ({ $body: { query: { operator: 'AND', value: Array.from({ length: 50_000 }, () => 5) } } })],
  ['search nested 1,500 levels', 'SearchContacts', () => nestedSearch(1_500)],
  ['200,000-character name', 'listTags'.repeat(25_000), () => ({})],
];

export async function main(): Promise<void> {
  const runner = createRunner({ dryRun: true });
  const attempt = async (name: string, params: Record<string, unknown>) => {
    const started = performance.now();
    let outcome = 'planned';
    try {
      await runner.run(name, params);
    } catch (error) {
      const e = error as { code?: string; issues?: unknown[]; message?: string };
      outcome = `${e.code} (${e.issues?.length ?? 0} issues listed, message ${e.message?.length ?? 0} chars)`;
    }
    return { ms: performance.now() - started, outcome };
  };
  for (const [, name, params] of CASES) await attempt(name, params()); // compile the validators
  const times = new Map<string, number[]>();
  const outcomes = new Map<string, string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, name, params] of CASES) {
      const input = params();
      const { ms, outcome } = await attempt(name, input);
      times.set(label, [...(times.get(label) ?? []), ms]);
      outcomes.set(label, outcome);
    }
  }
  console.log(`validation-scale: ${ROUNDS} rounds, medians`);
  for (const [label] of CASES) console.log(`  ${label.padEnd(30)} ${median(times.get(label)!).toFixed(1).padStart(9)} ms  ${outcomes.get(label)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
