/** Where the tests find the read-only shared inputs (set by vitest.config.ts or the caller). */
import { join } from 'node:path';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the tests read ../shared (see README)`);
  return value;
}

export const OPENAPI_DIR = required('INTERCOM_OPENAPI_DIR');
export const SEEDS_DIR = required('INTERCOM_SEEDS_DIR');
export const V1_OPERATION_LIST = join(SEEDS_DIR, '003_b2a2c90f9c17081c.txt');
/** The official SDK's wire tests (requests it sends), as recorded in ../shared/conformance. */
export const CONFORMANCE_FILE = required('INTERCOM_CONFORMANCE_FILE');
