/**
 * The run's temporary files go in its own folder (test/support/global-setup.ts), which the run
 * removes when it ends: here and in the processes tests spawn.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_TMP_PREFIX } from './support/global-setup.js';

describe('temporary files of the run', () => {
  it('go in the run folder, in the worker and in a spawned process', () => {
    expect(basename(tmpdir()).startsWith(RUN_TMP_PREFIX)).toBe(true);
    const child = spawnSync(process.execPath, ['-p', "require('node:os').tmpdir()"], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe(tmpdir());
    expect(basename(dirname(tmpdir())).startsWith(RUN_TMP_PREFIX)).toBe(false);
  });
});
