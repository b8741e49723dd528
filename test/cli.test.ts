import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../cli/main.js';
import { createRunner, operations, run } from '../entry/index.js';
import { PINNED_VERSION } from '../generated/versions.js';
import { v1Bindings } from '../operations/index.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';

const TOKEN = 'tok_cli_secret_6f1d2c';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('CLI (contract: commands, JSON output, exit codes)', () => {
  let server: IntercomServer;
  beforeAll(async () => {
    server = await startIntercomServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('run listTags --dry-run works with no token and no network, token-free plan', async () => {
    const { code, stdout } = await cli(['run', 'listTags', '--dry-run']);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan).toMatchObject({ dryRun: true, operation: 'listTags' });
    expect(plan.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.intercom.io/tags' });
    expect(plan.requests[0].headers['Intercom-Version']).toBe('2.10');
  });

  it('run masks the token in a dry-run plan', async () => {
    const { stdout } = await cli(['run', 'get_admin', '--params', '{"id":"991267921"}', '--region', 'eu', '--dry-run'], {
      INTERCOM_TOKEN: TOKEN,
    });
    expect(stdout).not.toContain(TOKEN);
    const plan = JSON.parse(stdout);
    expect(plan.requests[0].url).toBe('https://api.eu.intercom.io/admins/991267921');
  });

  it('run sends a real call with the token from INTERCOM_TOKEN and prints the JSON answer', async () => {
    server.on('GET', '/tags', () => ({ status: 200, body: { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] } }));
    const { code, stdout } = await cli(['run', 'listTags', '--base-url', server.url, '--version', '2.11'], { INTERCOM_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).data[0].name).toBe('VIP');
    const request = server.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['intercom-version']).toBe('2.11');
  });

  it('exit 2 with a JSON error naming the parameter for invalid params; nothing sent', async () => {
    const before = server.requests.length;
    const { code, stderr, stdout } = await cli(['run', 'get_admin', '--params', '{"id":"1","bogus":true}', '--base-url', server.url], {
      INTERCOM_TOKEN: TOKEN,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const error = JSON.parse(stderr);
    expect(error.code).toBe('INVALID_PARAMS');
    expect(JSON.stringify(error.issues)).toContain('bogus');
    expect(server.requests.length).toBe(before);
  });

  it('exit 2 for an unknown operation, with suggestions', async () => {
    const { code, stderr } = await cli(['describe', 'listTag']);
    expect(code).toBe(2);
    const error = JSON.parse(stderr);
    expect(error.code).toBe('UNKNOWN_OPERATION');
    expect(error.suggestions).toContain('listTags');
  });

  it('exit 2 for usage errors and for a real call without a token (CONFIG)', async () => {
    expect((await cli(['run'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['run', 'listTags', '--params', 'not json'])).code).toBe(2);
    const noToken = await cli(['run', 'listTags', '--base-url', server.url]);
    expect(noToken.code).toBe(2);
    expect(JSON.parse(noToken.stderr).code).toBe('CONFIG');
  });

  it('--params-file: unreadable (missing, a directory) or not JSON is a usage error naming --params-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intercom-ops-cli-'));
    try {
      const invalid = join(dir, 'bad.json');
      writeFileSync(invalid, '{ not json');
      for (const file of [join(dir, 'missing.json'), dir, invalid]) {
        const { code, stderr } = await cli(['run', 'listTags', '--params-file', file, '--dry-run']);
        expect(code, file).toBe(2);
        const error = JSON.parse(stderr);
        expect(error.code).toBe('USAGE');
        expect(error.message).toContain('--params-file');
      }
      const good = join(dir, 'good.json');
      writeFileSync(good, '{"id":"7"}');
      expect((await cli(['run', 'retrieveAdmin', '--params-file', good, '--dry-run'])).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('<command> --help (or -h) prints the usage on stdout and exits 0', async () => {
    for (const argv of [['run', '--help'], ['run', 'listTags', '-h'], ['describe', '--help'], ['list', '--help'], ['diff', '--help'], ['generate', '--help']]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(0);
      expect(stdout).toContain('usage: intercom-ops');
      expect(stderr).toBe('');
    }
  });

  it('exit 3 for an API error, with status and request id, and no token anywhere', async () => {
    server.on('GET', '/admins/7', () => ({
      status: 404,
      headers: { 'x-request-id': 'req-cli-1' },
      body: { type: 'error.list', request_id: 'req-cli-1', errors: [{ code: 'not_found', message: 'Admin Not Found' }] },
    }));
    const { code, stderr } = await cli(['run', 'get_admin', '--params', '{"id":"7"}', '--base-url', server.url], { INTERCOM_TOKEN: TOKEN });
    expect(code).toBe(3);
    expect(stderr).not.toContain(TOKEN);
    expect(JSON.parse(stderr)).toMatchObject({ code: 'API_ERROR', status: 404, requestId: 'req-cli-1' });
  });

  it('exit 1 for a defect of the package (INTERNAL: a binding that throws a TypeError)', async () => {
    const runner = createRunner({
      bindings: { ...v1Bindings, get_admin: async () => (undefined as any).id },
    });
    let stderr = '';
    const io: CliIo = { stdout: () => {}, stderr: (t) => void (stderr += t), env: {}, runner };
    const code = await main(['run', 'get_admin', '--params', '{"id":"1"}', '--dry-run'], io);
    expect(code).toBe(1);
    expect(JSON.parse(stderr)).toMatchObject({ code: 'INTERNAL', operation: 'get_admin' });
  });

  it('exit 4 for a network failure', async () => {
    const { code, stderr } = await cli(['run', 'listTags', '--base-url', 'http://127.0.0.1:9'], { INTERCOM_TOKEN: TOKEN });
    expect(code).toBe(4);
    expect(JSON.parse(stderr).code).toBe('NETWORK');
    expect(stderr).not.toContain(TOKEN);
  });

  it('list shows both kinds with method/path or calls; --kind filters; --json is JSON', async () => {
    const all = JSON.parse((await cli(['list', '--json'])).stdout);
    expect(all.version).toBe('2.10');
    const byName = Object.fromEntries(all.operations.map((o: any) => [o.name, o]));
    expect(byName.listTags).toMatchObject({ kind: 'api', method: 'GET', path: '/tags', readOnly: true });
    expect(byName.archive_user).toMatchObject({ kind: 'v1', calls: ['SearchContacts', 'ArchiveContact'], readOnly: false });
    const v1 = JSON.parse((await cli(['list', '--kind', 'v1', '--json'])).stdout);
    expect(v1.operations).toHaveLength(57);
    const text = (await cli(['list', '--kind', 'api'])).stdout;
    expect(text).toMatch(/listTags\s+api\s+GET \/tags/);
  });

  it('describe shows the schema, the binding and an example call that validates', async () => {
    const described = JSON.parse((await cli(['describe', 'archive_user', '--json'])).stdout);
    expect(described).toMatchObject({ name: 'archive_user', kind: 'v1', calls: ['SearchContacts', 'ArchiveContact'] });
    expect(described.paramsSchema.properties).toHaveProperty('email');
    const api = JSON.parse((await cli(['describe', 'retrieveAdmin', '--json'])).stdout);
    expect(api.example.command).toContain('intercom-ops run retrieveAdmin');
    const dry = await cli(['run', 'retrieveAdmin', '--params', JSON.stringify(api.example.params), '--dry-run']);
    expect(dry.code).toBe(0);
  });

  it('an unknown spec version is a usage error (exit 2) for generate and diff', async () => {
    for (const argv of [['generate', '--spec-version', '2.99', '--check'], ['diff', '2.10', '2.99']]) {
      const { code, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(JSON.parse(stderr).message).toMatch(/unknown spec version "2.99"; known versions: 2.7, .*preview/);
    }
  });

  it('commands other than generate and diff start without the generator toolchain', async () => {
    // Low-code steps start one process per call: TypeScript, openapi-typescript, Handlebars and
    // YAML (the generator's) must not load for list, describe or run.
    const main = pathToFileURL(join(__dirname, '..', 'dist', 'cli', 'main.js')).href;
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(main)});
      await main(['run', 'listTags', '--dry-run'], { stdout() {}, stderr() {}, env: {} });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify(loaded.filter((p) => /node_modules[\\/](typescript|openapi-typescript|handlebars|yaml)[\\/]/.test(p))));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('the bin package.json names runs (the bundle, no TypeScript loader), and in a checkout reaches the generator', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const bin = join(__dirname, '..', pkg.bin['intercom-ops']);
    expect(existsSync(bin), 'dist/ is built by `npm ci` (prepare) — run the README set-up').toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'run', 'listTags', '--dry-run'], {
      env: { PATH: process.env.PATH },
    });
    expect(JSON.parse(stdout).requests[0].url).toBe('https://api.intercom.io/tags');
    // The bundle keeps the maintainer commands' imports of tsc's generator (packaging/bundle.ts).
    const checked = await promisify(execFile)(process.execPath, [bin, 'generate', '--check', '--spec-version', PINNED_VERSION], {
      env: { PATH: process.env.PATH, INTERCOM_OPENAPI_DIR: process.env.INTERCOM_OPENAPI_DIR },
    });
    expect(JSON.parse(checked.stdout).stale).toEqual([]);
  });
});

/**
 * Registry walk: every entry of the registry (both kinds), its `describe --json` example run as a
 * dry run. An example call that fails its own dry run is a documentation bug found here.
 */
const ENTRIES = Object.values(operations)
  .map((entry) => [entry.name, entry.kind] as const)
  .sort(([a], [b]) => a.localeCompare(b));

describe('registry walk: the example `describe` shows dry-runs, for every operation', () => {
  it('walks the whole registry, both kinds', () => {
    expect(ENTRIES.length).toBe(Object.keys(operations).length);
    expect(ENTRIES.filter(([, kind]) => kind === 'v1')).toHaveLength(57);
    expect(ENTRIES.filter(([, kind]) => kind === 'api').length).toBeGreaterThan(100);
  });

  it.each(ENTRIES)('%s (%s)', async (name) => {
    const { code, stdout, stderr } = await cli(['describe', name, '--json']);
    expect(code, stderr).toBe(0);
    const { example } = JSON.parse(stdout) as { example: { params: Record<string, unknown>; command: string } };
    const json = JSON.stringify(example.params);
    expect(example.command).toContain(json);
    // The command is one shell word per argument: the params JSON must not close its quotes.
    expect(json).not.toContain("'");
    expect(example.command).toBe(`intercom-ops run ${name} --params '${json}' --dry-run`);
    const plan = await run(name, example.params, { dryRun: true });
    expect(plan.requests.length, `${name}: the dry run plans no request`).toBeGreaterThanOrEqual(1);
  });
});
