/**
 * The key of a workspace's budget and scroll lock. By default a hash of the token: the token
 * itself is never stored in or sent to Redis, and the hash cannot be turned back into it. The
 * base URL goes into the hash too: a budget belongs to the server that enforces it (a proxy, a
 * proxy's route or a test server with the same token is another limiter).
 */
import { createHash } from 'node:crypto';

/** 128 bits of SHA-256: collisions between workspaces are out of reach. */
const KEY_HEX_DIGITS = 32;

export function workspaceKey(token: string, baseUrl: string, workspace: string | undefined): string {
  if (workspace !== undefined) return workspace;
  return createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex').slice(0, KEY_HEX_DIGITS);
}
