import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The prefix of the run's temporary folder (test/temp-dir.test.ts checks that tests write there). */
export const RUN_TMP_PREFIX = 'intercom-ops-test-';

/**
 * Fail the whole run loudly (never skip) when the shared inputs are not where the env says. Every
 * temporary file of the run (test workers, and the processes they spawn with their environment,
 * read TMPDIR) goes in one folder of its own, removed when the run ends: generated trees and
 * caches are not left behind in the machine's /tmp, run after run. The teardown puts TMPDIR back,
 * so a setup run again in the same process (vitest's watch mode) starts from the machine's.
 */
export default function setup(): () => void {
  for (const name of ['INTERCOM_OPENAPI_DIR', 'INTERCOM_SEEDS_DIR']) {
    const dir = process.env[name];
    if (!dir || !existsSync(dir)) {
      throw new Error(`${name}=${dir ?? '(unset)'} does not exist: the tests read ../shared (see README)`);
    }
  }
  const before = process.env.TMPDIR;
  const runTmp = mkdtempSync(join(tmpdir(), RUN_TMP_PREFIX));
  process.env.TMPDIR = runTmp;
  return () => {
    rmSync(runTmp, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
