// Format detection and normalization: every supported AIBOM format becomes a NormalizedBom
// (native-shaped, with a way back to source positions). Adapters are tried in order.

import type { BomFormat, LoadedFile, NormalizedBom, RawFinding } from '../../types.js';
import { nativeAdapter } from './native.js';
import { cyclonedxAdapter } from './cyclonedx.js';
import { spdxAdapter } from './spdx.js';
import { modelcardAdapter } from './modelcard.js';

export interface FormatAdapter {
  format: BomFormat;
  /** Whether the loaded file is in this format (cheap, structural). */
  detect(loaded: LoadedFile): boolean;
  /** The file in native shape; null (with findings) when it cannot be read as this format. */
  normalize(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] };
}

/** Known formats, in detection order. */
export const ADAPTERS: FormatAdapter[] = [nativeAdapter, cyclonedxAdapter, spdxAdapter, modelcardAdapter];

const FORMAT_NAMES: Record<BomFormat, string> = {
  native: 'a native AIBOM (top-level `aibom: 1`)',
  cyclonedx: 'a CycloneDX document',
  spdx: 'an SPDX document',
  modelcard: 'a Hugging Face model card',
};

/** The format of a loaded file: `forced` if given, else the first adapter that detects it. */
export function detectFormat(loaded: LoadedFile, forced?: BomFormat): BomFormat | null {
  if (forced) return forced;
  return ADAPTERS.find((adapter) => adapter.detect(loaded))?.format ?? null;
}

/**
 * Normalize a loaded file. With `forced`, that format's adapter reads it (and says why it
 * cannot); otherwise the detected one. A file of no known format gives a `bom/parse`
 * finding "not an AIBOM: ..." (callers that discovered the file by name may skip it).
 */
export function normalize(loaded: LoadedFile, forced?: BomFormat): { bom: NormalizedBom | null; findings: RawFinding[] } {
  if (forced) {
    const adapter = ADAPTERS.find((a) => a.format === forced);
    if (adapter) return adapter.normalize(loaded);
    return notAnAibom(loaded, `the input format ${forced} is not supported by this version; supported: ${ADAPTERS.map((a) => a.format).join(', ')}`);
  }
  const adapter = ADAPTERS.find((a) => a.detect(loaded));
  if (adapter) return adapter.normalize(loaded);
  return notAnAibom(loaded, `expected ${ADAPTERS.map((a) => FORMAT_NAMES[a.format]).join(', or ')}`);
}

function notAnAibom(loaded: LoadedFile, why: string): { bom: null; findings: RawFinding[] } {
  return {
    bom: null,
    findings: [
      {
        rule: 'bom/parse',
        severity: 'error',
        message: `not an AIBOM: ${why}`,
        subject: { kind: 'bom', id: loaded.file },
        path: '',
        location: { file: loaded.file, line: 1, column: 1 },
        evidence: { reason: 'unknown-format', formats: ADAPTERS.map((a) => a.format) },
      },
    ],
  };
}
