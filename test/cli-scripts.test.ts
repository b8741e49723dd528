/**
 * The CLI for scripts and people: per-command help, --version, the token named as the shell
 * knows it, region names in any case, params from stdin, per-call timeout and retries, binary
 * answers into a file, `describe` showing the output fields, and `run --all` streaming NDJSON
 * while the pages are fetched (100,000 rows over 100 pages).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../cli/main.js';
import { createRunner } from '../entry/index.js';
import { PACKAGE_VERSION } from '../runtime/package-version.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';

const TOKEN = 'tok_cli_scripts_0123456789';
const COMMANDS = ['list', 'describe', 'run', 'generate', 'diff', 'mcp', 'export'];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], extra: Partial<CliIo> = {}, env: NodeJS.ProcessEnv = { INTERCOM_TOKEN: TOKEN }): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, ...extra });
  return { code, stdout, stderr };
}

let server: IntercomServer;
beforeAll(async () => {
  server = await startIntercomServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset({ routes: true }));

describe('help and version', () => {
  it('<command> --help prints that command\'s usage (stdout, exit 0), not the global one', async () => {
    const global = await cli(['--help']);
    expect(global.code).toBe(0);
    for (const command of COMMANDS) {
      const own = await cli([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout, command).toMatch(new RegExp(`^usage: intercom-ops ${command}\\b`));
      expect(own.stdout, command).not.toBe(global.stdout);
      // The global usage lists every command's synopsis.
      expect(global.stdout).toContain(`  ${command} `);
    }
    const run = (await cli(['run', '--help'])).stdout;
    for (const option of ['--all', '--output <file>', '--timeout <ms>', '--max-retries <n>', '--params-file <file>|-', '--region us|eu|au']) expect(run).toContain(option);
    expect((await cli(['help', 'describe'])).stdout).toMatch(/^usage: intercom-ops describe/);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${PACKAGE_VERSION}\n`);
    expect(PACKAGE_VERSION).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });

  it('a usage mistake of a command carries that command\'s usage', async () => {
    const { code, stderr } = await cli(['run', 'listTags', '--timeout', 'soon']);
    expect(code).toBe(2);
    const error = JSON.parse(stderr);
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/--timeout must be a whole number/) });
    expect(error.usage).toMatch(/^usage: intercom-ops run/);
  });
});

describe('run for scripts', () => {
  it('without a token: CONFIG naming INTERCOM_TOKEN (not options.token), exit 2, nothing sent', async () => {
    const { code, stderr } = await cli(['run', 'listTags', '--base-url', server.url], {}, {});
    expect(code).toBe(2);
    const error = JSON.parse(stderr);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/INTERCOM_TOKEN/);
    expect(error.message).not.toMatch(/options\.token/);
    expect(server.requests).toHaveLength(0);
  });

  it('region names in any case: --region EU and Au', async () => {
    const eu = JSON.parse((await cli(['run', 'listTags', '--region', 'EU', '--dry-run'])).stdout);
    expect(eu.requests[0].url).toBe('https://api.eu.intercom.io/tags');
    const au = JSON.parse((await cli(['run', 'listTags', '--region', 'Au', '--dry-run'])).stdout);
    expect(au.requests[0].url).toBe('https://api.au.intercom.io/tags');
  });

  it('--params-file - reads the params from stdin', async () => {
    const stdin = Readable.from([Buffer.from('{"id":'), Buffer.from('"991267921"}')]);
    const { code, stdout } = await cli(['run', 'get_admin', '--params-file', '-', '--dry-run'], { stdin });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).requests[0].url).toBe('https://api.intercom.io/admins/991267921');
    const bad = await cli(['run', 'get_admin', '--params-file', '-', '--dry-run'], { stdin: Readable.from(['[1]']) });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).message).toMatch(/--params-file - \(stdin\) must be a JSON object/);
  });

  it('--max-retries and --timeout reach the call', async () => {
    const busy = { status: 503, body: { type: 'error.list', errors: [{ code: 'service_unavailable', message: 'busy' }] } };
    server.on('GET', '/tags', [busy, { body: { type: 'list', data: [] } }]);
    const none = await cli(['run', 'listTags', '--base-url', server.url, '--max-retries', '0']);
    expect(none.code).toBe(3);
    expect(server.requests).toHaveLength(1);
    server.reset({ routes: true });
    server.on('GET', '/tags', [busy, { body: { type: 'list', data: [] } }]);
    const one = await cli(['run', 'listTags', '--base-url', server.url, '--max-retries', '1']);
    expect(one.code).toBe(0);
    expect(server.requests).toHaveLength(2);
    server.reset({ routes: true });
    server.on('GET', '/tags', async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { body: { type: 'list', data: [] } };
    });
    const slow = await cli(['run', 'listTags', '--base-url', server.url, '--timeout', '50', '--max-retries', '0']);
    expect(slow.code).toBe(4);
    expect(JSON.parse(slow.stderr).code).toBe('TIMEOUT');
  });

  it('--output <file>: a binary answer (downloadDataExport) written as its bytes; without --output it is refused before sending', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, 0x10, 0x80]);
    server.on('GET', '/download/content/data/{id}', { status: 200, headers: { 'content-type': 'application/octet-stream' }, raw: bytes });
    const refused = await cli(['run', 'downloadDataExport', '--params', '{"job_identifier":"job-1"}', '--base-url', server.url]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).message).toMatch(/answers bytes.*--output <file>/);
    expect(server.requests).toHaveLength(0);
    const file = join(mkdtempSync(join(tmpdir(), 'iops-cli-out-')), 'export.csv.gz');
    const written = await cli(['run', 'downloadDataExport', '--params', '{"job_identifier":"job-1"}', '--base-url', server.url, '--output', file]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(server.requests[0].headers.accept).toBe('application/octet-stream');
  });

  it('a binary answer of another --version (getDownloadReportingDataByJobIdentifier, 2.14+) is refused without --output, written as bytes with it', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x01, 0x02, 0xfe]);
    server.on('GET', '/download/reporting_data/{job_identifier}', { status: 200, headers: { 'content-type': 'application/octet-stream' }, raw: bytes });
    const args = ['run', 'getDownloadReportingDataByJobIdentifier', '--version', '2.14', '--params', '{"job_identifier":"j","app_id":"a"}', '--base-url', server.url];
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(refused.stderr)).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/answers bytes \(application\/octet-stream\).*--output <file>/) });
    expect(server.requests).toHaveLength(0);
    const file = join(mkdtempSync(join(tmpdir(), 'iops-cli-out-')), 'report.gz');
    const written = await cli([...args, '--output', file]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].path).toBe('/download/reporting_data/j');
    expect(server.requests[0].headers['intercom-version']).toBe('2.14');
    // An unknown version stays CONFIG (exit 2), nothing sent.
    const unknown = await cli(['run', 'getDownloadReportingDataByJobIdentifier', '--version', '2.99', '--params', '{"job_identifier":"j"}', '--base-url', server.url]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/unknown version "2\.99"/) });
    expect(server.requests).toHaveLength(1);
  });

  it('with an injected runner the binary-answer guard reads that runner\'s operations', async () => {
    const base = createRunner();
    // listTags marked as answering bytes in the injected registry only: the package's own
    // operations (of any version) say JSON, so only a guard reading these refuses it.
    const listTags = { ...base.operations.listTags, responseContentType: 'application/octet-stream' };
    const runner = { run: base.run, iterate: base.iterate, operations: { ...base.operations, listTags } };
    const refused = await cli(['run', 'listTags', '--base-url', server.url], { runner });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).message).toMatch(/listTags answers bytes \(application\/octet-stream\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('--output with a JSON answer writes the JSON into the file', async () => {
    server.on('GET', '/tags', { body: { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] } });
    const file = join(mkdtempSync(join(tmpdir(), 'iops-cli-out-')), 'tags.json');
    expect((await cli(['run', 'listTags', '--base-url', server.url, '--output', file])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).data[0].name).toBe('VIP');
  });

  it('describe shows the output fields (and the row fields of a list)', async () => {
    const text = (await cli(['describe', 'ListContacts'])).stdout;
    expect(text).toMatch(/output fields[^\n]*:\n {2}type: string\n {2}data: array of contact/);
    expect(text).toMatch(/row fields[^\n]*:\n {2}type: string\n {2}id: string/);
    const described = JSON.parse((await cli(['describe', 'retrieveAdmin', '--json'])).stdout);
    expect(described.outputFields).toContainEqual({ field: 'email', type: 'string' });
    expect(described.resultSchema).toMatchObject({ properties: { id: { type: 'string' } } });
    expect(described).not.toHaveProperty('rowSchema');
  });
});

describe('run --all', () => {
  it('one JSON object per line; an operation that does not page is UNSUPPORTED (exit 2)', async () => {
    server.on('GET', '/contacts', ({ request }) => {
      const after = request.query.get('starting_after');
      const next = after ? null : { starting_after: 'c1' };
      return { body: { type: 'list', data: [{ id: after ? 'b' : 'a' }], pages: { type: 'pages', next } } };
    });
    const { code, stdout } = await cli(['run', 'ListContacts', '--all', '--params', '{"per_page":150}', '--base-url', server.url]);
    expect(code).toBe(0);
    expect(stdout).toBe('{"id":"a"}\n{"id":"b"}\n');
    const refused = await cli(['run', 'retrieveAdmin', '--all', '--params', '{"id":1}', '--base-url', server.url]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).code).toBe('UNSUPPORTED');
  });

  it('--output <file>: a call that fails before its first row leaves an existing file as it was; one that succeeds writes the NDJSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iops-cli-out-')), 'rows.ndjson');
    writeFileSync(file, 'kept\n');
    server.on('GET', '/contacts', ({ request }) => {
      const after = request.query.get('starting_after');
      return { body: { type: 'list', data: [{ id: after ? 'b' : 'a' }], pages: { type: 'pages', next: after ? null : { starting_after: 'c1' } } } };
    });
    const invalid = await cli(['run', 'ListContacts', '--all', '--params', '{"per_page":"many"}', '--base-url', server.url, '--output', file]);
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.stderr).code).toBe('INVALID_PARAMS');
    const unsupported = await cli(['run', 'retrieveAdmin', '--all', '--params', '{"id":1}', '--base-url', server.url, '--output', file]);
    expect(unsupported.code).toBe(2);
    expect(JSON.parse(unsupported.stderr).code).toBe('UNSUPPORTED');
    expect(server.requests).toHaveLength(0);
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
    // A file that did not exist is not created by a failing call.
    const missing = join(mkdtempSync(join(tmpdir(), 'iops-cli-out-')), 'none.ndjson');
    expect((await cli(['run', 'retrieveAdmin', '--all', '--params', '{"id":1}', '--base-url', server.url, '--output', missing])).code).toBe(2);
    expect(existsSync(missing)).toBe(false);
    const ok = await cli(['run', 'ListContacts', '--all', '--base-url', server.url, '--output', file]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('{"id":"a"}\n{"id":"b"}\n');
    // A completed call with no rows writes the file empty.
    server.reset({ routes: true });
    server.on('GET', '/contacts', { body: { type: 'list', data: [], pages: { type: 'pages', next: null } } });
    expect((await cli(['run', 'ListContacts', '--all', '--base-url', server.url, '--output', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('a reader that closes early (the built bin piped into head -3): exit 0, nothing on stderr, no further pages fetched', { timeout: 60_000 }, async () => {
    const bin = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
    expect(existsSync(bin), 'dist/ is built by `npm run build`').toBe(true);
    const PAGES = 200;
    server.on('GET', '/contacts', ({ request }) => {
      const after = request.query.get('starting_after');
      const page = after ? Number(after.slice(1)) : 1;
      const data = Array.from({ length: 200 }, (_, i) => ({ type: 'contact', id: `${page}-${i}`, email: `u${page}-${i}@example.com` }));
      return { delayMs: 5, body: { type: 'list', data, pages: { type: 'pages', next: page < PAGES ? { starting_after: `p${page + 1}` } : null } } };
    });
    // bash gives the bin a real pipe into head, as a shell does, and exits with the bin's status.
    const script = 'set -u; "$0" "$1" run ListContacts --all --base-url "$2" | head -3; exit "${PIPESTATUS[0]}"';
    const child = spawn('bash', ['-c', script, process.execPath, bin, server.url], {
      env: { PATH: process.env.PATH, INTERCOM_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 3).map((line) => JSON.parse(line).id)).toEqual(['1-0', '1-1', '1-2']);
    // head took 3 lines; the bin stopped within a few pages of that instead of fetching all of them.
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.length).toBeLessThan(PAGES / 4);
  });

  it('100,000 rows over 100 pages: lines are written while pages are fetched, memory stays flat', { timeout: 120_000 }, async () => {
    const PAGES = 100;
    const ROWS = 1000;
    let lines = 0;
    /** Lines already written when each page was asked for. */
    const writtenAtRequest: number[] = [];
    // ListContacts pages by cursor (starting_after p<n>).
    server.on('GET', '/contacts', ({ request }) => {
      const after = request.query.get('starting_after');
      const page = after ? Number(after.slice(1)) : 1;
      writtenAtRequest.push(lines);
      const data = Array.from({ length: ROWS }, (_, i) => ({ type: 'contact', id: `${page}-${i}`, email: `u${page}-${i}@example.com` }));
      const next = page < PAGES ? { starting_after: `p${page + 1}` } : null;
      return { body: { type: 'list', data, pages: { type: 'pages', next } } };
    });
    let partial = '';
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk, _encoding, done) {
        partial += chunk.toString();
        const parts = partial.split('\n');
        partial = parts.pop()!;
        lines += parts.length;
        // A slow consumer: every write takes a turn of the event loop.
        setImmediate(done);
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const { code, stderr } = await cli(['run', 'ListContacts', '--all', '--base-url', server.url], { stdoutStream: sink });
    clearInterval(sampler);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toBe(PAGES * ROWS);
    expect(writtenAtRequest).toHaveLength(PAGES);
    // Streamed: each page is asked for only once the rows two pages before it were taken by the
    // output (what is in between sits in the stream's 64 KiB buffer); a run that gathered
    // everything first would ask for all pages with nothing written.
    for (let page = 3; page <= PAGES; page++) expect(writtenAtRequest[page - 1], `page ${page}`).toBeGreaterThanOrEqual((page - 3) * ROWS);
    expect(writtenAtRequest[PAGES - 1]).toBeGreaterThan(0);
    // Loosely bounded: the 100,000 rows as one array would be far larger than a few pages in flight.
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });
});
