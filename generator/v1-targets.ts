/**
 * The v1 catalog's shape and the one resolver of its 2.x targets, used by `generate` (the
 * registry's resolvedCalls) and by `diff` (the binding report) alike: same rule, same reasons.
 *
 * A v1 operation names its targets by canonical (2.10) operationId. In a given version a target
 * resolves to the operation at its method + route shape (URLs never change between versions;
 * path-parameter names do) whose name is the canonical operationId or one of the target's
 * listed aliases (lisDataAttributes is listDataAttributes in 2.11).
 */
import type { Target, V1OperationInput } from '../operations/types.js';
import type { HttpMethod } from '../runtime/http-methods.js';
import { routeShape } from '../spec/model.js';

export interface V1Catalog {
  operations: readonly V1OperationInput[];
  targets: Readonly<Record<string, Target>>;
}

/** What resolution reads of an operation: registry entries and spec-model operations both have it. */
export interface RoutedOperation {
  name: string;
  method: HttpMethod;
  path: string;
}

export type TargetResolution<T extends RoutedOperation> =
  | { ok: true; target: Target; operation: T }
  | { ok: false; reason: string };

/** Resolves the catalog target `id` among the operations of one spec version. */
export function resolveTarget<T extends RoutedOperation>(
  id: string,
  targets: Readonly<Record<string, Target>>,
  operations: readonly T[],
  version: string,
): TargetResolution<T> {
  const target = targets[id];
  if (!target) return { ok: false, reason: 'not in the catalog of targets (operations/targets.ts)' };
  const wanted = `${target.method} ${target.route}`;
  const spellings = [target.operationId, ...(target.aliases ?? [])];
  const atRoute = operations.find((o) => o.method === target.method && routeShape(o.path) === target.route);
  if (atRoute && spellings.includes(atRoute.name)) return { ok: true, target, operation: atRoute };
  if (atRoute) {
    const known = spellings.map((s) => `"${s}"`).join(' or ');
    return { ok: false, reason: `${wanted} is "${atRoute.name}" in ${version}, not ${known} (list the new spelling in the target's aliases?)` };
  }
  const moved = operations.find((o) => spellings.includes(o.name));
  return {
    ok: false,
    reason: moved
      ? `${target.operationId} moved to ${moved.method} ${moved.path} in ${version} (bound to ${wanted})`
      : `no ${wanted} (${target.operationId}) in ${version}`,
  };
}
