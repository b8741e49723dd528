import { existsSync } from 'node:fs';

/** Fail the whole run loudly (never skip) when the shared inputs are not where the env says. */
export default function setup(): void {
  for (const name of ['INTERCOM_OPENAPI_DIR', 'INTERCOM_SEEDS_DIR']) {
    const dir = process.env[name];
    if (!dir || !existsSync(dir)) {
      throw new Error(`${name}=${dir ?? '(unset)'} does not exist: the tests read ../shared (see README)`);
    }
  }
}
