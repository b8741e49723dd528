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

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

function percentEncoded(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined; // a lone surrogate has no UTF-8 form
  }
}

/**
 * The ways a server, proxy or encoder can spell a text when it echoes it: as is; percent-encoded
 * with upper- or lower-case hex (encodeURIComponent, encodeURI, every byte); form-encoded
 * (`URLSearchParams`: `+` for a space, `!'()~` encoded too); JSON-escaped once or twice, with
 * `\/` for `/`, or every character as `\u00XX`.
 */
function spellings(text: string): string[] {
  const out = new Set<string>([text]);
  const percent = percentEncoded(text);
  if (percent !== undefined) {
    const everyByte = [...new TextEncoder().encode(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const form = new URLSearchParams([['', text]]).toString().slice(1);
    for (const encoded of [percent, encodeURI(text), everyByte, form]) out.add(encoded).add(lowerHex(encoded));
  }
  const json = jsonEscaped(text);
  out.add(json).add(jsonEscaped(json)).add(json.replace(/\//g, '\\/'));
  const unicode = [...text].map((char) => (char.length === 1 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char)).join('');
  out.add(unicode).add(unicode.toUpperCase().replace(/\\U/g, '\\u'));
  return [...out];
}

/** base64 text only has `+`, `/` and `=` to escape: as is, percent-encoded (either case), `\/`. */
function base64Spellings(text: string): string[] {
  const percent = text.replace(/[+/=]/g, (char) => encodeURIComponent(char));
  return [text, percent, lowerHex(percent), text.replace(/\//g, '\\/')];
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
 * Every spelling that is masked: those of the token itself, then base64/base64url encodings of
 * the token, of `Bearer <token>` and of the basic-auth-like `<token>:` and `:<token>` (whole,
 * padded or not), and the alignment cores that find it inside any longer base64 text. The
 * encodings are taken of the token as is and, where it differs, JSON-escaped (a JSON document
 * holding the token, then base64-encoded).
 */
function tokenSpellings(token: string): string[] {
  const all = new Set(spellings(token));
  for (const text of new Set([token, jsonEscaped(token)])) {
    const bytes = new TextEncoder().encode(text);
    for (const url of [false, true]) {
      for (const wrapped of [text, `Bearer ${text}`, `${text}:`, `:${text}`]) {
        const encoded = base64(new TextEncoder().encode(wrapped), url);
        for (const form of [encoded, encoded.replace(/=+$/, '')]) base64Spellings(form).forEach((s) => all.add(s));
      }
      for (const core of base64Cores(bytes, url)) base64Spellings(core).forEach((s) => all.add(s));
    }
  }
  return [...all];
}

const patterns = new Map<string, RegExp>();
/** Distinct tokens whose patterns are kept (a connector runtime serves many workspaces). */
const MAX_CACHED_PATTERNS = 64;

/** One pattern of every spelling, longest first: a longer spelling is masked whole, not in part. */
function tokenPattern(token: string): RegExp {
  let pattern = patterns.get(token);
  if (!pattern) {
    const alternatives = tokenSpellings(token).sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(alternatives.join('|'), 'g');
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
