// Mapping CycloneDX ML-BOMs into the native model: exact meaning, and locations in the file.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFile } from '../../src/bom/load.js';
import { normalize, detectFormat } from '../../src/bom/formats/index.js';
import { cycloneDxValidator, normalizeCycloneDx } from '../../src/bom/formats/cyclonedx.js';
import { validateAibom } from '../../src/schema/validate.js';
import type { NormalizedBom, RawFinding } from '../../src/types.js';
import { REPO_ROOT, lineOf, loadJson, loadRepoFile, loadText } from './helpers.js';

const GENERATOR = 'test/fixtures/cyclonedx/generator-hosted-deepseek.cdx.json';

function bom16(body: Record<string, unknown>): Record<string, unknown> {
  return { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, ...body };
}
function model(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'machine-learning-model', name, ...extra };
}
function read(value: unknown, name = 'bom.cdx.json'): { bom: NormalizedBom | null; findings: RawFinding[] } {
  return normalizeCycloneDx(loadJson(name, value));
}
function readOk(value: unknown): NormalizedBom {
  const { bom, findings } = read(value);
  expect(findings).toEqual([]);
  expect(bom).not.toBeNull();
  expect(validateAibom(bom!)).toEqual([]);
  return bom!;
}

describe('a generator-style ML-BOM with a hosted API model from a PRC publisher', () => {
  const loaded = loadRepoFile(GENERATOR);
  const text = readFileSync(path.join(REPO_ROOT, GENERATOR), 'utf8');
  const { bom, findings } = normalize(loaded);

  test('is detected and read with no conversion step and no findings', () => {
    expect(detectFormat(loaded)).toBe('cyclonedx');
    expect(findings).toEqual([]);
    expect(bom?.format).toBe('cyclonedx');
    expect(validateAibom(bom!)).toEqual([]);
  });

  test('the hosted model is published by DeepSeek and only supplied by the reseller', () => {
    expect(bom!.aibom.models!['deepseek-chat']).toMatchObject({ name: 'deepseek-chat', version: '2026-03-01', publisher: 'DeepSeek', provider: 'Northwind Model Gateway, Inc.' });
  });

  test('the reseller service hosts the model that depends on it', () => {
    expect(bom!.aibom.hosts).toEqual({
      'northwind-llm-gateway': {
        kind: 'api',
        provider: 'Northwind Model Gateway, Inc.',
        country: 'US',
        endpoint: 'https://api.northwind-gateway.example/v1/chat/completions',
        serves: ['deepseek-chat'],
      },
    });
  });

  test("the model's findings point at its component's line", () => {
    const componentLine = lineOf(text, '"bom-ref": "model:deepseek-chat"') - 2;
    expect(text.split('\n')[componentLine - 1]!.trim()).toBe('{');
    expect(bom!.locate('/models/deepseek-chat')).toEqual({ file: GENERATOR, line: componentLine, column: 5 });
    expect(bom!.locate('/models/deepseek-chat/publisher').line).toBe(lineOf(text, '"name": "DeepSeek"'));
    expect(bom!.locate('/hosts/northwind-llm-gateway/serves/0').line).toBe(lineOf(text, '"service:northwind-llm-gateway"', lineOf(text, '"dependencies"')));
  });

  test('lineage from pedigree.ancestors, relations from the cdx:ai-ml tune methods', () => {
    const router = bom!.aibom.models!['ticket-router']!;
    expect(router).toMatchObject({
      source: 'hf:contoso/ticket-router',
      revision: '9a3c5e7f1b2d4a6c8e0f1a3b5c7d9e1f2a4b6c8d',
      license: 'Apache-2.0',
      publisher: 'Contoso Ltd.',
      origin: 'US',
      derivedFrom: [{ model: 'hf:Qwen/Qwen3-0.6B', relation: ['finetune', 'adapter'] }],
    });
    expect(router.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bom!.locate('/models/ticket-router/derivedFrom/0').line).toBe(lineOf(text, '"ancestors"') + 1);
    // A library component is not a model.
    expect(Object.keys(bom!.aibom.models!)).toEqual(['deepseek-chat', 'ticket-router']);
  });
});

describe('publisher, provider and origin', () => {
  test('manufacturer, then publisher, then authors; group only as a hint; supplier is a provider', () => {
    const bom = readOk(
      bom16({
        components: [
          model('a', { manufacturer: { name: 'Maker A' }, publisher: 'Pub A', authors: [{ name: 'Author A' }], group: 'grp', supplier: { name: 'Reseller' } }),
          model('b', { publisher: 'Pub B', authors: [{ name: 'Author B' }], supplier: { name: 'Reseller' } }),
          model('c', { authors: [{ email: 'x@example.com' }, { name: 'Author C' }], group: 'grp-c' }),
          model('d', { author: 'Legacy Author D' }),
          model('e', { group: 'only-group', supplier: { name: 'Distributor E' } }),
        ],
      }),
    );
    const m = bom.aibom.models!;
    expect([m.a!.publisher, m.b!.publisher, m.c!.publisher, m.d!.publisher, m.e!.publisher]).toEqual(['Maker A', 'Pub B', 'Author C', 'Legacy Author D', undefined]);
    expect(m.e).toEqual({ name: 'e', publisherHint: 'only-group', provider: 'Distributor E' });
    expect(m.a!.provider).toBe('Reseller');
  });

  test('origin from aibom-guard:origin, else the manufacturer address (a name or a code)', () => {
    const bom = readOk(
      bom16({
        components: [
          model('a', { manufacturer: { name: 'Maker', address: { country: "People's Republic of China" } } }),
          model('b', { manufacturer: { name: 'Maker', address: { country: 'us' } }, properties: [{ name: 'aibom-guard:origin', value: 'CN' }] }),
        ],
      }),
    );
    expect(bom.aibom.models!.a!.origin).toBe('CN');
    expect(bom.aibom.models!.b!.origin).toBe('CN');
  });

  test('an unreadable country is an error, not a silent unknown', () => {
    const { findings } = read(bom16({ components: [model('a', { manufacturer: { name: 'M', address: { country: 'Atlantis' } } })] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'bom/schema', severity: 'error' });
    expect(findings[0]!.message).toMatch(/Atlantis/);
  });
});

describe('sources and ids', () => {
  test('pkg:huggingface purls and Hugging Face URLs become hf: ids', () => {
    const bom = readOk(
      bom16({
        components: [
          model('a', { purl: 'pkg:huggingface/deepseek-ai/DeepSeek-R1@0123456789ABCDEF0123456789abcdef01234567' }),
          model('b', { externalReferences: [{ type: 'website', url: 'https://example.com' }, { type: 'distribution', url: 'https://huggingface.co/moonshotai/Kimi-K2.5/tree/main' }] }),
          { type: 'library', name: 'c', purl: 'pkg:huggingface/Qwen/Qwen3-8B' },
          { type: 'data', name: 'dataset', purl: 'pkg:huggingface/acme/tickets' },
        ],
      }),
    );
    const m = bom.aibom.models!;
    expect(m.a).toMatchObject({ source: 'hf:deepseek-ai/DeepSeek-R1', revision: '0123456789abcdef0123456789abcdef01234567' });
    expect(m.b).toMatchObject({ source: 'hf:moonshotai/Kimi-K2.5' });
    expect(m.b!.revision).toBeUndefined();
    // A Hugging Face purl marks a model even without the ML type; data components are not models.
    expect(Object.keys(m)).toEqual(['a', 'b', 'c']);
  });

  test('ids: a usable bom-ref, else the name; duplicates get a suffix', () => {
    const bom = readOk(
      bom16({
        components: [
          model('Kimi K2.5', { 'bom-ref': 'pkg:huggingface/moonshotai/Kimi-K2.5' }),
          model('Kimi K2.5', { 'bom-ref': '3e671687-395b-41f5-a30f-a58921a69b79', version: '2' }),
          model('Kimi K2.5'),
          model('whatever', { 'bom-ref': 'my-model' }),
        ],
      }),
    );
    expect(Object.keys(bom.aibom.models!)).toEqual(['kimi-k2.5', 'kimi-k2.5-2', 'kimi-k2.5-3', 'my-model']);
  });

  test('metadata.component that is a model is read once, with nested components', () => {
    const inner = model('inner', { 'bom-ref': 'inner' });
    const loaded = loadJson(
      'nested.cdx.json',
      bom16({
        metadata: { component: model('top', { 'bom-ref': 'top' }) },
        components: [model('top', { 'bom-ref': 'top' }), { type: 'application', name: 'app', components: [{ type: 'library', name: 'lib', components: [inner] }] }],
      }),
    );
    const { bom, findings } = normalizeCycloneDx(loaded);
    expect(findings).toEqual([]);
    expect(Object.keys(bom!.aibom.models!)).toEqual(['top', 'inner']);
    expect(bom!.aibom.system).toEqual({ name: 'top' });
    expect(bom!.locate('/models/inner')).toEqual({ file: 'nested.cdx.json', ...loaded.positions.get('/components/1/components/0/components/0') });
  });
});

describe('licenses', () => {
  test('id, name, expression; several licenses all apply; declared ones win', () => {
    const bom = readOk(
      bom16({
        components: [
          model('id', { licenses: [{ license: { id: 'MIT' } }] }),
          model('name', { licenses: [{ license: { name: 'DeepSeek License Agreement' } }] }),
          model('spdx-name', { licenses: [{ license: { name: 'apache-2.0' } }] }),
          model('expr', { licenses: [{ expression: 'Apache-2.0 OR MIT' }] }),
          model('many', { licenses: [{ license: { id: 'MIT' } }, { license: { name: 'Llama 3.1 Community License' } }] }),
          model('ack', { licenses: [{ license: { id: 'MIT', acknowledgement: 'concluded' } }, { license: { id: 'Apache-2.0', acknowledgement: 'declared' } }] }),
        ],
      }),
    );
    const license = Object.fromEntries(Object.entries(bom.aibom.models!).map(([id, m]) => [id, m.license]));
    expect(license).toEqual({
      id: 'MIT',
      name: 'LicenseRef-DeepSeek-License-Agreement',
      'spdx-name': 'Apache-2.0',
      expr: 'Apache-2.0 OR MIT',
      many: 'MIT AND LicenseRef-Llama-3.1-Community-License',
      ack: 'Apache-2.0',
    });
  });
});

describe('lineage, variants and dependencies', () => {
  test('nested ancestors at any depth keep the chain, each base a model of its own when it says more', () => {
    const bom = readOk(
      bom16({
        components: [
          model('product', {
            'bom-ref': 'product',
            pedigree: {
              ancestors: [
                model('Mid', {
                  manufacturer: { name: 'Mid Labs' },
                  properties: [{ name: 'aibom-guard:relation', value: 'distilled' }],
                  pedigree: {
                    ancestors: [
                      model('Low', {
                        purl: 'pkg:huggingface/low-org/Low',
                        properties: [{ name: 'aibom-guard:relation', value: 'continued-pretraining, rl' }],
                        pedigree: { ancestors: [model('Root', { purl: 'pkg:huggingface/root-org/Root' })] },
                      }),
                    ],
                  },
                }),
              ],
              variants: [model('product-gguf', { purl: 'pkg:huggingface/acme/product-gguf' })],
            },
          }),
        ],
      }),
    );
    const m = bom.aibom.models!;
    expect(m.product!.derivedFrom).toEqual([{ model: 'mid', relation: 'distilled' }]);
    expect(m.mid).toMatchObject({ name: 'Mid', publisher: 'Mid Labs', derivedFrom: [{ model: 'hf:low-org/Low', relation: ['continued-pretraining', 'rl'] }] });
    expect(m.low).toMatchObject({ source: 'hf:low-org/Low', derivedFrom: [{ model: 'hf:root-org/Root', relation: 'finetune', relationStated: false }] });
    // Variants are recorded, never lineage.
    expect(m.product!.variants).toEqual(['hf:acme/product-gguf']);
    expect(Object.keys(m)).toEqual(['product', 'mid', 'low']);
  });

  test('an ancestor without a stated relation is weight-derived and marked as not stated', () => {
    const bom = readOk(bom16({ components: [model('a', { pedigree: { ancestors: [model('Base', { purl: 'pkg:huggingface/org/Base' })] } })] }));
    expect(bom.aibom.models!.a!.derivedFrom).toEqual([{ model: 'hf:org/Base', relation: 'finetune', relationStated: false }]);
  });

  test('dependencies between models are use, not lineage; services serve the models that depend on them', () => {
    const bom = readOk(
      bom16({
        components: [model('agent', { 'bom-ref': 'agent' }), model('embedder', { 'bom-ref': 'embedder' })],
        services: [
          { 'bom-ref': 'svc', name: 'Inference API', endpoints: ['https://api.one.example/v1', 'https://api.two.example/v1', '/relative/path'], provider: { name: 'Host Co', address: { country: 'DE' } } },
          { 'bom-ref': 'other', name: 'Other', services: [{ 'bom-ref': 'nested-svc', name: 'Nested' }] },
        ],
        dependencies: [
          { ref: 'agent', dependsOn: ['embedder', 'svc'] },
          { ref: 'embedder', dependsOn: ['nested-svc'] },
        ],
      }),
    );
    expect(bom.aibom.models!.agent).toEqual({ name: 'agent', dependsOn: ['embedder'] });
    expect(bom.aibom.models!.agent!.derivedFrom).toBeUndefined();
    // One host per endpoint, so each endpoint's domain is checked.
    expect(bom.aibom.hosts).toEqual({
      svc: { kind: 'api', provider: 'Host Co', country: 'DE', endpoint: 'https://api.one.example/v1', serves: ['agent'] },
      'svc-endpoint-2': { kind: 'api', provider: 'Host Co', country: 'DE', endpoint: 'https://api.two.example/v1', serves: ['agent'] },
      other: { kind: 'api' },
      'nested-svc': { kind: 'api', serves: ['embedder'] },
    });
  });
});

describe('the aibom-guard property namespace', () => {
  test('origin, hijacking rating, relation, use and SPDX-only facts', () => {
    const bom = readOk(
      bom16({
        components: [
          model('a', {
            properties: [
              { name: 'aibom-guard:hijacking:rating', value: 'high' },
              { name: 'aibom-guard:hijacking:source', value: 'https://www.nist.gov/caisi' },
              { name: 'aibom-guard:hijacking:evaluated', value: '2025-09-30' },
              { name: 'aibom-guard:hijacking:basis', value: 'relative' },
              { name: 'aibom-guard:use:agentic', value: 'true' },
              { name: 'aibom-guard:use:tools', value: '["shell"]' },
              { name: 'aibom-guard:safety-risk-assessment', value: 'high' },
              { name: 'aibom-guard:snapshot', value: 'deepseek-chat-2026-03-01' },
              { name: 'aibom-guard:source', value: 'api:deepseek/deepseek-chat' },
              { name: 'cdx:ai-ml:model:parameter:count', value: '671B' },
            ],
          }),
        ],
      }),
    );
    expect(bom.aibom.models!.a).toEqual({
      name: 'a',
      source: 'api:deepseek/deepseek-chat',
      snapshot: 'deepseek-chat-2026-03-01',
      risk: { hijacking: { rating: 'high', source: 'https://www.nist.gov/caisi', evaluated: '2025-09-30', basis: 'relative' } },
      use: { agentic: true, tools: ['shell'] },
      safetyRiskAssessment: 'high',
      properties: { 'cdx:ai-ml:model:parameter:count': '671B' },
    });
  });

  test('a value outside the namespace vocabulary is an error at its property', () => {
    const loaded = loadJson(
      'bad-props.cdx.json',
      bom16({
        components: [
          model('a', {
            properties: [
              { name: 'aibom-guard:hijacking:rating', value: 'safe' },
              { name: 'aibom-guard:use:agentic', value: 'yes' },
            ],
            pedigree: { ancestors: [model('b', { properties: [{ name: 'aibom-guard:relation', value: 'fine-tuned, vibes' }] })] },
          }),
        ],
      }),
    );
    const { findings } = normalizeCycloneDx(loaded);
    expect(findings.map((f) => f.rule)).toEqual(['bom/schema', 'bom/schema', 'bom/schema']);
    expect(findings.map((f) => f.location.line).sort((x, y) => x - y)).toEqual(
      ['/components/0/properties/0', '/components/0/properties/1', '/components/0/pedigree/ancestors/0/properties/0'].map((p) => loaded.positions.get(p)!.line).sort((x, y) => x - y),
    );
    expect(findings.some((f) => /vibes/.test(f.message))).toBe(true);
  });
});

describe('files that are not AIBOMs', () => {
  test('a valid SBOM without models says so (bom/no-ai-content, error)', () => {
    const { bom, findings } = read(bom16({ components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'bom/no-ai-content', severity: 'error', location: { line: 1, column: 1 } });
    expect(bom?.aibom.models).toBeUndefined();
  });

  test('CycloneDX 1.4 and unknown versions are unsupported, at the specVersion line', () => {
    const loaded = loadJson('old.cdx.json', { bomFormat: 'CycloneDX', specVersion: '1.4', version: 1, components: [] });
    const { bom, findings } = normalizeCycloneDx(loaded);
    expect(bom).toBeNull();
    expect(findings).toMatchObject([{ rule: 'bom/unsupported-version', location: { line: 3 } }]);
  });

  test('--input-format cyclonedx on a native file explains why it is not CycloneDX', () => {
    const loaded = loadText('aibom.yaml', 'aibom: 1\nmodels: {}\n');
    expect(detectFormat(loaded)).toBe('native');
    const { bom, findings } = normalize(loaded, 'cyclonedx');
    expect(bom).toBeNull();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'bom/schema')).toBe(true);
  });
});

describe('malformed and hostile input', () => {
  test('wrong types are schema findings at their place', () => {
    const text = JSON.stringify(bom16({ components: { a: 1 }, services: 'none' }), null, 2);
    const { bom, findings } = normalizeCycloneDx(loadText('types.cdx.json', text));
    expect(bom).toBeNull();
    expect(findings.map((f) => f.location.line)).toEqual([lineOf(text, '"components"'), lineOf(text, '"services"')]);
  });

  test('duplicate items are found in linear time and located at the second one', () => {
    // ajv's own uniqueItems compares every pair: 30,000 components took ~20 s.
    const many = Array.from({ length: 30_000 }, (_, i) => ({ type: 'library', name: `lib${i}` }));
    const validate = cycloneDxValidator('1.6');
    validate(bom16({}));
    const started = performance.now();
    expect(validate(bom16({ components: [...many, { type: 'library', name: 'lib7' }] }))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(validate.errors).toMatchObject([{ keyword: 'uniqueItems', params: { i: 7, j: 30_000 } }]);

    const loaded = loadJson('dupes.cdx.json', bom16({ components: [...many.slice(0, 10), { type: 'library', name: 'lib3' }] }));
    const { findings } = normalizeCycloneDx(loaded);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/items 3 and 10 are identical/);
    expect(findings[0]!.location.line).toBe(loaded.positions.get('/components/10')!.line);
  });

  test('schema findings are capped, and the last says how many more', () => {
    const components = Array.from({ length: 500 }, (_, i) => ({ type: 'not-a-type', name: `c${i}` }));
    const { findings } = read(bom16({ components }));
    expect(findings).toHaveLength(20);
    expect(findings[19]!.message).toMatch(/and \d+ more schema problems not shown/);
  });

  test('ancestors nested deeper than the reader follows are reported, not followed', () => {
    let ancestor: Record<string, unknown> = model('m0', { manufacturer: { name: 'X' } });
    for (let i = 1; i < 40; i++) ancestor = model(`m${i}`, { manufacturer: { name: 'X' }, pedigree: { ancestors: [ancestor] } });
    const text = JSON.stringify(bom16({ components: [model('top', { pedigree: { ancestors: [ancestor] } })] }), null, 2);
    // A loader configured for deeper files still gets a bounded reader.
    const loaded = loadFile('deep.cdx.json', new TextEncoder().encode(text), { maxDepth: 400 });
    if (!loaded.ok) throw new Error('does not load');
    const { bom, findings } = normalizeCycloneDx(loaded.loaded);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/nested more than 32 levels/);
    expect(Object.keys(bom!.aibom.models!)).toHaveLength(33);
  });

  test('nesting beyond the loader limit is a parse error, never a crash', () => {
    // 5,000 levels of ancestors, written as text (too deep for JSON.stringify's stack).
    const levels = 5_000;
    const open = '{"type":"machine-learning-model","name":"m","pedigree":{"ancestors":['.repeat(levels);
    const close = ']}}'.repeat(levels);
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[${open}{"type":"machine-learning-model","name":"root"}${close}]}`;
    const loaded = loadFile('deeper.cdx.json', new TextEncoder().encode(text));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.findings[0]!.rule).toBe('bom/parse');
  });

  test('ancestor cycles through bom-refs become derivation cycles, read in finite time', () => {
    const bom = readOk(
      bom16({
        components: [
          model('a', { 'bom-ref': 'a', pedigree: { ancestors: [model('b', { 'bom-ref': 'b' })] } }),
          model('b', { 'bom-ref': 'b', pedigree: { ancestors: [model('a', { 'bom-ref': 'a' })] } }),
          model('self', { 'bom-ref': 'self', pedigree: { ancestors: [model('self', { properties: [{ name: 'aibom-guard:ref', value: 'self' }] })] } }),
        ],
      }),
    );
    expect(bom.aibom.models!.a!.derivedFrom![0]!.model).toBe('b');
    expect(bom.aibom.models!.b!.derivedFrom![0]!.model).toBe('a');
    expect(bom.aibom.models!.self!.derivedFrom![0]!.model).toBe('self');
  });

  test('huge arrays are read in linear time', () => {
    const components: Record<string, unknown>[] = Array.from({ length: 20_000 }, (_, i) => ({ type: 'library', name: `lib${i}`, 'bom-ref': `lib${i}` }));
    components.push(model('the-model', { 'bom-ref': 'the-model' }));
    const dependencies = [{ ref: 'the-model', dependsOn: components.map((c) => c['bom-ref']).filter((r) => r !== 'the-model') }];
    // The value as the load stage would give it (the loader has its own size limits and tests).
    const value = bom16({ components, dependencies });
    const started = performance.now();
    const { bom, findings } = normalizeCycloneDx({ file: 'big.cdx.json', sha256: '', syntax: 'json', value, positions: new Map(), text: '' });
    expect(performance.now() - started).toBeLessThan(800);
    expect(findings).toEqual([]);
    expect(Object.keys(bom!.aibom.models!)).toEqual(['the-model']);
  });
});
