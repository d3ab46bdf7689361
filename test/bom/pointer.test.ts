import { describe, expect, it } from 'vitest';
import { childPointer, displayPath, parentPointer, parsePointer, pointerOf } from '../../src/bom/pointer.js';

describe('JSON Pointer (RFC 6901)', () => {
  it('builds pointers, escaping ~ and / (in that order)', () => {
    expect(pointerOf([])).toBe('');
    expect(pointerOf(['models', 'acme-coder', 'derivedFrom', 0, 'relation'])).toBe('/models/acme-coder/derivedFrom/0/relation');
    expect(pointerOf(['a/b', 'm~n', '~1'])).toBe('/a~1b/m~0n/~01');
    expect(pointerOf([''])).toBe('/');
    expect(childPointer('/models', 'x/y')).toBe('/models/x~1y');
  });

  it('parses pointers back to the same segments', () => {
    const segments = ['a/b', 'm~n', '~1', '', '0'];
    expect(parsePointer(pointerOf(segments))).toEqual(segments);
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
    // RFC 6901 examples
    expect(parsePointer('/a~1b')).toEqual(['a/b']);
    expect(parsePointer('/m~0n')).toEqual(['m~n']);
  });

  it('rejects strings that are not pointers', () => {
    expect(() => parsePointer('models')).toThrow(/not a JSON Pointer/);
    expect(() => parsePointer('/a~2')).toThrow(/not a JSON Pointer/);
  });

  it('gives the parent pointer, null for the root', () => {
    expect(parentPointer('/models/acme-coder/name')).toBe('/models/acme-coder');
    expect(parentPointer('/models')).toBe('');
    expect(parentPointer('/a~1b/c')).toBe('/a~1b');
    expect(parentPointer('')).toBeNull();
  });

  it('shows pointers the way a person reads them', () => {
    expect(displayPath('/models/acme-coder/derivedFrom/0/relation')).toBe('models.acme-coder.derivedFrom[0].relation');
    expect(displayPath('/models/acme.coder/name')).toBe('models["acme.coder"].name');
    expect(displayPath('')).toBe('top level');
  });
});
