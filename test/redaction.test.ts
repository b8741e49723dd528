/**
 * Token redaction (runtime/redact.ts), as properties over arbitrary tokens and texts: every
 * spelling of the token is masked (raw, percent-encoded in either case, form-encoded,
 * JSON-escaped once or twice, base64/base64url of the token, of `Bearer <token>` and of the
 * basic-auth-like `<token>:`/`:<token>`, also inside longer base64 texts), and nothing else in
 * the text changes. Tokens under MIN_TOKEN_LENGTH are refused (CONFIG) and mask nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../entry/index.js';
import { MASK, MIN_TOKEN_LENGTH, redactText } from '../runtime/redact.js';
import { failure } from './support/failure.js';

/** Visible ASCII, the characters a token may have (options.ts refuses anything else). */
const tokenArb = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: MIN_TOKEN_LENGTH, maxLength: 64 });

const b64 = (text: string, url = false) => Buffer.from(text).toString(url ? 'base64url' : 'base64');

/** Every encoding the contract names, as a function of the token. */
const ENCODINGS: Record<string, (token: string) => string> = {
  raw: (t) => t,
  percentUpper: (t) => encodeURIComponent(t),
  percentLower: (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  percentEveryByte: (t) => [...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  form: (t) => new URLSearchParams({ k: t }).toString().slice(2),
  encodeURI: (t) => encodeURI(t),
  json: (t) => JSON.stringify(t).slice(1, -1),
  jsonTwice: (t) => JSON.stringify(JSON.stringify(t).slice(1, -1)).slice(1, -1),
  jsonSlash: (t) => JSON.stringify(t).slice(1, -1).replace(/\//g, '\\/'),
  jsonUnicode: (t) => [...t].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  base64: (t) => b64(t),
  base64url: (t) => b64(t, true),
  base64Bearer: (t) => b64(`Bearer ${t}`),
  base64urlBearer: (t) => b64(`Bearer ${t}`, true),
  base64Basic: (t) => b64(`${t}:`),
  base64BasicPassword: (t) => b64(`:${t}`),
  base64UserPassword: (t) => b64(`user@example.com:${t}`),
  base64InJson: (t) => b64(JSON.stringify({ authorization: `Bearer ${t}`, n: 1 }), true),
};

/**
 * Texts that cannot hold a spelling of the token by accident: arbitrary strings with no space
 * (every spelling is space-free, so one cannot straddle the separators) and no "bearer".
 */
const fillerArb = fc.string({ maxLength: 40 }).filter((s) => !/\s/.test(s) && !/bearer/i.test(s));

describe('every encoding of the token is masked', () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    it(`${name}`, () => {
      fc.assert(
        fc.property(tokenArb, fillerArb, fillerArb, (token, before, after) => {
          const text = `${before} ${encode(token)} ${after}`;
          const out = redactText(text, token);
          for (const spelling of Object.values(ENCODINGS)) expect(out).not.toContain(spelling(token));
          expect(out).toContain(MASK);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('nothing but the token changes', () => {
  it('a text without the token is returned as it is', () => {
    fc.assert(
      fc.property(tokenArb, fc.string({ maxLength: 200 }), (token, text) => {
        fc.pre(!/bearer/i.test(text) && !Object.values(ENCODINGS).some((encode) => text.includes(encode(token))));
        expect(redactText(text, token)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('the text around a masked spelling is kept character for character', () => {
    const raw = fc.constantFrom('raw', 'percentLower', 'json', 'base64', 'base64urlBearer');
    fc.assert(
      fc.property(tokenArb, fillerArb, fillerArb, raw, (token, before, after, encoding) => {
        // Fillers that happen to contain a spelling of the token would be masked too: not this property.
        fc.pre(![before, after].some((s) => Object.values(ENCODINGS).some((encode) => s.includes(encode(token)))));
        expect(redactText(`${before} ${ENCODINGS[encoding](token)} ${after}`, token)).toBe(`${before} ${MASK} ${after}`);
      }),
      { numRuns: 300 },
    );
  });

  it('prose about bearer tokens is left alone; a credential-looking Bearer value of another token is masked', () => {
    expect(redactText('Bearer tokens are required; use Bearer authentication.', 'tok_unrelated_123456')).toBe(
      'Bearer tokens are required; use Bearer authentication.',
    );
    expect(redactText('sent Authorization: Bearer dG9rOjEyMzQ1Njc4OTA=, then', 'tok_unrelated_123456')).toBe(
      'sent Authorization: Bearer ***, then',
    );
  });
});

describe('short tokens: refused, and they mask nothing', () => {
  it(`a token under ${MIN_TOKEN_LENGTH} characters is not used as a pattern`, () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: MIN_TOKEN_LENGTH - 1 }),
        fc.string({ maxLength: 100 }).filter((s) => !/bearer/i.test(s)),
        (token, text) => {
          expect(redactText(`${text}${token}${text}`, token)).toBe(`${text}${token}${text}`);
        },
      ),
    );
  });

  it("token 'admin' is CONFIG for the v1 get_admin and the API retrieveAdmin; their names and messages stay intact", async () => {
    const runner = createRunner({ baseUrl: 'http://127.0.0.1:9' });
    for (const [operation, params] of [['get_admin', { id: '1' }], ['retrieveAdmin', { id: 1 }]] as const) {
      const error = await failure(runner.run(operation, params, { token: 'admin' }));
      expect(error).toMatchObject({ code: 'CONFIG', operation });
      expect(error.message).toContain(operation);
      expect(error.message).not.toContain(MASK);
      expect(error.message).toContain(`at least ${MIN_TOKEN_LENGTH} characters`);
    }
  });

  it(`a token of exactly ${MIN_TOKEN_LENGTH} characters is accepted (a dry run plans with it masked)`, async () => {
    const plan = await createRunner().run('listTags', {}, { token: 'tok_8chr', dryRun: true });
    expect(plan.requests[0].headers.Authorization).toBe('Bearer ***');
  });
});
