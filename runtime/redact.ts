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

export function redactText(text: string, token: string | undefined): string {
  let out = text;
  // Short tokens would mask ordinary words; a real Intercom token is long.
  if (token && token.length >= 4) out = out.split(token).join(MASK);
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
