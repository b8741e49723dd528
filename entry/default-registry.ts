/** The registry the package runs by default: generated/registry.json of the pinned spec version. */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../runtime/package-root.js';
import { loadRegistry, type Registry } from '../runtime/registry.js';

export const DEFAULT_REGISTRY_DIR = join(PACKAGE_ROOT, 'generated');

/** Loaded (and checked) once, when the entry is imported. */
export const defaultRegistry: Registry = loadRegistry(DEFAULT_REGISTRY_DIR);
