/**
 * Process cold start, whole processes side by side: a bare `node -e 0`, a process that imports the
 * package root and makes one dry run, the same under the `version` option (one more registry
 * loaded on first use), a process making one raw `fetch` to a loopback server, and one that
 * imports the root and makes one real call to the same server. The server runs in a process of
 * its own, started once. Each sample is the wall time of a fresh child process measured by the
 * parent; the scenarios are taken round-robin (one of each per round) so that machine load weighs
 * on all alike, and each ratio is paired per round (a sample over its own round's reference)
 * before the median is taken. Each scenario is also run once, untimed, with a module load hook, to
 * count the ES modules it loads (the package's own, its dependencies', node: builtins): a figure
 * that does not depend on how busy the machine is.
 *
 *   npm run build && npm run bench:startup -- [--quick] [--samples 21] [--compare <other dist/>] [--json]
 *
 * --quick          7 rounds, the two goal scenarios and their references only
 * --samples n      rounds (default 21)
 * --compare dir    also run the dry run and the real call against another build's dist/ (before/after)
 * --json           one JSON object on stdout instead of the table
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPORTED_VERSIONS } from '../generated/versions.js';
import { cpus } from 'node:os';
import { exportedFile } from '../packaging/bundle.js';
import { benchOptions, median } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = join(here, '..');

const OPTIONS = benchOptions('npm run bench:startup -- [--quick] [--samples 21] [--compare <other dist/>] [--json]', {
  quick: { type: 'boolean' },
  samples: { type: 'number' },
  compare: { type: 'string' },
  json: { type: 'boolean' },
});
const QUICK = OPTIONS.quick ?? false;
const SAMPLES = OPTIONS.samples ?? (QUICK ? 7 : 21);
const COMPARE = OPTIONS.compare ?? '';
const JSON_OUT = OPTIONS.json ?? false;
const TOKEN = 'tok_startup_bench_0123456789';

/** A loopback HTTP server in its own process: every request answered with a small JSON list. */
const SERVER = `
  const http = require('node:http');
  const body = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePort, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => resolvePort({ child, url: `http://127.0.0.1:${chunk.toString().trim()}` }));
  });
}

/**
 * The file URL of the module a build ships for an export ('.', './2.14'): what the package.json
 * beside its `dist` names, so a user's import is what is measured. (packaging/bundle.ts is
 * imported here only, not by bench/processes.ts: esbuild would add some 13 MiB to every bench
 * process, the streaming children's peak RSS included.)
 */
const shippedModule = (dist: string, exportKey = '.'): string => pathToFileURL(exportedFile(join(dist, '..'), exportKey)).href;
const moduleArgs = (code: string): string[] => ['--input-type=module', '-e', code];
const rootOf = (dist: string): string => JSON.stringify(shippedModule(dist));
/** The module `intercom-ops/<version>` ships (it imports that version's registry up front). */
const versionEntryOf = (version: string): string => JSON.stringify(shippedModule(distDir, `./${version}`));
const dryRun = (dist: string) => moduleArgs(`import { run } from ${rootOf(dist)}; await run('listTags', {}, { dryRun: true });`);
const realCall = (dist: string, url: string) =>
  moduleArgs(
    `import { run } from ${rootOf(dist)}; const r = await run('listTags', {}, { token: ${JSON.stringify(TOKEN)}, baseUrl: ${JSON.stringify(url)}, maxRetries: 0 }); if (!r.data) process.exit(3);`,
  );
const rawFetch = (url: string) =>
  moduleArgs(
    `const res = await fetch(${JSON.stringify(`${url}/tags`)}, { headers: { authorization: 'Bearer ${TOKEN}', accept: 'application/json', 'intercom-version': '2.10' } }); const r = await res.json(); if (!r.data) process.exit(3);`,
  );

/** Machine facts printed with the figures: processes are not pinned here, and load changes everything. */
function machine(): string {
  const load = spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? 'uptime unavailable';
  return `node ${process.version}, ${cpus().length} cores, not pinned; ${load}`;
}

/** Registered before a counted run: writes the URL of each ES module loaded to stderr. */
const LOAD_HOOK = `import { writeSync } from 'node:fs';
export async function load(url, context, next) { writeSync(2, 'LOADED ' + url + '\\n'); return next(url, context); }`;
const COUNTING = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOAD_HOOK)}`)});`)}`;

export interface ModuleCount {
  /** Modules of the package (outside node_modules/). */
  own: number;
  /** Modules of its dependencies (under node_modules/). */
  dependencies: number;
  /** node: builtins imported as ES modules. */
  builtins: number;
}

function countModules(args: string[]): ModuleCount {
  const child = spawnSync(process.execPath, ['--import', COUNTING, ...args], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`module count: exit ${child.status} ${child.stderr}`);
  const urls = [...child.stderr.matchAll(/^LOADED (\S+)$/gm)].map((match) => match[1]);
  const files = urls.filter((url) => url.startsWith('file:'));
  return {
    own: files.filter((url) => !url.includes('/node_modules/')).length,
    dependencies: files.filter((url) => url.includes('/node_modules/')).length,
    builtins: urls.filter((url) => url.startsWith('node:')).length,
  };
}

interface Scenario {
  name: string;
  args: string[];
  /** The scenario its ratio is taken against (per round). */
  reference?: string;
}

function scenarios(url: string): Scenario[] {
  const list: Scenario[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'import root + one dry run', args: dryRun(distDir), reference: 'node -e 0' },
    { name: 'raw fetch, one call', args: rawFetch(url), reference: 'node -e 0' },
    { name: 'import root + one real call', args: realCall(distDir, url), reference: 'raw fetch, one call' },
  ];
  if (!QUICK) {
    list.push({
      name: 'dry run under version 2.14',
      args: moduleArgs(`import { run } from ${rootOf(distDir)}; await run('listTags', {}, { dryRun: true, version: '2.14' });`),
      reference: 'node -e 0',
    });
    list.push({
      name: 'every version entry imported',
      args: moduleArgs(
        `${SUPPORTED_VERSIONS.map((v, i) => `import * as v${i} from ${versionEntryOf(v)};`).join(' ')} import { run } from ${rootOf(distDir)}; await run('listTags', {}, { dryRun: true }); void [${SUPPORTED_VERSIONS.map((_, i) => `v${i}`).join(', ')}];`,
      ),
      reference: 'node -e 0',
    });
  }
  if (COMPARE) {
    const other = resolve(COMPARE);
    list.push({ name: 'compared build: dry run', args: dryRun(other), reference: 'node -e 0' });
    list.push({ name: 'compared build: real call', args: realCall(other, url), reference: 'raw fetch, one call' });
  }
  return list;
}

export interface StartupRow {
  scenario: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  reference?: string;
  /** Median over the rounds of this scenario's sample / the reference's sample of the same round. */
  ratio?: number;
  modules: ModuleCount;
}

export async function main(): Promise<StartupRow[]> {
  const server = await startServer();
  try {
    const list = scenarios(server.url);
    const modules = new Map(list.map((s) => [s.name, countModules(s.args)]));
    const samples = new Map<string, number[]>(list.map((s) => [s.name, []]));
    for (let round = 0; round < SAMPLES; round++) {
      for (const { name, args } of list) {
        const started = performance.now();
        const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
        const ms = performance.now() - started;
        if (child.status !== 0) throw new Error(`${name}: exit ${child.status} ${child.stderr}`);
        samples.get(name)!.push(ms);
      }
    }
    const rows: StartupRow[] = list.map(({ name, reference }) => {
      const runs = samples.get(name)!;
      const row: StartupRow = { scenario: name, medianMs: median(runs), minMs: Math.min(...runs), maxMs: Math.max(...runs), modules: modules.get(name)! };
      if (reference) {
        const base = samples.get(reference)!;
        row.reference = reference;
        row.ratio = median(runs.map((ms, round) => ms / base[round]));
      }
      return row;
    });
    if (JSON_OUT) {
      console.log(JSON.stringify({ bench: 'startup', node: process.version, machine: machine(), rounds: SAMPLES, rows }));
    } else {
      console.log(`process start: ${SAMPLES} fresh processes per scenario (round-robin); ${machine()}`);
      console.log('wall ms per process: median (min–max); ratio: per-round pairs to the reference, median;');
      console.log('ES modules loaded: the package\'s own + its dependencies\' + node: builtins\n');
      console.log(`${'scenario'.padEnd(34)} ${'median'.padStart(7)}  ${'min–max'.padEnd(13)} ${'ES modules'.padEnd(12)} ratio`);
      for (const row of rows) {
        const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}× ${row.reference}`;
        const { own, dependencies, builtins } = row.modules;
        console.log(
          `${row.scenario.padEnd(34)} ${row.medianMs.toFixed(1).padStart(7)}  ${`${row.minMs.toFixed(0)}–${row.maxMs.toFixed(0)}`.padEnd(13)} ${`${own}+${dependencies}+${builtins}`.padEnd(12)} ${ratio}`,
        );
      }
    }
    return rows;
  } finally {
    server.child.kill();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
