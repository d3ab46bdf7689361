// The native AIBOM format v1 (design.md, contract): normalization is the identity on the
// loaded value; positions come straight from the load stage.

import type { LoadedFile, Location, NativeAibom, NormalizedBom, PositionMap } from '../../types.js';
import { parentPointer } from '../pointer.js';
import type { FormatAdapter } from './index.js';

function isNative(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'aibom');
}

/**
 * Where the node at `pointer` is in the file: its own position, else (for a "#key"
 * pointer) the member's value, else the nearest ancestor's, else line 1, column 1.
 */
export function locator(file: string, positions: PositionMap): (pointer: string) => Location {
  return (pointer: string): Location => {
    const own = positions.get(pointer);
    if (own) return { file, ...own };
    let current: string | null = pointer.endsWith('#key') ? pointer.slice(0, -'#key'.length) : parentPointer(pointer);
    while (current !== null) {
      const found = positions.get(current);
      if (found) return { file, ...found };
      current = parentPointer(current);
    }
    return { file, line: 1, column: 1 };
  };
}

export const nativeAdapter: FormatAdapter = {
  format: 'native',
  detect: (loaded) => isNative(loaded.value),
  normalize(loaded: LoadedFile) {
    if (!isNative(loaded.value)) {
      return {
        bom: null,
        findings: [
          {
            rule: 'bom/parse',
            severity: 'error',
            message: 'not a native AIBOM: the file must be a map with a top-level `aibom: 1` field',
            subject: { kind: 'bom', id: loaded.file },
            path: '',
            location: { file: loaded.file, line: 1, column: 1 },
            evidence: { reason: 'unknown-format', format: 'native' },
          },
        ],
      };
    }
    const bom: NormalizedBom = {
      file: loaded.file,
      format: 'native',
      sha256: loaded.sha256,
      // Shape is checked by the validate stage (schemas/aibom.schema.json), not here.
      aibom: loaded.value as unknown as NativeAibom,
      locate: locator(loaded.file, loaded.positions),
    };
    return { bom, findings: [] };
  },
};
