/**
 * The root's `createRunner({ registry })` with registry data of the caller's own (a fixture): the
 * data is copied and checked on the first call (runtime/registry-data.ts, which imports Ajv), and
 * runs like a loaded registry.
 */
import { describe, expect, it } from 'vitest';
import { createRunner, operations, type RegistryData } from '../entry/index.js';
import { failure } from './support/failure.js';

const data = (): RegistryData => ({ version: '2.10', operations: [JSON.parse(JSON.stringify(operations.retrieveAdmin))] });

describe('a registry given to the root createRunner as data', () => {
  it('runs its operations, checked and copied on the first call; its operations are readable after it', async () => {
    const own = data();
    const runner = createRunner({ registry: own, bindings: {} });
    expect(() => runner.operations).toThrow(expect.objectContaining({ code: 'CONFIG', message: expect.stringMatching(/on the first call/) }));
    const plan = await runner.run('retrieveAdmin', { id: '5' }, { dryRun: true });
    expect(plan.requests[0].url).toBe('https://api.intercom.io/admins/5');
    expect(Object.keys(runner.operations)).toEqual(['retrieveAdmin']);
    // A copy: a later change to the caller's data reaches no call.
    (own.operations[0] as { path: string }).path = '/elsewhere/{id}';
    expect((await runner.run('retrieveAdmin', { id: 6 }, { dryRun: true })).requests[0].url).toBe('https://api.intercom.io/admins/6');
    // Only its own operations: the pinned version's others are unknown to it.
    expect((await failure(runner.run('listTags', {}, { dryRun: true }))).code).toBe('UNKNOWN_OPERATION');
    const rows: unknown[] = [];
    await expect(
      (async () => {
        for await (const row of runner.iterate('retrieveAdmin', { id: 5 }, { dryRun: true })) rows.push(row);
      })(),
    ).rejects.toMatchObject({ code: 'CONFIG' });
    await runner.close();
  });

  it('data that fails the registry check fails each call with CONFIG listing the problem, nothing planned', async () => {
    const broken = { version: '2.10', operations: [{ ...data().operations[0], method: 'FETCH' }] } as unknown as RegistryData;
    const runner = createRunner({ registry: broken, bindings: {} });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await failure(runner.run('retrieveAdmin', { id: 5 }, { dryRun: true }));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toMatch(/registry: .*operations\[0\] \(retrieveAdmin\)/);
    }
  });
});
