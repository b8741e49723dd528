/**
 * Listed relaxations of the spec's request schemas. Each one loosens a place where the schema, as
 * written, rejects requests that the API accepts (and that the spec itself documents). They are
 * applied to the generated paramsSchema only (the types in schema.ts are untouched), and every
 * relaxation applied is reported in the manifest and by generate().
 */
import { resolvePointer } from '../runtime/json-pointer.js';
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

/**
 * Applies the relaxations listed for `operation` to its paramsSchema (in place). A relaxation
 * whose target is not there (a later spec fixed it, or the operation changed) is not applied and
 * not reported as applied.
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
  return applied;
}
