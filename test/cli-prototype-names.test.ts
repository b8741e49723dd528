/**
 * Names that are members of Object.prototype (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`, …) are not commands and not operations: a usage error or UNKNOWN_OPERATION,
 * exit 2, one JSON object on stderr, never a stack trace.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toLocaleString'];

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {} });
  return { code, stdout, stderr };
}

function expectOneJsonError(stderr: string, code: string): Record<string, unknown> {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const error = JSON.parse(lines[0]);
  expect(error.code).toBe(code);
  expect(stderr).not.toMatch(/\n\s+at /);
  return error;
}

describe('Object.prototype member names', () => {
  it.each(PROTOTYPE_NAMES)('as a command: %s is a usage error (exit 2)', async (name) => {
    const { code, stdout, stderr } = await cli([name]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(expectOneJsonError(stderr, 'USAGE').message).toBe(`unknown command ${JSON.stringify(name)}`);
  });

  it.each(PROTOTYPE_NAMES)('as an operation of describe and run: %s is UNKNOWN_OPERATION (exit 2)', async (name) => {
    for (const argv of [['describe', name], ['describe', name, '--json'], ['run', name, '--dry-run']]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(expectOneJsonError(stderr, 'UNKNOWN_OPERATION')).toMatchObject({ operation: name });
    }
  });

  it('the installed bin answers `constructor` and `describe __proto__` the same way, without a stack trace', async () => {
    const bin = join(__dirname, '..', 'dist', 'cli', 'bin.js');
    expect(existsSync(bin), 'dist/ is built by `npm ci` (prepare) — run the README set-up').toBe(true);
    for (const [argv, code] of [[['constructor'], 'USAGE'], [['describe', '__proto__'], 'UNKNOWN_OPERATION']] as const) {
      const failure = await promisify(execFile)(process.execPath, [bin, ...argv]).then(
        () => {
          throw new Error(`${argv.join(' ')} exited 0`);
        },
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure.code).toBe(2);
      expectOneJsonError(failure.stderr, code);
    }
  });
});
