// SPDX 3.0.1 JSON-LD AI packages into the native model.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { detectFormat, normalize } from '../../src/bom/formats/index.js';
import { normalizeSpdx } from '../../src/bom/formats/spdx.js';
import { validateAibom } from '../../src/schema/validate.js';
import { CORPUS, REPO_ROOT, lineOf, loadJson, loadRepoFile, loadText } from './helpers.js';

function corpus(relative: string) {
  const file = path.join(CORPUS, 'spdx', relative);
  return loadText(`corpus/spdx/${relative}`, readFileSync(file, 'utf8'));
}

const haveCorpus = existsSync(path.join(CORPUS, 'spdx'));
if (!haveCorpus) console.warn(`SPDX corpus tests SKIPPED: ${CORPUS} not found (CI has ../shared beside the repository)`);

describe.skipIf(!haveCorpus)('the SPDX examples of the shared corpus import', () => {
  test('example01 (SimpleHTR): two AI packages; the supplier is a provider, not the publisher', () => {
    const loaded = corpus('example01/simplehtr-example.json');
    expect(detectFormat(loaded)).toBe('spdx');
    const { bom, findings } = normalize(loaded);
    expect(findings).toEqual([]);
    expect(validateAibom(bom!)).toEqual([]);
    expect(bom!.aibom.system).toEqual({ name: 'SimpleHTR' });
    const models = bom!.aibom.models!;
    expect(Object.keys(models)).toEqual(['word-model', 'line-model']);
    expect(models['word-model']).toEqual({
      name: 'word-model',
      version: '0.0',
      provider: 'Harald Scheidl',
      source: 'https://www.dropbox.com/s/mya8hw6jyzqm0a3/word-model.zip?dl=1',
      autonomyType: 'no',
      safetyRiskAssessment: 'low',
      license: 'MIT',
    });
    // The EU AI Act tier is its own fact, never a hijacking rating.
    expect(models['word-model']!.risk).toBeUndefined();
  });

  test('example02 (sentiment demo): one AI package with its license and autonomy type', () => {
    const { bom, findings } = normalize(corpus('example02/sbom.spdx3.json'));
    expect(findings).toEqual([]);
    const [id, model] = Object.entries(bom!.aibom.models!)[0]!;
    expect(Object.keys(bom!.aibom.models!)).toHaveLength(1);
    expect(model).toMatchObject({ license: 'CC0-1.0', autonomyType: 'yes', source: 'https://github.com/bact/sentimentdemo' });
    const text = readFileSync(path.join(CORPUS, 'spdx', 'example02/sbom.spdx3.json'), 'utf8');
    // The model's location is its element in @graph.
    expect(bom!.locate(`/models/${id}/autonomyType`).line).toBe(lineOf(text, '"ai_autonomyType"'));
  });
});

describe('lineage from ancestorOf / descendantOf', () => {
  const file = 'test/fixtures/spdx/lineage.spdx3.json';
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const { bom, findings } = normalize(loadRepoFile(file));
  const models = bom!.aibom.models!;

  test('reads without findings into a valid native AIBOM', () => {
    expect(findings).toEqual([]);
    expect(validateAibom(bom!)).toEqual([]);
    expect(bom!.aibom.system).toEqual({ name: 'Fabrikam Assist AIBOM' });
  });

  test('descendantOf and ancestorOf chain the models; relation not stated', () => {
    expect(models['fabrikam-assist']!.derivedFrom).toEqual([{ model: 'fabrikam-assist-mid', relation: 'finetune', relationStated: false }]);
    expect(models['fabrikam-assist-mid']!.derivedFrom).toEqual([{ model: 'kimi-k2.5', relation: 'finetune', relationStated: false }]);
    expect(models['fabrikam-reranker']!.derivedFrom).toEqual([{ model: 'hf:BAAI/bge-reranker-v2-m3', relation: 'finetune', relationStated: false }]);
    expect(bom!.locate('/models/fabrikam-assist-mid/derivedFrom/0/model').line).toBe(lineOf(text, '"from": "https://fabrikam.example/spdx/ai/kimi-k2-5"'));
  });

  test('hasVariant and dependsOn are recorded, not lineage', () => {
    expect(models['fabrikam-assist']!.variants).toEqual(['fabrikam-assist-int4']);
    expect(models['fabrikam-assist']!.dependsOn).toEqual(['fabrikam-reranker']);
    expect(models['fabrikam-assist-int4']!.derivedFrom).toBeUndefined();
    expect(models['fabrikam-reranker']!.derivedFrom!.map((d) => d.model)).not.toContain('fabrikam-assist');
  });

  test('originatedBy is the publisher, suppliedBy the provider; risk tier and autonomy kept', () => {
    expect(models['fabrikam-assist']).toMatchObject({
      publisher: 'Fabrikam Labs Inc.',
      provider: 'Northwind Model Distribution',
      source: 'hf:fabrikam/assist-4',
      revision: '0123456789abcdef0123456789abcdef01234567',
      version: '4.1.0',
      license: 'Apache-2.0',
      autonomyType: 'yes',
      safetyRiskAssessment: 'high',
    });
    expect(models['kimi-k2.5']).toMatchObject({ publisher: 'Moonshot AI', source: 'hf:moonshotai/Kimi-K2.5', license: 'MIT' });
    expect(models['fabrikam-assist-mid']!.license).toBe('LicenseRef-Fabrikam-Model-License-1.0');
  });
});

describe('hostile and malformed SPDX', () => {
  test('cycles and self-derivation are kept as declared, in finite time', () => {
    const { bom, findings } = normalize(loadRepoFile('test/fixtures/spdx/cycle.spdx3.json'));
    expect(findings).toEqual([]);
    const models = bom!.aibom.models!;
    expect(models['model-a']!.derivedFrom!.map((d) => d.model)).toEqual(['model-b', 'model-a', 'unknown-base']);
    expect(models['model-b']!.derivedFrom!.map((d) => d.model)).toEqual(['model-a']);
    // A base named only by a non-https IRI becomes a model of its own, so the chain stays visible.
    expect(models['unknown-base']).toEqual({ name: 'urn:example:unknown-base' });
    expect(validateAibom(bom!)).toEqual([]);
  });

  test('wrong types and values are bom/schema findings at their place', () => {
    const file = 'test/fixtures/spdx/malformed.spdx3.json';
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const { bom, findings } = normalize(loadRepoFile(file));
    expect(bom).toBeNull();
    expect(findings.every((f) => f.rule === 'bom/schema')).toBe(true);
    expect(findings.map((f) => f.location.line).sort()).toEqual([lineOf(text, 'critical'), lineOf(text, '"to": "urn'), lineOf(text, 'no-type')].sort());
  });

  test('SPDX 2 is unsupported; a document without AI packages says so', () => {
    const v2 = normalizeSpdx(loadJson('sbom.spdx.json', { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'x', packages: [] }));
    expect(v2.bom).toBeNull();
    expect(v2.findings).toMatchObject([{ rule: 'bom/unsupported-version', location: { line: 2 } }]);
    const empty = normalizeSpdx(loadJson('empty.spdx3.json', { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': [{ type: 'software_Package', spdxId: 'urn:x', name: 'lib' }] }));
    expect(empty.findings).toMatchObject([{ rule: 'bom/no-ai-content', severity: 'error' }]);
  });

  test('many relationships with huge target lists are read in linear time', () => {
    const graph: Record<string, unknown>[] = [{ type: 'ai_AIPackage', spdxId: 'urn:m', name: 'm' }];
    const to = Array.from({ length: 50_000 }, (_, i) => `urn:lib:${i}`);
    graph.push({ type: 'Relationship', spdxId: 'urn:r', relationshipType: 'dependsOn', from: 'urn:m', to });
    for (let i = 0; i < 5_000; i++) graph.push({ type: 'software_Package', spdxId: `urn:lib:${i}`, name: `lib${i}` });
    const value = { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': graph };
    const started = performance.now();
    const { bom, findings } = normalizeSpdx({ file: 'big.spdx3.json', sha256: '', syntax: 'json', value, positions: new Map(), text: '' });
    expect(findings).toEqual([]);
    expect(bom!.aibom.models!.m!.dependsOn).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(800);
  });
});
