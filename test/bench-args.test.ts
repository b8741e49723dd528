/**
 * The benchmarks' command lines (bench/processes.ts's benchOptions, node:util parseArgs): an
 * unknown option, a missing value, a number that is not positive or a value outside an option's
 * choices is refused before anything runs, naming the option, with exit code 2. Runs tsc's dist/bench/ (`npm run build`); each
 * process is killed after a few seconds, so a benchmark that starts instead of refusing fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../spec/repo-root.js';

function bench(script: string, args: string[]) {
  const child = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'bench', script), ...args], { encoding: 'utf8', timeout: 10_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('bench command lines', () => {
  it('refuses an unknown option, naming it, with the usage line', () => {
    const { status, stderr } = bench('stages.js', ['--quick', '--bogus', '3']);
    expect(status).toBe(2);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain('usage: node dist/bench/stages.js [--quick]');
  });

  it('refuses a number that is not positive, and an option without its value', () => {
    for (const value of ['0', '=-5', 'many', '2.5']) {
      const args = value.startsWith('=') ? [`--rounds${value}`] : ['--rounds', value];
      const { status, stderr } = bench('stages.js', args);
      expect(status, value).toBe(2);
      expect(stderr, value).toContain('--rounds takes a positive whole number');
    }
    const missing = bench('dispatch.js', ['--quick', '--flight-calls']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Option '--flight-calls <value>' argument missing");
  });

  it('refuses a value outside an option\'s choices, listing them', () => {
    const { status, stderr } = bench('client-cpu.js', ['--scenario', 'retrieveAdmin']);
    expect(status).toBe(2);
    expect(stderr).toContain('--scenario takes one of listTags, SearchContacts, archive_user, not "retrieveAdmin"');
  });

  it('validation-scale (parseArgs of its own) refuses alike', () => {
    expect(bench('validation-scale.js', ['--rounds', '0'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--rounds takes a positive whole number') });
    expect(bench('validation-scale.js', ['--bogus'])).toMatchObject({ status: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
  });

  it('takes the flags scripts pass to their own children (refused for what they lack, never as unknown)', () => {
    const native = bench('stages.js', ['--native-child', '--rounds', '1', '--calls', '1']);
    expect(native.status).not.toBe(0);
    expect(native.stderr).toContain('--native-child runs with --import of bench/ready-fetch.js');
    const child = bench('streaming.js', ['--child', 'raw fetch loop']);
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('--child runs against the server at --base-url');
    const preloaded = bench('dispatch.js', ['--against-preloaded', '--help']);
    expect(preloaded).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: node dist/bench/dispatch.js') });
  });

  it('--help prints the usage line and exits 0', () => {
    const { status, stdout } = bench('dispatch.js', ['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('usage: node dist/bench/dispatch.js [--quick] [--rounds 41]');
  });

  it('every benchmark script answers --help with its usage (none starts measuring)', () => {
    // Modules that are not run from the command line: shared helpers and the fetch preload.
    const notScripts = new Set(['processes.js', 'ready-fetch.js', 'scenarios.js']);
    const scripts = readdirSync(join(REPO_ROOT, 'dist', 'bench')).filter((name) => name.endsWith('.js') && !notScripts.has(name));
    expect(scripts).toEqual(expect.arrayContaining(['dispatch.js', 'client-cpu.js', 'stages.js', 'streaming.js', 'page-cpu.js', 'index.js']));
    for (const script of scripts) {
      const { status, stdout } = bench(script, ['--help']);
      expect(status, script).toBe(0);
      expect(stdout, script).toMatch(/^usage: (node dist\/bench\/|npm run bench)/);
    }
  });
});
