// Test doubles for the resolve stage: NormalizedBom objects built directly, whose
// locate() gives every node of the document its own line (in document order).
import defaultCatalog from '../../policies/data/catalog.json' with { type: 'json' };
import type { Catalog, Location, NativeAibom, NormalizedBom } from '../../src/types.js';
import { indexCatalog, type CatalogIndex } from '../../src/lineage/catalog.js';
import { resolve, type ResolveResult, type ResolveStats } from '../../src/lineage/resolve.js';
import { escapeToken, parentPointer } from '../../src/bom/pointer.js';

export const catalog = defaultCatalog as unknown as Catalog;
export const index: CatalogIndex = indexCatalog(catalog);

/** Line numbers by pointer: each object key and array item gets the next line. */
function linesOf(value: unknown): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  const walk = (node: unknown, pointer: string): void => {
    lines.set(pointer, line++);
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${pointer}/${escapeToken(k)}`);
  };
  walk(value, '');
  return lines;
}

export function bom(file: string, aibom: Omit<NativeAibom, 'aibom'>): NormalizedBom & { lines: Map<string, number> } {
  const doc: NativeAibom = { aibom: 1, ...aibom };
  const lines = linesOf(doc);
  return {
    file,
    format: 'native',
    sha256: '0'.repeat(64),
    aibom: doc,
    lines,
    locate(pointer: string): Location {
      let at: string | null = pointer;
      while (at !== null && !lines.has(at)) at = parentPointer(at);
      // Column 3 is arbitrary: it shows the location is passed through, not recomputed.
      return { file, line: lines.get(at ?? '') ?? 1, column: 3 };
    },
  };
}

export function run(boms: NormalizedBom[], idx: CatalogIndex = index, stats?: ResolveStats): ResolveResult {
  return resolve(boms, idx, { now: '2026-11-24T00:00:00Z', profile: 'baseline', event: null, changedFiles: [], ...(stats ? { stats } : {}) });
}

export function model(result: ResolveResult, id: string, file = 'aibom.yaml') {
  const found = result.input.models.find((m) => m.key === `${file}#${id}`);
  if (!found) throw new Error(`no model ${file}#${id}`);
  return found;
}

export function newStats(): ResolveStats {
  return { nodesExpanded: 0, edgesVisited: 0, externalResolutions: 0, nameLookups: 0 };
}
