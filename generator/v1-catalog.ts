/**
 * The project's v1 operation catalog: `operations/index.ts` (its `v1Operations` and `targets`).
 * Tests pass a small catalog of their own (`generate({ v1Catalog })`, `diffVersions(…, { catalog })`).
 */
import { targets, v1Operations } from '../operations/index.js';
import type { V1Catalog } from './v1-targets.js';

export const DEFAULT_V1_CATALOG: V1Catalog = { operations: v1Operations, targets };
