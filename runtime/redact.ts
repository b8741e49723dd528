/**
 * Keeping the token out of everything an error or a plan exposes. Errors are built without it
 * (requests are described by method and URL only), and as a second line of defence every string
 * reachable from an error is scrubbed before it leaves run()/iterate(): a custom fetch or a proxy
 * may echo request headers in its own error text.
 */
import { IntercomOpsError } from './errors.js';

export const MASK = '***';
export const MASKED_AUTHORIZATION = `Bearer ${MASK}`;

/**
 * Tokens shorter than this are refused (CONFIG, options.ts) and never used as a mask pattern:
 * masking every occurrence of a short token garbles words that merely contain its letters
 * (`admin` would turn the operation `get_admin` into `get_***`). Intercom tokens are ~60
 * characters; eight random ones are already an implausible accident inside a word.
 */
export const MIN_TOKEN_LENGTH = 8;

/**
 * Any `Bearer <credential>` text, whatever the token: covers echoes of other callers' tokens too.
 * A credential here has at least 8 characters and a digit, so prose ("Bearer tokens are
 * required", "Bearer authentication") is left as it is.
 */
const BEARER_PATTERN = /\bBearer\s+(?=[^\s"',;}\]]*\d)[^\s"',;}\]]{8,}/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `2f` → `2[fF]`: hex digits in either case. */
function anyCaseHex(hex: string): string {
  return [...hex].map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit)).join('');
}

/**
 * Every way one character of the token can be spelled in text that echoes it: as is;
 * percent-encoded (any byte, hex in either case: URLs, form bodies, lower-case encoders); `+`
 * for a space (form encoding); JSON-escaped once or twice (`\"`, `\\"`, `\/`, `\u0041`).
 */
function characterPattern(char: string): string {
  const spellings = new Set<string>([escapeRegExp(char)]);
  const code = char.codePointAt(0)!;
  // A lone surrogate has no UTF-8 form (an encoder would substitute U+FFFD): no percent spelling.
  if (code < 0xd800 || code > 0xdfff) {
    const utf8 = new TextEncoder().encode(char);
    spellings.add([...utf8].map((byte) => `%${anyCaseHex(byte.toString(16).padStart(2, '0'))}`).join(''));
  }
  if (char === ' ') spellings.add('\\+');
  const json = JSON.stringify(char).slice(1, -1);
  if (json !== char) {
    spellings.add(escapeRegExp(json));
    spellings.add(escapeRegExp(JSON.stringify(json).slice(1, -1)));
  }
  if (char === '/') spellings.add(escapeRegExp('\\/'));
  if (char.length === 1) spellings.add(`\\\\u${anyCaseHex(char.charCodeAt(0).toString(16).padStart(4, '0'))}`);
  return spellings.size === 1 ? [...spellings][0] : `(?:${[...spellings].join('|')})`;
}

function textPattern(text: string): string {
  return [...text].map(characterPattern).join('');
}

function base64(bytes: Uint8Array, url: boolean): string {
  return Buffer.from(bytes).toString(url ? 'base64url' : 'base64');
}

/**
 * The base64 characters that depend only on the token's bytes, for each of the three alignments
 * it can have inside a longer base64 text (`Bearer <token>`, `<user>:<token>`, a JSON blob):
 * encoding `offset` leading bytes plus the token and dropping the characters that mix in bytes
 * before or after it. Whatever surrounds the token, one of these three appears in the encoding.
 */
function base64Cores(token: Uint8Array, url: boolean): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + token.length);
    padded.set(token, offset);
    const encoded = base64(padded, url).replace(/=+$/, '');
    // Leading characters that hold bits of the `offset` bytes before the token.
    const head = [0, 2, 3][offset];
    // A final partial group's last character mixes in bits of what follows the token.
    const tail = (offset + token.length) % 3 === 0 ? 0 : 1;
    const core = encoded.slice(head, encoded.length - tail);
    if (core.length > 0) cores.push(core);
  }
  return cores;
}

/**
 * The texts whose every spelling is masked: the token itself, and base64/base64url encodings of
 * the token, of `Bearer <token>` and of the basic-auth-like `<token>:` and `:<token>` (whole,
 * padded or not), then the alignment cores that find it inside any longer base64 text.
 */
function tokenTexts(token: string): string[] {
  const bytes = new TextEncoder().encode(token);
  const whole: string[] = [];
  for (const url of [false, true]) {
    for (const wrapped of [token, `Bearer ${token}`, `${token}:`, `:${token}`]) {
      const encoded = base64(new TextEncoder().encode(wrapped), url);
      whole.push(encoded, encoded.replace(/=+$/, ''));
    }
  }
  const cores = [false, true].flatMap((url) => base64Cores(bytes, url));
  // Longest first within each group, wholes before cores: a longer spelling is masked whole.
  const byLength = (a: string, b: string) => b.length - a.length;
  return [...new Set([token, ...whole.sort(byLength), ...cores.sort(byLength)])];
}

const patterns = new Map<string, RegExp>();
/** Distinct tokens whose patterns are kept (a connector runtime serves many workspaces). */
const MAX_CACHED_PATTERNS = 64;

function tokenPattern(token: string): RegExp {
  let pattern = patterns.get(token);
  if (!pattern) {
    pattern = new RegExp(tokenTexts(token).map(textPattern).join('|'), 'g');
    if (patterns.size >= MAX_CACHED_PATTERNS) patterns.delete(patterns.keys().next().value!);
    patterns.set(token, pattern);
  }
  return pattern;
}

/**
 * Masks every spelling of the token (see characterPattern and tokenTexts), then any
 * `Bearer <credential>` text. A token shorter than MIN_TOKEN_LENGTH is not used as a pattern
 * (resolveOptions refuses it, so it was never sent); nothing but the token's spellings changes.
 */
export function redactText(text: string, token: string | undefined): string {
  let out = text;
  if (typeof token === 'string') {
    for (const candidate of new Set([token, token.trim()])) {
      if (candidate.length >= MIN_TOKEN_LENGTH) out = out.replace(tokenPattern(candidate), MASK);
    }
  }
  return out.replace(BEARER_PATTERN, MASKED_AUTHORIZATION);
}

function redactValue(value: unknown, token: string | undefined, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value, token);
  if (!value || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = redactValue(value[i], token, seen);
    return value;
  }
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor && descriptor.writable) {
      (value as Record<string, unknown>)[key] = redactValue(descriptor.value, token, seen);
    } else if (descriptor && 'value' in descriptor && typeof descriptor.value === 'string') {
      Object.defineProperty(value, key, { ...descriptor, value: redactText(descriptor.value, token) });
    } else if (descriptor && 'value' in descriptor) {
      redactValue(descriptor.value, token, seen);
    }
  }
  return value;
}

/** Scrubs an error in place (message, stack, every property) and drops any `cause`. */
export function redactError<E extends IntercomOpsError>(error: E, token: string | undefined): E {
  error.message = redactText(error.message, token);
  if (typeof error.stack === 'string') error.stack = redactText(error.stack, token);
  // A cause could be a raw transport error holding the request (and its headers): never keep one.
  if ('cause' in error) delete (error as { cause?: unknown }).cause;
  redactValue(error, token, new WeakSet());
  return error;
}
