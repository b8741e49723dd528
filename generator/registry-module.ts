/**
 * A registry as an ES module (`registry.ts`): the data as one JSON string handed to JSON.parse.
 * V8 parses a JSON string faster than an object literal of the same data, and TypeScript checks
 * one string literal instead of an object type of every entry. Nothing reads a file at run time:
 * a bundler inlines the module like any other.
 */
import type { RegistryData } from '../runtime/registry-types.js';

/** A single-quoted JavaScript string literal holding `text` (JSON text: no raw line breaks). */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

export function renderRegistryModule(header: string, registry: RegistryData, registryTypes: string): string {
  return [
    header,
    `import type { RegistryData } from ${quoted(registryTypes)};`,
    '',
    `const registry: RegistryData = JSON.parse(${quoted(JSON.stringify(registry))});`,
    '',
    'export default registry;',
    '',
  ].join('\n');
}
