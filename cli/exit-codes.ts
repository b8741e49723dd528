/** Exit codes of the `intercom-ops` CLI: what a script branches on. */
import type { ErrorCode } from '../runtime/errors.js';

export const EXIT_OK = 0;
/** Usage errors, unknown operations, invalid params: the caller must change the command. */
export const EXIT_USAGE = 2;
/** Intercom answered with an error or an invalid answer (or a lookup answered none / several). */
export const EXIT_API = 3;
/** The request did not complete: network failure, timeout, abort. */
export const EXIT_TRANSPORT = 4;
/** A defect (INTERNAL); `generate --check` found stale output; generation failed; `diff` found a v1 binding broken. */
export const EXIT_FAILED = 1;

const BY_CODE: Record<ErrorCode, number> = {
  INVALID_PARAMS: EXIT_USAGE,
  UNKNOWN_OPERATION: EXIT_USAGE,
  // The parameters cannot be carried out on the current API: the command must change.
  UNSUPPORTED: EXIT_USAGE,
  // Missing token or bad region: fixed by the caller, like a usage error.
  CONFIG: EXIT_USAGE,
  // Lookups are answers from Intercom: the command was fine, the data was not there.
  NOT_FOUND: EXIT_API,
  AMBIGUOUS: EXIT_API,
  API_ERROR: EXIT_API,
  RATE_LIMITED: EXIT_API,
  // Intercom answered, but not what the spec promises: like an API error, the command was fine.
  INVALID_RESPONSE: EXIT_API,
  TIMEOUT: EXIT_TRANSPORT,
  NETWORK: EXIT_TRANSPORT,
  ABORTED: EXIT_TRANSPORT,
  // A defect of the package: the command was fine, so not a usage error.
  INTERNAL: EXIT_FAILED,
};

export function exitCodeFor(code: ErrorCode): number {
  return BY_CODE[code];
}
