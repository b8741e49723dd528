/**
 * The run's temporary files go in its own folder (test/support/global-setup.ts), which the run
 * removes when it ends: here and in the processes tests spawn with their environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import setup, { RUN_TMP_PREFIX } from './support/global-setup.js';

describe('temporary files of the run', () => {
  it('go in the run folder, in the worker and in a spawned process', () => {
    expect(basename(tmpdir()).startsWith(RUN_TMP_PREFIX)).toBe(true);
    const child = spawnSync(process.execPath, ['-p', "require('node:os').tmpdir()"], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe(tmpdir());
  });

  it('the teardown removes the folder and puts TMPDIR back, so the setup can run again (watch mode)', () => {
    const outer = process.env.TMPDIR;
    for (let round = 0; round < 2; round++) {
      const teardown = setup();
      const folder = tmpdir();
      expect(dirname(folder)).toBe(outer);
      expect(existsSync(folder)).toBe(true);
      teardown();
      expect(existsSync(folder)).toBe(false);
      expect(process.env.TMPDIR).toBe(outer);
    }
  });
});
