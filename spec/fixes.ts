/**
 * The explicit, listed fixes applied to upstream descriptions at load time. The upstream file is
 * never edited; each fix says what it repairs and reports how many places it touched.
 */

type Document = Record<string, any>;

export interface SpecFix {
  id: string;
  description: string;
  /** Applies the fix in place; returns how many places it changed (0 = not needed here). */
  apply(document: Document): number;
}

export interface AppliedFix {
  id: string;
  description: string;
  count: number;
}

function countRefs(node: unknown, ref: string): number {
  if (Array.isArray(node)) return node.reduce((n, item) => n + countRefs(item, ref), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = (node as Document).$ref === ref ? 1 : 0;
  for (const value of Object.values(node)) n += countRefs(value, ref);
  return n;
}

export const SPEC_FIXES: readonly SpecFix[] = [
  {
    id: 'define-custom-attributes',
    description:
      '2.7–2.11 reference #/components/schemas/custom_attributes without defining it; define it as ' +
      'an object of any attributes (what 2.12+ and the API accept).',
    apply(document) {
      const schemas = (document.components ??= {}).schemas ??= {};
      if (schemas.custom_attributes) return 0;
      const uses = countRefs(document, '#/components/schemas/custom_attributes');
      if (uses === 0) return 0;
      schemas.custom_attributes = {
        type: 'object',
        description: 'Custom attributes (defined by intercom-ops: missing upstream).',
        additionalProperties: true,
      };
      return uses;
    },
  },
];

export function applyFixes(document: Document, fixes: readonly SpecFix[] = SPEC_FIXES): AppliedFix[] {
  const applied: AppliedFix[] = [];
  for (const fix of fixes) {
    const count = fix.apply(document);
    if (count > 0) applied.push({ id: fix.id, description: fix.description, count });
  }
  return applied;
}
