import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/bom/load.js';
import { ADAPTERS, detectFormat, normalize } from '../../src/bom/formats/index.js';
import type { LoadedFile } from '../../src/types.js';

function load(file: string, text: string): LoadedFile {
  const result = loadFile(file, new TextEncoder().encode(text));
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join('; '));
  return result.loaded;
}

describe('native format', () => {
  const text = readFileSync(new URL('../fixtures/native/valid.aibom.yaml', import.meta.url), 'utf8');

  it('is detected by the top-level aibom key and normalizes to the same data', () => {
    const loaded = load('examples/valid.aibom.yaml', text);
    expect(detectFormat(loaded)).toBe('native');
    const { bom, findings } = normalize(loaded);
    expect(findings).toEqual([]);
    expect(bom).not.toBeNull();
    expect(bom!.format).toBe('native');
    expect(bom!.file).toBe('examples/valid.aibom.yaml');
    expect(bom!.sha256).toBe(loaded.sha256);
    expect(bom!.aibom).toBe(loaded.value);
    expect(bom!.aibom.models?.['northwind-coder']?.derivedFrom?.[0]).toEqual({
      model: 'hf:moonshotai/Kimi-K2.5',
      relation: ['continued-pretraining', 'rl'],
    });
  });

  it('locates nodes, keys, and missing nodes at their nearest ancestor', () => {
    const { bom } = normalize(load('a.yaml', 'aibom: 1\nmodels:\n  acme-coder:\n    name: Acme Coder\n'));
    const locate = bom!.locate;
    expect(locate('/models/acme-coder/name')).toEqual({ file: 'a.yaml', line: 4, column: 11 });
    expect(locate('/models/acme-coder/name#key')).toEqual({ file: 'a.yaml', line: 4, column: 5 });
    // Not in the file: the nearest ancestor that is.
    expect(locate('/models/acme-coder/derivedFrom/0/model')).toEqual({ file: 'a.yaml', line: 4, column: 5 });
    expect(locate('/hosts/h#key')).toEqual({ file: 'a.yaml', line: 1, column: 1 });
    expect(locate('')).toEqual({ file: 'a.yaml', line: 1, column: 1 });
  });

  it('falls back to line 1, column 1 when nothing is known', () => {
    const loaded: LoadedFile = { file: 'x.json', sha256: '0', syntax: 'json', value: { aibom: 1 }, positions: new Map(), text: '' };
    expect(normalize(loaded).bom!.locate('/models/x')).toEqual({ file: 'x.json', line: 1, column: 1 });
  });

  it('forced native on a file without the aibom key says why it cannot be read', () => {
    const loaded = load('other.yaml', 'name: something else\n');
    const { bom, findings } = normalize(loaded, 'native');
    expect(bom).toBeNull();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'bom/parse', severity: 'error', path: '', location: { file: 'other.yaml', line: 1, column: 1 } });
    expect(findings[0]!.message).toMatch(/aibom: 1/);
  });
});

describe('unknown files', () => {
  it('are "not an AIBOM", naming the formats that are supported', () => {
    for (const text of ['name: something else\n', '[1, 2, 3]\n', '"just a string"\n']) {
      const loaded = load('notes.yaml', text);
      expect(detectFormat(loaded)).toBeNull();
      const { bom, findings } = normalize(loaded);
      expect(bom).toBeNull();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.rule).toBe('bom/parse');
      expect(findings[0]!.subject).toEqual({ kind: 'bom', id: 'notes.yaml' });
      expect(findings[0]!.message).toMatch(/^not an AIBOM: expected a native AIBOM/);
    }
  });

  it('a forced format without an adapter is reported, not ignored', () => {
    const loaded = load('a.yaml', 'aibom: 1\n');
    const saved = [...ADAPTERS];
    ADAPTERS.splice(0, ADAPTERS.length, ...saved.filter((a) => a.format === 'native'));
    try {
      const { bom, findings } = normalize(loaded, 'spdx');
      expect(bom).toBeNull();
      expect(findings[0]!.message).toBe('not an AIBOM: the input format spdx is not supported by this version; supported: native');
    } finally {
      ADAPTERS.splice(0, ADAPTERS.length, ...saved);
    }
  });

  it('a forced format is used even when another would be detected', () => {
    expect(detectFormat(load('a.yaml', 'aibom: 1\n'), 'spdx')).toBe('spdx');
  });
});
