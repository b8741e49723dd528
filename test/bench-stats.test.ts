/** The benchmarks' statistics (bench/processes.ts): what every table's figures are made of. */
import { describe, expect, it } from 'vitest';
import { pairedRatios, quartiles, summary } from '../bench/processes.js';

describe('bench statistics', () => {
  it('quartiles: nearest-rank 25th and 75th percentiles around the median, the input left as it was', () => {
    const values = [8, 1, 7, 2, 6, 3, 5, 4];
    expect(quartiles(values)).toEqual({ p25: 2, median: 4.5, p75: 6 });
    expect(values).toEqual([8, 1, 7, 2, 6, 3, 5, 4]);
    expect(quartiles([5])).toEqual({ p25: 5, median: 5, p75: 5 });
    expect(quartiles([3, 1, 2])).toEqual({ p25: 1, median: 2, p75: 3 });
  });

  it('summary and paired ratios', () => {
    expect(summary([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(pairedRatios([2, 9], [4, 3])).toEqual([0.5, 3]);
  });
});
