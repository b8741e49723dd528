/**
 * A generated folder's registry (its `registry.ts` ES module), for tests that generate into a
 * temp folder and run against what they generated.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RegistryData } from '../../runtime/registry-types.js';
import { unpackRegistry, type PackedData } from '../../runtime/shared-subtrees.js';

export async function registryIn(dir: string): Promise<RegistryData> {
  const module = (await import(pathToFileURL(join(dir, 'registry.ts')).href)) as { default: PackedData };
  return unpackRegistry(module.default);
}
