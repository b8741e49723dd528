/**
 * Small helpers the company, tag, event and count operations share to enforce documented rules
 * before anything is sent.
 */
import { InvalidParamsError, UnsupportedError } from '../../runtime/errors.js';
import type { BindingContext } from '../types.js';

/** INVALID_PARAMS for a documented rule the params break (thrown before anything is sent). */
export function invalidParam(ctx: BindingContext, path: string, message: string): InvalidParamsError {
  return new InvalidParamsError(`${ctx.operation}: ${path.replace(/^\//, '')} ${message}`, {
    operation: ctx.operation,
    issues: [{ path, message }],
  });
}

/** UNSUPPORTED: the current API has no encoding for this parameter (as used). */
export function unsupported(ctx: BindingContext, parameter: string, why: string): UnsupportedError {
  return new UnsupportedError(`${ctx.operation}: ${parameter} ${why}`, { operation: ctx.operation, parameter });
}

/** A non-empty string value, or undefined (form tools send "" for fields left blank). */
export function given(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}
