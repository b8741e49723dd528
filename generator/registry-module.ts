/**
 * A registry as an ES module (`registry.ts`): the data, its repeated subtrees stored once
 * (generator/shared-subtrees.ts), as one JSON string handed to JSON.parse; the entries unpack it.
 * V8 parses a JSON string faster than an object literal of the same data, and TypeScript checks
 * one string literal instead of an object type of every entry. Nothing reads a file at run time:
 * a bundler inlines the module like any other.
 */
import type { RegistryData } from '../runtime/registry-types.js';
import { packSharedSubtrees } from './shared-subtrees.js';

/** A single-quoted JavaScript string literal holding `text` (JSON text: no raw line breaks). */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** `sharedSubtrees`: where the module finds runtime/shared-subtrees.js (for its PackedData type). */
export function renderRegistryModule(header: string, registry: RegistryData, sharedSubtrees: string): string {
  return [
    header,
    `import type { PackedData } from ${quoted(sharedSubtrees)};`,
    '',
    '/** The registry packed: `unpackRegistry` (runtime/shared-subtrees.ts) gives the RegistryData. */',
    `const packed: PackedData = JSON.parse(${quoted(JSON.stringify(packSharedSubtrees(registry)))});`,
    '',
    'export default packed;',
    '',
  ].join('\n');
}
