/**
 * Relaxations of the spec's request schemas: places where the schema, as written, rejects
 * requests that the API accepts (and that the spec itself documents). Two sources, both applied
 * to the generated paramsSchema only (the types in schema.ts are untouched) and every one
 * reported in the manifest and by generate():
 * - listed ones (RELAXATIONS), for a known operation;
 * - detected ones (rule overlapping-oneOf, detectOverlappingOneOfs): a `oneOf` one of whose
 *   branches accepts everything another branch accepts. Every value valid for the contained
 *   branch then matches two branches, which `oneOf` refuses, so that branch can never be used:
 *   the `oneOf` becomes an `anyOf` (a value must still match at least one branch).
 */
import { ajvAccepts, sampleValue, type SampleOptions } from '../runtime/example-params.js';
import { createGateAjv } from './ajv-check.js';
import { encodePointerToken, resolvePointer } from '../runtime/json-pointer.js';
import type { JsonSchema } from '../runtime/registry-types.js';

export interface Relaxation {
  id: string;
  /** Registry name of the operation. */
  operation: string;
  /** JSON pointer into the operation's paramsSchema. */
  pointer: string;
  change: 'oneOf-to-anyOf';
  reason: string;
}

/** The id of every relaxation found by the overlapping-oneOf rule (the pointer tells them apart). */
export const OVERLAPPING_ONE_OF = 'overlapping-oneOf';

export interface AppliedRelaxation {
  id: string;
  operation: string;
  pointer: string;
  change: Relaxation['change'];
  reason: string;
}

export const RELAXATIONS: readonly Relaxation[] = [
  {
    id: 'createTag-body-anyOf',
    operation: 'createTag',
    pointer: '/properties/$body',
    change: 'oneOf-to-anyOf',
    reason:
      'The body branches overlap: {name, companies} matches both "Create or Update Tag Request Payload" and ' +
      '"Tag Company Request Payload" (and {name, users} matches two as well), so a strict oneOf rejects the ' +
      'documented tag-companies and tag-users requests. anyOf accepts a body that matches at least one branch.',
  },
];

let accepts: NonNullable<SampleOptions['accepts']> | undefined;

function branchName(branch: JsonSchema, index: number): string {
  const title = typeof branch.title === 'string' ? branch.title : typeof branch.$ref === 'string' ? branch.$ref.split('/').pop() : undefined;
  return `branch ${index + 1}${title ? ` ("${decodeURIComponent(title)}")` : ''}`;
}

/** Every `oneOf` node of a schema with its JSON pointer, in document order. */
function* oneOfNodes(node: unknown, pointer = ''): Generator<[string, JsonSchema]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* oneOfNodes(node[i], `${pointer}/${i}`);
  } else if (node && typeof node === 'object') {
    if (Array.isArray((node as JsonSchema).oneOf) && ((node as JsonSchema).oneOf as unknown[]).length > 1) yield [pointer, node as JsonSchema];
    for (const [key, child] of Object.entries(node)) yield* oneOfNodes(child, `${pointer}/${encodePointerToken(key)}`);
  }
}

/**
 * Where branch `outer` accepts what branch `inner` does: both of inner's samples (its required
 * properties only, and every property) are valid for inner and for outer. A branch that accepts
 * anything (no assertion at all, updateDataAttribute's "other type") contains every other one;
 * createTag's "Create or Update Tag" (a name, anything else allowed) contains "Tag Company".
 * Branches that merely share a sample without containing each other (the search filter's single
 * and multiple filters both accept `{}`) are not relaxed: each still has values only it accepts.
 */
function contains(outer: JsonSchema, inner: JsonSchema, root: JsonSchema): boolean {
  // The gate's Ajv: the same strictness and answers, compiled without what only speeds up or explains failures.
  accepts ??= ajvAccepts(createGateAjv());
  for (const mode of ['required', 'full'] as const) {
    let sample: unknown;
    try {
      sample = sampleValue(inner, { mode, accepts }, root);
    } catch {
      return false;
    }
    if (!accepts(inner, root, sample) || !accepts(outer, root, sample)) return false;
  }
  return true;
}

/**
 * Rule overlapping-oneOf: each `oneOf` of the paramsSchema (its `$defs` included, which are this
 * operation's own copies) where one branch contains another becomes an `anyOf`, with the reason.
 */
export function detectOverlappingOneOfs(operation: string, paramsSchema: JsonSchema): AppliedRelaxation[] {
  const applied: AppliedRelaxation[] = [];
  for (const [pointer, node] of [...oneOfNodes(paramsSchema)]) {
    const branches = node.oneOf as JsonSchema[];
    let found: string | undefined;
    for (let i = 0; i < branches.length && !found; i++) {
      for (let j = 0; j < branches.length && !found; j++) {
        if (i !== j && branches[i] && branches[j] && typeof branches[i] === 'object' && contains(branches[i], branches[j], paramsSchema)) {
          found =
            `${branchName(branches[i], i)} accepts every value ${branchName(branches[j], j)} accepts, so each of those matches ` +
            'two branches, which a strict oneOf rejects; anyOf accepts a value that matches at least one branch.';
        }
      }
    }
    if (found && !('anyOf' in node)) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
      applied.push({ id: OVERLAPPING_ONE_OF, operation, pointer, change: 'oneOf-to-anyOf', reason: found });
    }
  }
  return applied;
}

/**
 * Applies the relaxations listed for `operation` to its paramsSchema (in place), then the
 * overlapping-oneOf rule. A listed relaxation whose target is not there (a later spec fixed it,
 * or the operation changed) is not applied and not reported as applied.
 */
export function applyRelaxations(
  operation: string,
  paramsSchema: JsonSchema,
  relaxations: readonly Relaxation[] = RELAXATIONS,
): AppliedRelaxation[] {
  const applied: AppliedRelaxation[] = [];
  for (const relaxation of relaxations) {
    if (relaxation.operation !== operation) continue;
    const node = resolvePointer(paramsSchema, relaxation.pointer) as JsonSchema | undefined;
    if (relaxation.change === 'oneOf-to-anyOf' && node && typeof node === 'object' && Array.isArray(node.oneOf) && !('anyOf' in node)) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
      const { id, pointer, change, reason } = relaxation;
      applied.push({ id, operation, pointer, change, reason });
    }
  }
  applied.push(...detectOverlappingOneOfs(operation, paramsSchema));
  return applied;
}
