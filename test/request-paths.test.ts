/**
 * Request building without the parse-back: a path whose parameters fill whole segments is not
 * parsed back after it is built (encodeURIComponent leaves only characters a URL parser keeps, and
 * `.`, `..` and the empty string are refused). These properties check that claim on any value:
 * the built URL parses to exactly the path that was built, with the value in one segment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntercomOpsError } from '../runtime/errors.js';
import { resolveOptions } from '../runtime/options.js';
import type { ApiOperationEntry } from '../runtime/registry-types.js';
import { buildApiRequest } from '../runtime/request.js';

function entry(path: string): ApiOperationEntry {
  return {
    kind: 'api',
    name: 'pathProbe',
    method: 'GET',
    path,
    parameters: [],
    body: null,
    readOnly: true,
    pagination: null,
    responseContentType: null,
  } as unknown as ApiOperationEntry;
}

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('.', '%', '2', 'e', 'E', '/', '\\', '?', '#', ' ', '\t', ';', '@', ':'), maxLength: 8 }),
  fc.constantFrom('.', '..', '', '%2e', '.%2E', '%2e%2e', '..%2f', '\\..', '\u0000', '\ud800'),
);

describe('paths built from whole-segment templates', () => {
  for (const baseUrl of ['https://api.intercom.io', 'http://127.0.0.1:9/prefix/v2']) {
    it(`keep every value in its own segment, or refuse it (${baseUrl})`, () => {
      const options = resolveOptions({ token: 'tok_paths_0123456789', baseUrl }, '2.10', 'pathProbe');
      const template = entry('/things/{first}/parts/{second}');
      fc.assert(
        fc.property(value, value, (first, second) => {
          let url: string;
          try {
            url = buildApiRequest(template, { first, second }, options).url;
          } catch (error) {
            expect(error).toBeInstanceOf(IntercomOpsError);
            expect((error as IntercomOpsError).code).toBe('INVALID_PARAMS');
            expect([first, second].some((v) => v === '' || v === '.' || v === '..' || /\p{Cs}/u.test(v))).toBe(true);
            return;
          }
          const parsed = new URL(url);
          expect(parsed.pathname).toBe(`${options.basePath}/things/${encodeURIComponent(first)}/parts/${encodeURIComponent(second)}`);
          const segments = parsed.pathname.slice(options.basePath.length).split('/');
          expect(segments.map((s) => decodeURIComponent(s))).toEqual(['', 'things', first, 'parts', second]);
        }),
        { numRuns: 2_000 },
      );
    });
  }

  it('a parameter inside a segment (`{name}.json`, parsed back after building) is encoded in place', () => {
    const options = resolveOptions({ token: 'tok_paths_0123456789', baseUrl: 'https://api.intercom.io' }, '2.10', 'pathProbe');
    expect(buildApiRequest(entry('/files/{name}.json'), { name: 'a b/c' }, options).url).toBe('https://api.intercom.io/files/a%20b%2Fc.json');
  });
});
