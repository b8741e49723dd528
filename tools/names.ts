/**
 * Tool names. OpenAI function names and MCP clients that hand tools to a model accept
 * `^[a-zA-Z0-9_-]{1,64}$` (Anthropic allows up to 128 of the same characters), so every tool name
 * is kept within it. Today every registry name already matches and is used as is.
 *
 * The rename rule, for a name that does not match: each character outside `[A-Za-z0-9_-]` becomes
 * `_`, the result is cut to 55 characters, and `_` plus 8 hex digits of the FNV-1a hash of the
 * original name is appended (at most 64 characters). The hash keeps two names that differ only in
 * replaced characters apart, and the same name always gets the same tool name.
 */

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const KEPT_LENGTH = 55;

/** 32-bit FNV-1a over the UTF-16 code units, as 8 hex digits: small, portable, deterministic. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function toolNameFor(operationName: string): string {
  if (TOOL_NAME_PATTERN.test(operationName)) return operationName;
  const replaced = operationName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, KEPT_LENGTH);
  return `${replaced}_${fnv1a(operationName)}`;
}
