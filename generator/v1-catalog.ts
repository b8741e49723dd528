/**
 * Where the generator gets the v1 operation catalog: `operations/index.ts` (its `v1Operations` and
 * `targets`). Tests pass a small catalog of their own through `generate({ v1Catalog })` instead.
 */
import { targets, v1Operations } from '../operations/index.js';
import type { Target, V1Operation } from '../operations/types.js';

export interface V1Catalog {
  operations: readonly V1Operation[];
  targets: Readonly<Record<string, Target>>;
}

export const DEFAULT_V1_CATALOG: V1Catalog = { operations: v1Operations, targets };
