// native → CycloneDX 1.6 → native gives the same normalized model, for every native example
// and fixture of the repository and for every foreign-format fixture (after normalizing it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { normalize } from '../../src/bom/formats/index.js';
import { cycloneDxSchemaFindings, normalizeCycloneDx } from '../../src/bom/formats/cyclonedx.js';
import { serializeCycloneDx, toCycloneDx } from '../../src/convert/to-cyclonedx.js';
import { validateAibom } from '../../src/schema/validate.js';
import type { NativeAibom } from '../../src/types.js';
import { CORPUS, REPO_ROOT, loadText } from './helpers.js';

/** Files under `dir` (relative to the repository root) whose name matches. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  const absolute = path.join(REPO_ROOT, dir);
  if (!existsSync(absolute)) return [];
  return (readdirSync(absolute, { recursive: true }) as string[])
    .filter((f) => pattern.test(path.basename(f)))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();
}

/** The normalized model of a file, when it reads cleanly and is a valid AIBOM. */
function normalizedModel(file: string, text: string): NativeAibom | null {
  const loaded = loadText(file, text);
  const { bom, findings } = normalize(loaded);
  if (!bom || findings.length > 0 || validateAibom(bom).length > 0) return null;
  return bom.aibom;
}

function roundTrip(aibom: NativeAibom): NativeAibom {
  const text = serializeCycloneDx(toCycloneDx(aibom));
  const loaded = loadText('converted.cdx.json', text);
  // The output is valid against the official CycloneDX 1.6 schema.
  expect(cycloneDxSchemaFindings(loaded, '1.6')).toEqual([]);
  const { bom, findings } = normalizeCycloneDx(loaded);
  expect(findings).toEqual([]);
  expect(validateAibom(bom!)).toEqual([]);
  return bom!.aibom;
}

const native = [
  ...filesUnder('examples', /\.(ya?ml|json)$/),
  ...filesUnder('test/fixtures', /(^|\.)aibom\.(ya?ml|json)$/),
];
const foreign = [
  ...filesUnder('test/fixtures/cyclonedx', /\.cdx\.json$/),
  ...filesUnder('test/fixtures/spdx', /\.spdx3\.json$/),
  ...filesUnder('test/fixtures/modelcard', /^README\.md$/),
];
const corpusFiles = existsSync(CORPUS)
  ? [
      ...['1.5', '1.6', '1.7'].map((v) => path.join(CORPUS, 'cyclonedx', 'spec-tests', v, `valid-machine-learning-${v}.json`)),
      path.join(CORPUS, 'spdx', 'example01', 'simplehtr-example.json'),
      path.join(CORPUS, 'spdx', 'example02', 'sbom.spdx3.json'),
    ].filter(existsSync)
  : [];

describe('native → CycloneDX → native', () => {
  const cases = native.map((file) => ({ file, model: normalizedModel(file, readFileSync(path.join(REPO_ROOT, file), 'utf8')) })).filter((c) => c.model !== null);

  test('there are native examples and fixtures to convert', () => {
    expect(cases.map((c) => c.file)).toContain('test/fixtures/cyclonedx/roundtrip-full.aibom.yaml');
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  test.each(cases)('$file', ({ model }) => {
    expect(roundTrip(model!)).toStrictEqual(model);
  });

  test('conversion is deterministic', () => {
    const model = cases[0]!.model!;
    expect(serializeCycloneDx(toCycloneDx(model))).toBe(serializeCycloneDx(toCycloneDx(structuredClone(model))));
  });
});

describe('foreign format → native → CycloneDX → native', () => {
  const cases = [
    ...foreign.map((file) => ({ file, text: readFileSync(path.join(REPO_ROOT, file), 'utf8') })),
    ...corpusFiles.map((file) => ({ file: path.relative(CORPUS, file), text: readFileSync(file, 'utf8') })),
  ]
    .map((c) => ({ file: c.file, model: normalizedModel(c.file, c.text) }))
    .filter((c) => c.model !== null);

  test('the fixtures and corpus examples that describe models are all here', () => {
    const names = cases.map((c) => c.file);
    expect(names).toContain('test/fixtures/cyclonedx/generator-hosted-deepseek.cdx.json');
    expect(names).toContain('test/fixtures/spdx/lineage.spdx3.json');
    expect(names).toContain('test/fixtures/modelcard/fabrikam-merge/README.md');
    // Every corpus example that describes models is here too, when ../shared is beside the repo.
    for (const file of corpusFiles) expect(names).toContain(path.relative(CORPUS, file));
    expect(cases.length - corpusFiles.length).toBeGreaterThanOrEqual(5);
  });

  test.each(cases)('$file', ({ model }) => {
    expect(roundTrip(model!)).toStrictEqual(model);
  });
});

describe('the CycloneDX written', () => {
  const model = normalizedModel('test/fixtures/cyclonedx/roundtrip-full.aibom.yaml', readFileSync(path.join(REPO_ROOT, 'test/fixtures/cyclonedx/roundtrip-full.aibom.yaml'), 'utf8'))!;
  const bom = toCycloneDx(model) as { components: Record<string, unknown>[]; services: Record<string, unknown>[]; dependencies: { ref: string; dependsOn: string[] }[]; specVersion: string };

  test('is an ML-BOM: models as machine-learning-model components, lineage in pedigree.ancestors', () => {
    expect(bom.specVersion).toBe('1.6');
    const reviewer = bom.components.find((c) => c['bom-ref'] === 'reviewer')!;
    expect(reviewer).toMatchObject({ type: 'machine-learning-model', name: 'Fabrikam Reviewer 3', purl: 'pkg:huggingface/fabrikam/reviewer-3@0123456789abcdef0123456789abcdef01234567', manufacturer: { name: 'Fabrikam Labs Inc.', address: { country: 'US' } }, supplier: { name: 'Northwind Model Gateway' } });
    const ancestors = (reviewer.pedigree as { ancestors: Record<string, unknown>[] }).ancestors;
    expect(ancestors[0]).toMatchObject({ type: 'machine-learning-model', name: 'hf:moonshotai/Kimi-K2.5', purl: 'pkg:huggingface/moonshotai/Kimi-K2.5', properties: [{ name: 'aibom-guard:ref', value: 'hf:moonshotai/Kimi-K2.5' }, { name: 'aibom-guard:relation', value: '[continued-pretraining, rl]' }] });
  });

  test('hosts are services the models they serve depend on', () => {
    const service = bom.services.find((s) => s.name === 'reviewer')!;
    // The host id collides with a model id, so the service gets another bom-ref.
    expect(service['bom-ref']).toBe('host-reviewer');
    expect(service).toMatchObject({ provider: { name: 'Fireworks AI', address: { country: 'US' } }, endpoints: ['https://api.fireworks.example/v1'] });
    expect(bom.dependencies.find((d) => d.ref === 'reviewer')!.dependsOn).toEqual(['host-reviewer', 'summarizer']);
  });
});
