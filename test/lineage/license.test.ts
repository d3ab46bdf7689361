// src/lineage/license.ts: SPDX parsing, catalog license terms, and which obligations bind a
// model through its lineage (the policies in policies/rules/license decide on them).
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import inputSchema from '../../schemas/input.schema.json' with { type: 'json' };
import type { CatalogLicense, InputModel, ModelDecl, ParsedLicense, PolicyInput } from '../../src/types.js';
import { CatalogError, indexCatalog, mergeCatalogs } from '../../src/lineage/catalog.js';
import { isNoLicense, licenseIndexOf, parseLicense } from '../../src/lineage/license.js';
import { bom, catalog, index, model, run } from './helpers.js';

const licenses = licenseIndexOf(index);
const parse = (text: string) => parseLicense(text, licenses);

/** The catalog obligation an applied obligation names, as the policies join it (data.catalog.licenses). */
const catalogObligation = (license: string, i: number) => (catalog.licenses ?? []).find((l) => l.id === license)?.obligations[i];

/** The obligations of a model as "<license id>#<index> <kind> via <via> from <ref>", joined as the policies join them. */
const obligationsOf = (m: InputModel): string[] =>
  (m.licenses?.obligations ?? []).map((o) => {
    const from = o.via === 'own' ? (m.ref ?? m.id) : m.ancestors[o.from]?.ref;
    return `${o.license}#${o.index} ${catalogObligation(o.license, o.index)?.kind} via ${o.via} from ${from}`;
  });

/** A parsed expression of the input's table; fails the test when the table lacks it. */
const parsedIn = (input: PolicyInput, expression: string): ParsedLicense => {
  const parsed = input.licenseExpressions?.[expression];
  if (!parsed) throw new Error(`licenseExpressions lacks "${expression}"`);
  return parsed;
};

describe('parseLicense', () => {
  it('parses SPDX expressions, LicenseRef-*, WITH exceptions and "+" into ids and alternatives', () => {
    expect(parse('MIT')).toMatchObject({ valid: true, error: null, ids: ['MIT'], choices: [['MIT']] });
    expect(parse('  LicenseRef-Acme-Proprietary ')).toMatchObject({ expression: 'LicenseRef-Acme-Proprietary', valid: true, ids: ['LicenseRef-Acme-Proprietary'] });
    expect(parse('GPL-2.0-only WITH Classpath-exception-2.0')).toMatchObject({ valid: true, ids: ['GPL-2.0-only'] });
    expect(parse('GPL-2.0+').ids).toEqual(['GPL-2.0+']);
    expect(parse('MIT OR (Apache-2.0 AND LicenseRef-Data)').choices).toEqual([['MIT'], ['Apache-2.0', 'LicenseRef-Data']]);
    expect(parse('(MIT OR Apache-2.0) AND (BSD-3-Clause OR ISC)').choices).toEqual([
      ['MIT', 'BSD-3-Clause'],
      ['MIT', 'ISC'],
      ['Apache-2.0', 'BSD-3-Clause'],
      ['Apache-2.0', 'ISC'],
    ]);
    expect(parse('MIT AND MIT').ids).toEqual(['MIT']);
  });

  it('past 64 alternatives, one alternative binds every id (fail closed)', () => {
    const pairs = Array.from({ length: 7 }, (_, i) => `(LicenseRef-A${i} OR LicenseRef-B${i})`).join(' AND ');
    const parsed = parse(pairs);
    expect(parsed.valid).toBe(true);
    expect(parsed.ids).toHaveLength(14);
    expect(parsed.choices).toEqual([parsed.ids]);
  });

  it('rejects what is not SPDX, saying why and how to write it', () => {
    const lower = parse('mit');
    expect(lower.valid).toBe(false);
    expect(lower.error).toContain('SPDX writes "mit" as "MIT"');
    expect(lower.ids).toEqual([]);
    expect(lower.choices).toEqual([]);
    expect(lower.commercialUse).toBe('unknown');
    expect(parse('Apache 2.0').error).toContain('"Apache" is not an SPDX license id (use LicenseRef-Apache for a custom license)');
    expect(parse('MIT OR').valid).toBe(false);
    expect(parse('MIT OR').error).not.toBe('');
    expect(parse('(MIT').valid).toBe(false);
    expect(parse('licenseref-foo').error).toContain('with the prefix "LicenseRef-" exactly');
  });

  it('matches ids to the catalog case-insensitively and reads commercial use from it', () => {
    const qwen = parse('LicenseRef-Qwen-Research-License');
    expect(qwen.commercialUse).toBe('non-commercial');
    expect(qwen.nonCommercialIds).toEqual(['LicenseRef-Qwen-Research-License']);
    expect(qwen.known.map((k) => k.id)).toEqual(['qwen-research-license']);
    expect(parse('LicenseRef-KIMI-k2.5-modified-mit').known.map((k) => k.id)).toEqual(['kimi-k2.5-modified-mit']);
    expect(parse('LicenseRef-Kimi-K2.5-Modified-MIT').commercialUse).toBe('allowed');
  });

  it('recognizes CC-BY-NC-* and PolyForm-Noncommercial-* by name; an alternative that allows commercial use wins', () => {
    expect(parse('CC-BY-NC-SA-4.0')).toMatchObject({ commercialUse: 'non-commercial', nonCommercialIds: ['CC-BY-NC-SA-4.0'], known: [] });
    expect(parse('PolyForm-Noncommercial-1.0.0').commercialUse).toBe('non-commercial');
    expect(parse('MIT AND CC-BY-NC-4.0').commercialUse).toBe('non-commercial');
    // MIT is not in the catalog: "unknown", not "allowed", but the expression is not non-commercial either.
    expect(parse('CC-BY-NC-4.0 OR MIT').commercialUse).toBe('unknown');
    expect(parse('CC-BY-NC-4.0 OR LicenseRef-Kimi-K2.5-Modified-MIT').commercialUse).toBe('allowed');
    expect(parse('CC-BY-4.0').commercialUse).toBe('unknown');
  });

  it('treats unknown, NOASSERTION, NONE and empty as no license', () => {
    for (const text of ['unknown', 'UNKNOWN', 'NOASSERTION', 'NONE', ' ', null, undefined]) expect(isNoLicense(text)).toBe(true);
    expect(isNoLicense('MIT')).toBe(false);
  });
});

describe('the catalog licenses', () => {
  const entries = catalog.licenses ?? [];
  const byId = new Map(entries.map((l) => [l.id, l]));

  it('each names a valid SPDX id or LicenseRef, with a source and date', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
    for (const license of entries) {
      expect(parse(license.spdx), license.id).toMatchObject({ valid: true, ids: [license.spdx] });
      expect(license.source.length).toBeGreaterThan(10);
      expect(license.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('records the terms of the reference facts, unverified where they say verify', () => {
    const kimi = byId.get('kimi-k2.5-modified-mit') as CatalogLicense;
    expect(kimi.obligations).toEqual([expect.objectContaining({ kind: 'display', term: 'Kimi K2.5', threshold: { mau: 100_000_000, monthlyRevenueUSD: 20_000_000 }, coversDerivatives: true })]);
    expect(byId.get('kimi-k2-modified-mit')?.obligations[0]?.term).toBe('Kimi K2');
    const llama = byId.get('llama-3.1-community') as CatalogLicense;
    expect(llama.obligations.map((o) => [o.kind, o.threshold?.mau ?? null, o.term ?? null, o.coversOutputsTraining === true])).toEqual([
      ['license-required', 700_000_000, null, false],
      ['attribution', null, 'Built with Llama', false],
      ['naming', null, 'Llama', true],
    ]);
    expect(byId.get('minimax-m2-mit-display')).toMatchObject({ confidence: 'unverified', obligations: [{ threshold: { mau: 100_000_000, annualRevenueUSD: 30_000_000 } }] });
    expect(byId.get('llama-4-community')?.obligations.find((o) => o.kind === 'territory')?.confidence).toBe('unverified');
    const hunyuan = byId.get('tencent-hunyuan-community') as CatalogLicense;
    expect(hunyuan.obligations[0]?.excludedCountries).toEqual(expect.arrayContaining(['DE', 'FR', 'GB', 'KR']));
    expect(hunyuan.obligations[0]?.excludedCountries).toHaveLength(29);
    for (const id of ['qwen-research-license', 'cc-by-nc-4.0']) expect(byId.get(id)?.commercialUse).toBe('non-commercial');
  });

  it('covers every custom license of the catalog models that has known terms', () => {
    const used = new Set(catalog.models.map((m) => m.license));
    for (const spdx of ['LicenseRef-Kimi-K2-Modified-MIT', 'LicenseRef-Kimi-K2.5-Modified-MIT', 'LicenseRef-Qwen-License', 'LicenseRef-Qwen-Research-License', 'LicenseRef-MiniMax-M2-MIT-Display', 'LicenseRef-Llama-3.1-Community-License', 'LicenseRef-Llama-3.3-Community-License']) {
      expect(used.has(spdx), spdx).toBe(true);
      expect(licenses.bySpdx.has(spdx.toLowerCase()), spdx).toBe(true);
    }
  });

  it('rejects a catalog that describes one license twice', () => {
    const twice = mergeCatalogs(catalog, { licenses: [{ ...(catalog.licenses?.[0] as CatalogLicense), id: 'copy' }] });
    expect(() => licenseIndexOf(indexCatalog(twice))).toThrow(CatalogError);
    expect(() => licenseIndexOf(indexCatalog(twice))).toThrow(/described by both/);
  });

  it('team --data files add or replace licenses by id', () => {
    const custom: CatalogLicense = { id: 'acme-eval', name: 'Acme Eval License', spdx: 'LicenseRef-Acme-Eval', commercialUse: 'non-commercial', obligations: [], source: 'legal', asOf: '2026-01-01' };
    const merged = mergeCatalogs(catalog, { licenses: [custom] });
    expect(parseLicense('LicenseRef-Acme-Eval', licenseIndexOf(indexCatalog(merged))).commercialUse).toBe('non-commercial');
    expect(merged.licenses).toHaveLength((catalog.licenses ?? []).length + 1);
  });
});

describe('licenses on the policy input', () => {
  const acme = { 'acme-labs': { name: 'Acme Labs Inc.', country: 'US' } };

  it('keeps the declared and the catalog license of a model when they differ, once when equal', () => {
    const result = run([
      bom('aibom.yaml', {
        models: {
          relabelled: { source: 'hf:Qwen/Qwen2.5-3B-Instruct', license: 'Apache-2.0' },
          same: { source: 'hf:Qwen/Qwen3-8B', license: 'apache-2.0' },
          broken: { license: 'Apache 2' },
          none: {},
        },
      }),
    ]);
    const parsed = (expression: string) => parsedIn(result.input, expression);
    expect(model(result, 'relabelled').licenses?.own.map((o) => [o.origin, o.path, o.expression, parsed(o.expression).commercialUse])).toEqual([
      ['declared', '/models/relabelled/license', 'Apache-2.0', 'unknown'],
      ['catalog', '/models/relabelled/source', 'LicenseRef-Qwen-Research-License', 'non-commercial'],
    ]);
    // Equal up to case: one entry (the declaration, whose parse reports the casing problem).
    expect(model(result, 'same').licenses?.own.map((o) => [o.origin, parsed(o.expression).valid])).toEqual([['declared', false]]);
    expect(parsed(model(result, 'broken').licenses?.own[0]?.expression ?? '')).toMatchObject({ valid: false, expression: 'Apache 2' });
    // Each expression is parsed once for the whole input, whoever names it.
    expect(Object.keys(result.input.licenseExpressions ?? {}).sort()).toEqual(['Apache 2', 'Apache-2.0', 'LicenseRef-Qwen-Research-License', 'apache-2.0']);
    expect(model(result, 'none').licenses).toEqual({ own: [], ancestors: [], obligations: [] });
  });

  it('gives ancestors their licenses: local ones as declared, external ones from the catalog, unknown ones left out', () => {
    const result = run([
      bom('aibom.yaml', {
        organizations: acme,
        models: {
          base: { publisher: 'acme-labs', license: 'CC-BY-NC-4.0', derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'finetune' }] },
          tuned: { publisher: 'acme-labs', license: 'LicenseRef-Acme', derivedFrom: [{ model: 'base', relation: 'rl' }, { model: 'api:deepseek/deepseek-chat', relation: 'distilled' }] },
        },
      }),
    ]);
    const tuned = model(result, 'tuned');
    // Index-aligned with the model's ancestors, which hold the chain; licenses by origin.
    expect(tuned.ancestors.map((a, i) => [a.ref, a.depth, a.weightDerived, tuned.licenses?.ancestors[i]])).toEqual([
      ['base', 1, true, { declared: 'CC-BY-NC-4.0' }],
      ['api:deepseek/deepseek-chat', 1, false, {}],
      ['hf:moonshotai/Kimi-K2.5', 2, true, { catalog: 'LicenseRef-Kimi-K2.5-Modified-MIT' }],
    ]);
    expect(tuned.licenses?.ancestors).toHaveLength(tuned.ancestors.length);
    expect(parsedIn(result.input, 'CC-BY-NC-4.0').commercialUse).toBe('non-commercial');
  });

  it('inherits each clause as its license says: derivatives, outputs training, or neither', () => {
    const models: Record<string, ModelDecl> = {
      'kimi-tuned': { publisher: 'acme-labs', derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }] },
      'kimi-student': { publisher: 'acme-labs', derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'distilled' }] },
      'llama-tuned': { publisher: 'acme-labs', derivedFrom: [{ model: 'hf:meta-llama/Llama-3.1-8B-Instruct', relation: 'finetune' }] },
      'llama-student': { publisher: 'acme-labs', derivedFrom: [{ model: 'hf:meta-llama/Llama-3.1-8B-Instruct', relation: 'distilled' }] },
      'llama-grandchild': { publisher: 'acme-labs', derivedFrom: [{ model: 'llama-tuned', relation: 'quantized' }] },
      llama: { source: 'hf:meta-llama/Llama-3.3-70B-Instruct' },
      'qwen-tuned': { publisher: 'acme-labs', derivedFrom: [{ model: 'hf:Qwen/Qwen3-8B', relation: 'finetune' }] },
    };
    const result = run([bom('aibom.yaml', { organizations: acme, models })]);
    expect(obligationsOf(model(result, 'kimi-tuned'))).toEqual(['kimi-k2.5-modified-mit#0 display via derivative from hf:moonshotai/Kimi-K2.5']);
    expect(obligationsOf(model(result, 'kimi-student'))).toEqual([]);
    expect(obligationsOf(model(result, 'llama-tuned'))).toEqual([
      'llama-3.1-community#0 license-required via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
      'llama-3.1-community#1 attribution via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
      'llama-3.1-community#2 naming via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
    ]);
    expect(obligationsOf(model(result, 'llama-student'))).toEqual(['llama-3.1-community#2 naming via outputs-training from hf:meta-llama/Llama-3.1-8B-Instruct']);
    const grandchild = model(result, 'llama-grandchild');
    expect(grandchild.ancestors[grandchild.licenses?.obligations[2]?.from ?? -1]?.chain).toEqual([
      { model: 'llama-grandchild' },
      { model: 'llama-tuned', relation: ['quantized'] },
      { model: 'hf:meta-llama/Llama-3.1-8B-Instruct', relation: ['finetune'] },
    ]);
    // The licensed model itself: every clause but naming, which binds derivatives only.
    expect(obligationsOf(model(result, 'llama'))).toEqual([
      'llama-3.3-community#0 license-required via own from hf:meta-llama/Llama-3.3-70B-Instruct',
      'llama-3.3-community#1 attribution via own from hf:meta-llama/Llama-3.3-70B-Instruct',
    ]);
    const llama = model(result, 'llama');
    expect(llama.licenses?.own[llama.licenses.obligations[0]?.from ?? -1]?.path).toBe('/models/llama/source');
    expect(obligationsOf(model(result, 'qwen-tuned'))).toEqual([]);
  });

  it('lists each obligation once, from the nearest ancestor before the model\'s own license', () => {
    const result = run([
      bom('aibom.yaml', {
        organizations: acme,
        models: {
          'acme-llama': {
            publisher: 'acme-labs',
            license: 'LicenseRef-Llama-3.1-Community-License',
            derivedFrom: [{ model: 'hf:meta-llama/Llama-3.1-8B-Instruct', relation: 'finetune' }, { model: 'hf:meta-llama/Llama-3.1-70B-Instruct', relation: 'merge' }],
          },
        },
      }),
    ]);
    expect(obligationsOf(model(result, 'acme-llama'))).toEqual([
      'llama-3.1-community#0 license-required via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
      'llama-3.1-community#1 attribution via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
      'llama-3.1-community#2 naming via derivative from hf:meta-llama/Llama-3.1-8B-Instruct',
    ]);
  });

  it('is what schemas/input.schema.json describes', () => {
    const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(inputSchema);
    const result = run([
      bom('aibom.yaml', {
        system: { name: 's', commercial: true, scale: { mau: 1 } },
        organizations: acme,
        models: {
          a: { publisher: 'acme-labs', license: 'mit', derivedFrom: [{ model: 'hf:MiniMaxAI/MiniMax-M2', relation: 'finetune' }] },
          b: { publisher: 'acme-labs', license: 'LicenseRef-Tencent-Hunyuan-Community-License OR CC-BY-NC-4.0', derivedFrom: [{ model: 'a', relation: 'distilled' }] },
        },
        hosts: { h: { kind: 'api', provider: 'Example', endpoint: 'https://open.bigmodel.cn/v1', regions: [{ country: 'DE' }], serves: ['b'] } },
      }),
    ]);
    expect(validate(result.input), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const all = JSON.stringify(result.input);
    for (const needle of ['"valid":false', '"confidence":"unverified"', '"via":"derivative"', '"via":"own"', '"ancestors":[{},{"catalog":', '"endpointOrganization":{"id":"zhipu-ai"']) {
      expect(all).toContain(needle);
    }
  });

  it('stays proportional to the lineage: one entry per ancestor license, a bounded obligation list', () => {
    const models: Record<string, ModelDecl> = {};
    for (let i = 0; i < 3000; i++) {
      models[`m${i}`] = { license: i % 2 ? 'MIT' : 'LicenseRef-Acme', derivedFrom: [{ model: i % 3 ? 'hf:meta-llama/Llama-3.1-8B-Instruct' : 'hf:moonshotai/Kimi-K2.5', relation: 'finetune' }] };
    }
    const result = run([bom('aibom.yaml', { models })]);
    let ancestorLicenses = 0;
    let obligations = 0;
    for (const m of result.input.models) {
      for (const held of m.licenses?.ancestors ?? []) ancestorLicenses += Object.keys(held).length;
      obligations += m.licenses?.obligations.length ?? 0;
    }
    expect(ancestorLicenses).toBe(3000);
    // Parsed once per distinct expression, not per model.
    expect(Object.keys(result.input.licenseExpressions ?? {}).sort()).toEqual(['LicenseRef-Acme', 'LicenseRef-Kimi-K2.5-Modified-MIT', 'LicenseRef-Llama-3.1-Community-License', 'MIT']);
    expect(obligations).toBe(1000 * 1 + 2000 * 3);
  });
});
