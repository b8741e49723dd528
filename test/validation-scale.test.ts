/**
 * Hostile input sizes: validation work grows linearly with the number of issues, issues are
 * capped (the first MAX_LISTED_ISSUES and a count of the rest), messages are capped, params nested
 * past MAX_PARAMS_DEPTH are INVALID_PARAMS naming the parameter (never a stack overflow), and a
 * huge unknown operation name answers without edit-distance work. Structure is asserted, not
 * time; each test's timeout is only a generous backstop (the quadratic code took minutes).
 */
import { describe, expect, it } from 'vitest';
import { CONCAT_ERRORS, createAjv, linearErrors } from '../runtime/ajv.js';
import { createRunner, operations, type Runner } from '../entry/index.js';
import { MAX_ISSUE_TEXT, MAX_LISTED_ISSUES, MAX_MESSAGE_LENGTH, MAX_PARAMS_DEPTH } from '../runtime/params.js';
import { suggestNames } from '../runtime/suggest.js';
import { failure, type Failure } from './support/failure.js';

/** Dry runs: nothing could be sent anyway, and the plan shows what would have been. */
const runner: Runner = createRunner({ dryRun: true });

async function invalid(name: string, params: Record<string, unknown>): Promise<Failure> {
  const error = await failure(runner.run(name, params));
  expect(error.code).toBe('INVALID_PARAMS');
  expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  expect(error.issues.length).toBeLessThanOrEqual(MAX_LISTED_ISSUES);
  return error;
}

const unknownParams = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
const nestedSearch = (levels: number) => {
  let query: Record<string, unknown> = { field: 'email', operator: '=', value: 'a@example.com' };
  for (let i = 0; i < levels; i++) query = { operator: 'AND', value: [query] };
  return { $body: { query } };
};

describe('many issues: capped, counted, linear', () => {
  for (const n of [20_000, 50_000]) {
    it(`${n} unknown params: the first ${MAX_LISTED_ISSUES} named, the rest counted`, async () => {
      const error = await invalid('listTags', unknownParams(n));
      expect(error.issues).toHaveLength(MAX_LISTED_ISSUES);
      expect(error.issues.slice(0, 3)).toEqual([
        { path: '/p0', message: 'is not a parameter of this operation' },
        { path: '/p1', message: 'is not a parameter of this operation' },
        { path: '/p2', message: 'is not a parameter of this operation' },
      ]);
      expect(error.omittedIssues).toBe(n - MAX_LISTED_ISSUES);
      expect(error.message).toMatch(new RegExp(`… and ${n - error.message.split(';').length} more issues`));
    }, 20_000);
  }

  it('50,000 invalid array items (the search filter, recursive $refs): capped and counted', async () => {
    const value = Array.from({ length: 50_000 }, () => 5);
    const error = await invalid('SearchContacts', { $body: { query: { operator: 'AND', value } } });
    expect(error.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(error.issues.some((i) => i.path === '/$body/query/value/0')).toBe(true);
    // Every item fails: far more issues than listed, and all of them counted.
    expect(error.omittedIssues).toBeGreaterThan(50_000);
  }, 20_000);

  it('a few issues are all listed, with no count', async () => {
    const error = await invalid('setAwayAdmin', { $body: { away_mode_enabled: 'maybe' }, bogus: 1 });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['/$body/away_mode_enabled', '/$body/away_mode_reassign', '/bogus', '/id']);
    expect(error.omittedIssues).toBeUndefined();
    expect(error.message).toContain('its parameters: id, $body');
  });

  it('a 200,000-character unknown param name is named, clipped in the issue and the message', async () => {
    const name = 'x'.repeat(200_000);
    const error = await invalid('listTags', { [name]: 1 });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path.length).toBeLessThanOrEqual(MAX_ISSUE_TEXT);
    expect(error.issues[0].path.startsWith('/xxxx')).toBe(true);
  });

  it("Ajv's error concatenation is rewritten to append in place (what keeps allErrors linear)", () => {
    const seen: string[] = [];
    const ajv = createAjv(undefined, { code: { process: (code: string) => (seen.push(code), linearErrors(code)) } });
    ajv.compile(structuredClone(operations.SearchContacts.paramsSchema));
    // This Ajv version still generates the pattern (else the rewrite silently stopped applying) …
    expect(seen.some((code) => new RegExp(CONCAT_ERRORS.source).test(code))).toBe(true);
    // … and none is left once rewritten.
    for (const code of seen) expect(linearErrors(code)).not.toMatch(new RegExp(CONCAT_ERRORS.source));
  });
});

describe('nesting depth is bounded before anything recursive runs', () => {
  for (const levels of [1_500, 5_000, 100_000]) {
    it(`a search query nested ${levels} levels is INVALID_PARAMS naming $body`, async () => {
      const error = await invalid('SearchContacts', nestedSearch(levels));
      expect(error.issues).toEqual([{ path: '/$body', message: expect.stringContaining(`more than ${MAX_PARAMS_DEPTH} levels`) }]);
    });
  }

  it('nesting that only a toJSON produces is measured too (the copy is what is validated)', async () => {
    const deep = { toJSON: () => nestedSearch(200).$body };
    const error = await invalid('SearchContacts', { $body: deep });
    expect(error.issues).toEqual([{ path: '/$body', message: expect.stringContaining(`more than ${MAX_PARAMS_DEPTH} levels`) }]);
  });

  it('params that refer to themselves are INVALID_PARAMS naming the parameter', async () => {
    const body: Record<string, unknown> = { name: 'x' };
    body.self = body;
    const error = await invalid('createTag', { $body: body });
    expect(error.issues[0].path).toBe('/$body');
  });

  it(`${MAX_PARAMS_DEPTH} levels are within the bound: a shallow enough search validates and is planned`, async () => {
    // $body (1) › query (2) › value array (3) › filter (4) …: each search level adds two, so the
    // innermost filter object of `levels` levels is at depth 2 + 2 × levels.
    const levels = (MAX_PARAMS_DEPTH - 2) / 2;
    const plan = await runner.run('SearchContacts', nestedSearch(levels));
    expect(plan.requests[0]).toMatchObject({ method: 'POST', url: 'https://api.intercom.io/contacts/search' });
    const deeper = await invalid('SearchContacts', nestedSearch(levels + 1));
    expect(deeper.issues[0].path).toBe('/$body');
  });
});

describe('unknown operation names: bounded suggestion work', () => {
  it('a 200,000-character name answers UNKNOWN_OPERATION with no suggestions', async () => {
    const name = 'listTags'.repeat(25_000);
    const error = await failure(runner.run(name));
    expect(error).toMatchObject({ code: 'UNKNOWN_OPERATION', suggestions: [], operation: name });
    // The message quotes the start of the name and says how long it is.
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain('(200000 characters)');
  }, 5_000);

  it('names far longer than every registered name get none; near ones still do', () => {
    const names = Object.keys(operations);
    const longest = Math.max(...names.map((n) => n.length));
    expect(suggestNames(`${'z'.repeat(2 * longest + 9)}listTags`, names)).toEqual([]);
    expect(suggestNames('listTagz', names)).toContain('listTags');
    expect(suggestNames('please_listTags', names)).toContain('listTags');
  });
});
