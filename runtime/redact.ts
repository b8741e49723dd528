/**
 * Keeping the token out of everything an error or a plan exposes. Errors are built without it
 * (requests are described by method and URL only), and as a second line of defence every string
 * reachable from an error is scrubbed before it leaves run()/iterate(): a custom fetch or a proxy
 * may echo request headers in its own error text.
 */
import { IntercomOpsError } from './errors.js';

export const MASK = '***';
export const MASKED_AUTHORIZATION = `Bearer ${MASK}`;

/** Any `Bearer <credential>` text, whatever the token: covers echoes of other callers' tokens too. */
const BEARER_PATTERN = /\bBearer\s+[^\s"',;}\]]+/gi;

/**
 * Every spelling of the token that can reach an error's text: as is, percent-encoded (echoed in a
 * URL or form body) and JSON-escaped (echoed inside a JSON string). Longest first, so a longer
 * spelling is masked whole before a shorter one that it contains.
 */
function tokenForms(token: string): string[] {
  const forms = new Set([token, JSON.stringify(token).slice(1, -1)]);
  try {
    forms.add(encodeURIComponent(token));
  } catch {
    // Lone surrogates cannot be percent-encoded; such a token is refused by resolveOptions anyway.
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Masks every occurrence of the token, whatever its length (resolveOptions refuses implausibly
 * short tokens, but one that got this far must still never appear), then any `Bearer …` text.
 */
export function redactText(text: string, token: string | undefined): string {
  let out = text;
  if (typeof token === 'string' && token !== '') for (const form of tokenForms(token)) out = out.split(form).join(MASK);
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
