/**
 * Everything a v1 operation puts into a URL path is checked before its binding runs, with the
 * same rules a request's path values are built with (runtime/request.ts pathValueProblem): a bad
 * `conversation_id` is INVALID_PARAMS with nothing sent, even where the binding would first make a
 * lookup (GET /me) and only then fill the path. Which params fill path slots is data: a data
 * binding's `path`, or a function binding's declared `pathParams`.
 */
import type { BindingFunction } from '../runtime/binding-api.js';
import { InvalidParamsError, type ParamIssue } from '../runtime/errors.js';
import { encodePointerToken, parsePointer } from '../runtime/json-pointer.js';
import { pathValueProblem } from '../runtime/request.js';
import type { V1Operation } from './types.js';

/** A token of a declared pointer that stands for every item of an array (the ids of all `$body.users`). */
const EVERY_ITEM = '*';

/** The JSON pointers (into the v1 params) of every value the operation may put in a path. */
export function pathParamsOf(op: V1Operation): string[] {
  const binding = op.binding;
  if (typeof binding !== 'function') return (binding.path ?? []).map((name) => `/${name}`);
  return [...(op.pathParams ?? [])];
}

/** Each value present at `tokens` (a `*` token stands for every item of an array), with its own pointer. */
function valuesAt(node: unknown, tokens: readonly string[], at = ''): Array<[string, unknown]> {
  if (tokens.length === 0) return node === undefined ? [] : [[at, node]];
  const [token, ...rest] = tokens as [string, ...string[]];
  if (token === EVERY_ITEM) {
    return Array.isArray(node) ? node.flatMap((item, index) => valuesAt(item, rest, `${at}/${index}`)) : [];
  }
  if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, token)) return [];
  return valuesAt((node as Record<string, unknown>)[token], rest, `${at}/${encodePointerToken(token)}`);
}

/** The problems of the path-bound values present in `params` (absent ones are the binding's to require). */
export function pathParamIssues(params: Record<string, unknown>, pointers: readonly string[]): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const pointer of pointers) {
    for (const [path, value] of valuesAt(params, parsePointer(pointer))) {
      // null is an absent optional value to the bindings (`given()`), never a path value.
      if (value === null) continue;
      const problem = pathValueProblem(value);
      if (problem) issues.push({ path, message: problem });
    }
  }
  return issues;
}

/** The binding, behind the path-value check of the params it may put in a path. */
export function withPathChecks(op: V1Operation, binding: BindingFunction): BindingFunction {
  const pointers = pathParamsOf(op);
  if (pointers.length === 0) return binding;
  return async (params, ctx) => {
    const issues = pathParamIssues(params, pointers);
    if (issues.length) {
      const listed = issues.map((i) => `${i.path} ${i.message}`).join('; ');
      throw new InvalidParamsError(`${ctx.operation}: invalid params: ${listed}`, { operation: ctx.operation, issues });
    }
    return binding(params, ctx);
  };
}
