/**
 * copyParams makes the runtime's own copy of the caller's params directly, not through JSON text:
 * the copy must be what JSON.parse(JSON.stringify(params)) makes, value for value (prototypes, key
 * order, -0, holes, toJSON, boxed primitives, "__proto__" keys), share nothing with the caller's
 * object, and refuse what the round trip refuses with the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntercomOpsError } from '../entry/index.js';
import { copyParams, MAX_PARAMS_DEPTH } from '../runtime/params.js';

/** JSON's copy of `params`, as copyParams made it before it copied directly. */
function roundTrip(params: unknown): unknown {
  return JSON.parse(JSON.stringify(params));
}

/** Identical JSON data: same types, prototypes, own keys in the same order, Object.is for numbers (-0 is not 0). */
function expectSameData(actual: unknown, expected: unknown, path = ''): void {
  if (expected === null || typeof expected !== 'object') {
    expect(Object.is(actual, expected), `${path || '(root)'}: ${String(actual)} vs ${String(expected)}`).toBe(true);
    return;
  }
  expect(actual !== null && typeof actual === 'object', `${path}: an object`).toBe(true);
  expect(Object.getPrototypeOf(actual), `${path}: prototype`).toBe(Object.getPrototypeOf(expected));
  expect(Reflect.ownKeys(actual as object), `${path}: keys`).toEqual(Reflect.ownKeys(expected));
  for (const key of Reflect.ownKeys(expected)) {
    expect(Object.getOwnPropertyDescriptor(actual, key)?.enumerable, `${path}/${String(key)}: enumerable`).toBe(Object.getOwnPropertyDescriptor(expected, key)?.enumerable);
    expectSameData((actual as Record<PropertyKey, unknown>)[key], (expected as Record<PropertyKey, unknown>)[key], `${path}/${String(key)}`);
  }
}

function refusal(params: unknown): IntercomOpsError {
  try {
    copyParams(params, 'listTags');
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomOpsError);
    return error as IntercomOpsError;
  }
  throw new Error('copyParams accepted params it had to refuse');
}

/** Anything JavaScript can hold, JSON data or not. */
const anyValue = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', 'constructor', '0', '10', '-1')),
});

describe('copyParams copies as the JSON round trip does', () => {
  it('any params: the same data, or the same refusal', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), anyValue, { maxKeys: 5 }), (params) => {
        let expected: unknown;
        try {
          expected = roundTrip(params);
        } catch {
          expect(refusal(params).code).toBe('INVALID_PARAMS');
          return;
        }
        expectSameData(copyParams(params, 'listTags'), expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('the values JSON changes: -0, NaN, infinities, undefined, functions, symbols, holes', () => {
    const params = { zero: -0, nan: NaN, big: Infinity, gone: undefined, f: () => 1, s: Symbol('s'), list: [undefined, -0, () => 1, Symbol('t'), , NaN] };
    const copy = copyParams(params, 'listTags');
    expectSameData(copy, roundTrip(params));
    expect(copy).toEqual({ zero: 0, nan: null, big: null, list: [null, 0, null, null, null, null] });
  });

  it('toJSON is called once, with the property name or index, and its answer is copied', () => {
    const keys: string[] = [];
    const stamp = (label: string) => ({ toJSON: (key: string) => (keys.push(key), { label, at: new Date(0) }) });
    const copy = copyParams({ one: stamp('a'), list: [stamp('b')] }, 'listTags');
    expect(copy).toEqual({ one: { label: 'a', at: '1970-01-01T00:00:00.000Z' }, list: [{ label: 'b', at: '1970-01-01T00:00:00.000Z' }] });
    expect(keys).toEqual(['one', '0']);
  });

  it('getters are read once', () => {
    let reads = 0;
    const params = {
      get id() {
        reads++;
        return 7;
      },
    };
    expect(copyParams(params, 'listTags')).toEqual({ id: 7 });
    expect(reads).toBe(1);
  });

  it('boxed primitives become their values; class instances, Maps and typed arrays their own enumerable keys', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const params = { n: Object(-0), s: Object('x'), b: Object(false), point: new Point(1, 2), map: new Map([[1, 2]]), bytes: new Uint8Array([5, 6]) };
    const copy = copyParams(params, 'listTags');
    expectSameData(copy, roundTrip(params));
    expect(copy).toEqual({ n: 0, s: 'x', b: false, point: { x: 1, y: 2 }, map: {}, bytes: { 0: 5, 1: 6 } });
  });

  it('a "__proto__" key stays an own property and sets no prototype', () => {
    const params = JSON.parse('{"$body": {"__proto__": {"polluted": true}, "name": "x"}}');
    const copy = copyParams(params, 'createTag') as { $body: Record<string, unknown> };
    expectSameData(copy, roundTrip(params));
    expect(Object.getPrototypeOf(copy.$body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an array is copied to the length it had: a toJSON or getter that changes it changes nothing copied', () => {
    const grows: unknown[] = [{ toJSON: () => (grows.push(2), 1) }];
    expectSameData(copyParams({ a: grows }, 'listTags'), roundTrip({ a: [{ toJSON: () => 1 }] }));
    expect(copyParams({ a: [{ toJSON: () => 1 }] }, 'listTags')).toEqual({ a: [1] });
    const shrinks: unknown[] = [0, 0, 0];
    Object.defineProperty(shrinks, 0, { get: () => ((shrinks.length = 1), 0), enumerable: true, configurable: true });
    expect(copyParams({ a: shrinks }, 'listTags')).toEqual({ a: [0, null, null] });
    // Each item adding another would never end; the copy stops where JSON does.
    const endless: unknown[] = [];
    const item = () => ({ toJSON: () => (endless.push(item()), 1) });
    endless.push(item());
    expect(copyParams({ a: endless }, 'listTags')).toEqual({ a: [1] });
  });

  it('boxed primitives are read as JSON reads them, whatever their prototype or their own valueOf', () => {
    const lyingBoolean = Object(false);
    lyingBoolean.valueOf = () => true;
    const lyingNumber = Object(1);
    lyingNumber.valueOf = () => 2;
    const plainProto = Object.setPrototypeOf(Object(5), Object.prototype);
    const arrayProto = Object.setPrototypeOf(Object('ab'), Array.prototype);
    const cases = { b: lyingBoolean, n: lyingNumber, plain: plainProto, array: arrayProto };
    expectSameData(copyParams(cases, 'listTags'), roundTrip(cases));
    // A Boolean's own boxed value; a Number through ToNumber (its valueOf); no valueOf left: NaN, so null; a String through ToString.
    expect(copyParams(cases, 'listTags')).toEqual({ b: false, n: 2, plain: null, array: 'a,b' });
  });

  it("shares no object with the caller's params: later changes to them change nothing copied", () => {
    const params = { $body: { query: { value: [{ field: 'email', value: 'a@example.com' }] } } };
    const copy = copyParams(params, 'SearchContacts');
    params.$body.query.value[0].value = 'b@example.com';
    params.$body.query.value.push({ field: 'role', value: 'lead' });
    expect(copy).toEqual({ $body: { query: { value: [{ field: 'email', value: 'a@example.com' }] } } });
  });

  it('refuses what JSON refuses, as before: a BigInt, a cycle (naming the parameter), a throwing toJSON', () => {
    const bigint = refusal({ count: 10n });
    expect(bigint.issues).toEqual([{ path: '', message: expect.stringContaining('must be JSON data (Do not know how to serialize a BigInt') }]);
    const body: Record<string, unknown> = { name: 'x' };
    body.self = body;
    expect(refusal({ $body: body }).issues).toEqual([{ path: '/$body', message: expect.stringContaining(`more than ${MAX_PARAMS_DEPTH} levels`) }]);
    const failing = refusal({
      when: {
        toJSON() {
          throw new Error('no date');
        },
      },
    });
    expect(failing.issues).toEqual([{ path: '', message: 'must be JSON data (no date)' }]);
  });

  it(`nesting: ${MAX_PARAMS_DEPTH} levels are copied, one more is refused naming the parameter`, () => {
    const nested = (levels: number): unknown => (levels === 1 ? [] : [nested(levels - 1)]);
    expectSameData(copyParams({ deep: nested(MAX_PARAMS_DEPTH) }, 'listTags'), { deep: nested(MAX_PARAMS_DEPTH) });
    expect(refusal({ deep: nested(MAX_PARAMS_DEPTH + 1) }).issues).toEqual([{ path: '/deep', message: expect.stringContaining(`more than ${MAX_PARAMS_DEPTH} levels`) }]);
  });

  it('params with a toJSON of their own answer what it answers', () => {
    expect(copyParams({ toJSON: () => ({ id: 3 }) }, 'retrieveAdmin')).toEqual({ id: 3 });
  });
});
