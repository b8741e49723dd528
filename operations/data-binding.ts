/**
 * Single-call v1 bindings are data (`DataBinding`); this turns one into the same kind of function
 * that multi-step bindings are, so the runtime runs every v1 operation the same way.
 */
import type { BindingContext, BindingFunction, TargetRequest } from '../runtime/binding-api.js';
import { withPathChecks } from './path-params.js';
import { withResultsPath } from './results-path.js';
import type { DataBindingShape, CanonicalContext, V1Operation } from './types.js';

/**
 * The runtime's context seen through the canonical version's operation map. Types only: it is the
 * same object, which resolves every canonical target name and validates every translated request
 * against the target's own schema at run time; the map lets the compiler check the bindings too.
 */
function canonicalView(ctx: BindingContext): CanonicalContext {
  return ctx as unknown as CanonicalContext;
}

/** List operations answer pages (`ctx.list`) so `resultsPath`, `maxItems` and `iterate()` work for them. */
function isListOperation(op: V1Operation): boolean {
  return op.resultsPath !== undefined;
}

/** The binding as written: a function, or a data binding turned into one. */
function ownBinding(op: V1Operation): BindingFunction {
  const binding = op.binding;
  if (typeof binding === 'function') return (params, ctx) => binding(params, canonicalView(ctx));
  // Data, not code: the target is checked when the registry is generated and the request built from
  // the mapping against the target's schema at run time, so this call is the runtime's loose one.
  if (isListOperation(op)) return async (params, ctx) => ctx.list(binding.target, requestFromData(binding, params));
  return (params, ctx) => ctx.call(binding.target, requestFromData(binding, params));
}

export function requestFromData(binding: DataBindingShape, params: Record<string, any>): TargetRequest {
  const request: TargetRequest = {};
  if (binding.path) request.path = binding.path.map((name) => params[name]);
  if (binding.query) {
    const query: Record<string, unknown> = {};
    for (const [targetName, v1Name] of Object.entries(binding.query)) {
      if (v1Name !== undefined && params[v1Name] !== undefined) query[targetName] = params[v1Name];
    }
    if (Object.keys(query).length) request.query = query;
  }
  if (binding.body === 'pass' || binding.fixedBody) {
    const passed = binding.body === 'pass' && params.$body && typeof params.$body === 'object' ? params.$body : {};
    request.body = { ...passed, ...binding.fixedBody };
  }
  return request;
}

/**
 * What the runtime runs for a v1 operation: its binding, behind the check of every value it may
 * put in a path and, on the list operations, behind `resultsPath`.
 */
export function bindingFunction(op: V1Operation): BindingFunction {
  const binding = withPathChecks(op, ownBinding(op));
  return isListOperation(op) ? withResultsPath(binding) : binding;
}
