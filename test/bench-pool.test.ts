/**
 * bench/instructions.ts runs its counted processes in a pool: the first failure starts no further
 * process, stops the ones still running (none is left behind as an orphan) and is the error
 * reported, not the failures of the processes it stopped.
 */
import { describe, expect, it } from 'vitest';
import { pooled } from '../bench/instructions.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('the counted processes pool', () => {
  it('refuses fewer than one job', async () => {
    await expect(pooled([async () => 1], 0, () => {})).rejects.toThrow(RangeError);
  });

  it('answers every result in task order', async () => {
    const tasks = [30, 5, 20, 1].map((ms, i) => () => later(ms, i));
    expect(await pooled(tasks, 2, () => {})).toEqual([0, 1, 2, 3]);
  });

  it('on the first failure: stops the running ones once, starts no further one, reports that failure', async () => {
    const started: number[] = [];
    let stops = 0;
    let stopRunning: (() => void) | undefined;
    let stoppedOneEnded = false;
    const stopped = new Promise<void>((resolve) => (stopRunning = resolve));
    const tasks = [
      // Running when task 1 fails: fails only because it is stopped.
      async () => {
        started.push(0);
        await stopped;
        stoppedOneEnded = true;
        throw new Error('killed');
      },
      async () => {
        started.push(1);
        await later(5, null);
        throw new Error('the first failure');
      },
      async () => void started.push(2),
      async () => void started.push(3),
    ];
    const outcome = pooled(tasks, 2, () => {
      stops++;
      stopRunning!();
    });
    await expect(outcome).rejects.toThrow('the first failure');
    // Rejected only once the stopped one has ended: nothing is left running behind the failure.
    expect(stoppedOneEnded).toBe(true);
    expect(stops).toBe(1);
    expect(started).toEqual([0, 1]);
  });
});
