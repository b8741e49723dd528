/**
 * Writes runtime/registry-types.ts, the TypeScript types of the registry, from its one JSON Schema
 * (runtime/registry-schema.ts) with json-schema-to-typescript. Run after changing the schema:
 * `npm run build && npm run registry-types` (a test fails while the committed file is stale).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { REPO_ROOT as PACKAGE_ROOT } from '../spec/repo-root.js';
import { REGISTRY_SCHEMA } from '../runtime/registry-schema.js';

export const REGISTRY_TYPES_FILE = join(PACKAGE_ROOT, 'runtime', 'registry-types.ts');

const HEADER = `/**
 * GENERATED FILE — do not edit. The registry's TypeScript types, written by
 * generator/registry-types.ts from the JSON Schema in runtime/registry-schema.ts
 * (\`npm run build && npm run registry-types\` after changing it).
 */
import type { HttpMethod } from './http-methods.js';

export type { HttpMethod };`;

/** The text of runtime/registry-types.ts for the current schema (deterministic). */
export async function renderRegistryTypes(): Promise<string> {
  const schema = JSON.parse(JSON.stringify(REGISTRY_SCHEMA)) as Parameters<typeof compile>[0];
  return compile(schema, 'RegistryData', {
    bannerComment: HEADER,
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: false,
    format: true,
    style: { singleQuote: true, printWidth: 140 },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(REGISTRY_TYPES_FILE, await renderRegistryTypes());
}
