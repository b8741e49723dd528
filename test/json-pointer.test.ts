/** runtime/json-pointer.ts: RFC 6901 pointers and local `$ref`s, the one implementation in the tree. */
import { describe, expect, it } from 'vitest';
import {
  decodePointerToken,
  derefObject,
  encodePointerToken,
  formatPointer,
  parsePointer,
  pointerOfRef,
  refToPointer,
  resolvePointer,
  resolveRef,
} from '../runtime/json-pointer.js';

// RFC 6901 §5's example document.
const rfc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'c%d': 2, 'e^f': 3, 'g|h': 4, 'i\\j': 5, 'k"l': 6, ' ': 7, 'm~n': 8 };

describe('pointer tokens', () => {
  it('escape ~ as ~0 and / as ~1, and decode ~1 before ~0', () => {
    expect(encodePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(decodePointerToken('a~1b~0c')).toBe('a/b~c');
    // "~01" is an escaped "~" followed by "1", never "/".
    expect(decodePointerToken('~01')).toBe('~1');
    expect(encodePointerToken('~1')).toBe('~01');
    for (const token of ['', '~', '/', '~0', '~1', '~/~/', 'plain', '$defs']) expect(decodePointerToken(encodePointerToken(token))).toBe(token);
  });

  it('parse and format pointers, rejecting text that is not one', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
    expect(parsePointer('/m~0n/a~1b')).toEqual(['m~n', 'a/b']);
    expect(formatPointer(['m~n', 'a/b', ''])).toBe('/m~0n/a~1b/');
    expect(() => parsePointer('foo')).toThrow(SyntaxError);
  });
});

describe('resolvePointer', () => {
  it('resolves every pointer of the RFC 6901 example', () => {
    const cases: Array<[string, unknown]> = [
      ['', rfc], ['/foo', ['bar', 'baz']], ['/foo/0', 'bar'], ['/', 0], ['/a~1b', 1], ['/c%d', 2], ['/e^f', 3],
      ['/g|h', 4], ['/i\\j', 5], ['/k"l', 6], ['/ ', 7], ['/m~0n', 8],
    ];
    for (const [pointer, value] of cases) expect(resolvePointer(rfc, pointer), pointer).toEqual(value);
  });

  it('designates nothing past the end, through a scalar, or on an inherited property', () => {
    expect(resolvePointer(rfc, '/foo/2')).toBeUndefined();
    expect(resolvePointer(rfc, '/foo/-')).toBeUndefined();
    expect(resolvePointer(rfc, '/ /x')).toBeUndefined();
    expect(resolvePointer({}, '/constructor')).toBeUndefined();
    expect(resolvePointer({ a: null }, '/a')).toBeNull();
    expect(resolvePointer(rfc, ['a/b'])).toBe(1);
  });
});

describe('local $refs', () => {
  it('are URI fragments: percent-encoded, and decoded before the pointer is read (RFC 6901 §6)', () => {
    expect(refToPointer('/components/schemas/a b')).toBe('#/components/schemas/a%20b');
    expect(refToPointer(formatPointer(['$defs', 'x/y~z']))).toBe('#/$defs/x~1y~0z');
    expect(pointerOfRef('#/c%25d')).toBe('/c%d');
    for (const pointer of ['/c%d', '/e^f', '/g|h', '/k"l', '/ ', '/m~0n', '/a~1b', '']) {
      expect(resolveRef(rfc, refToPointer(pointer)), pointer).toEqual(resolvePointer(rfc, pointer));
    }
    expect(pointerOfRef('other.yaml#/a')).toBeUndefined();
    expect(pointerOfRef('#anchor')).toBeUndefined();
    expect(pointerOfRef('#/bad%')).toBeUndefined();
    expect(resolveRef(rfc, 'https://example.com/x.json#/foo')).toBeUndefined();
  });

  it('derefObject follows a chain to an object, and gives undefined for a dangling ref, a cycle or a scalar', () => {
    const doc = {
      components: {
        schemas: { a: { $ref: '#/components/schemas/b' }, b: { type: 'string' }, loop: { $ref: '#/components/schemas/loop' }, n: { $ref: '#/components/schemas/b/type' } },
      },
    };
    expect(derefObject(doc, { $ref: '#/components/schemas/a' })).toBe(doc.components.schemas.b);
    const plain = { type: 'object' };
    expect(derefObject(doc, plain)).toBe(plain);
    expect(derefObject(doc, { $ref: '#/components/schemas/missing' })).toBeUndefined();
    expect(derefObject(doc, { $ref: '#/components/schemas/loop' })).toBeUndefined();
    expect(derefObject(doc, { $ref: '#/components/schemas/n' })).toBeUndefined();
    expect(derefObject(doc, undefined)).toBeUndefined();
    expect(derefObject(doc, { $ref: '#/components/schemas/a' }, 1)).toBeUndefined();
  });
});
