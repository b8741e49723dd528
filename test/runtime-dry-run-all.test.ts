/**
 * Every API operation of the generated registry, dry-run with minimal valid params derived from
 * its own paramsSchema: the plan has the spec's method and path (params substituted, encoded),
 * a masked Authorization, and nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../spec/load.js';
import { exampleParams } from '../runtime/example-params.js';
import { DEFAULT_VERSION, operations, run, type ApiOperationEntry } from '../entry/index.js';
import { OPENAPI_DIR } from './support/shared.js';

const apiEntries = Object.values(operations).filter((e): e is ApiOperationEntry => e.kind === 'api');

describe('dry run of every API operation', async () => {
  const spec = await loadSpec(DEFAULT_VERSION, { specDir: OPENAPI_DIR, fetch: false });
  const noNetwork = (() => {
    throw new Error('a dry run must not fetch');
  }) as unknown as typeof globalThis.fetch;

  it('covers all 108 operations of 2.10', () => {
    expect(apiEntries).toHaveLength(108);
  });

  it.each(apiEntries.map((e) => [e.name, e] as const))('%s: method and URL match the spec', async (name, entry) => {
    const specOperation = spec.document.paths[entry.path]?.[entry.method.toLowerCase()];
    expect(specOperation, `${entry.method} ${entry.path} in the spec`).toBeDefined();
    if (entry.operationId) expect(specOperation.operationId).toBe(entry.operationId);

    const params = exampleParams(entry.paramsSchema);
    const plan = await run(name, params, { dryRun: true, fetch: noNetwork });
    expect(plan.dryRun).toBe(true);
    expect(plan.operation).toBe(name);
    expect(plan.requests).toHaveLength(1);
    const [request] = plan.requests;
    expect(request.method).toBe(entry.method);
    const url = new URL(request.url);
    expect(url.origin).toBe('https://api.intercom.io');
    const expectedPath = entry.path.replace(/\{([^}]+)\}/g, (_: string, key: string) => encodeURIComponent(String(params[key])));
    expect(url.pathname).toBe(expectedPath);
    expect(request.headers.Authorization).toBe('Bearer ***');
    expect(request.headers['Intercom-Version']).toBe(DEFAULT_VERSION);
    expect(request.body).toEqual(params.$body ?? null);
  });
});
