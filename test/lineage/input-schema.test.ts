// The resolver's output is what schemas/input.schema.json promises to team policies.
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import inputSchema from '../../schemas/input.schema.json' with { type: 'json' };
import { indexCatalog, mergeCatalogs } from '../../src/lineage/catalog.js';
import { bom, catalog, run } from './helpers.js';

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(inputSchema);

describe('schemas/input.schema.json', () => {
  it('describes a resolved document with every kind of field', () => {
    const withBases = indexCatalog(
      mergeCatalogs(catalog, {
        models: [{ id: 'hf:acme-oss/base', name: 'Acme Base', publisher: 'meta', license: 'unknown', source: 'test', asOf: '2026-01-01', bases: [{ model: 'hf:deepseek-ai/DeepSeek-V3.1', relation: ['finetune'] }] }],
      }),
    );
    const result = run([
      bom('aibom.yaml', {
        system: { name: 'acme-assistant', owner: 'platform', commercial: true, scale: { mau: 2_000_000, monthlyRevenueUSD: 1_500_000 } },
        organizations: { 'acme-labs': { name: 'Acme Labs Inc.', country: 'US' }, kimi: { name: 'Moonshot AI', country: 'US' } },
        models: {
          'acme-coder': {
            name: 'Acme Coder 2',
            version: '2.0.0',
            publisher: 'acme-labs',
            source: 'hf:acme-labs/acme-coder',
            revision: '0123456789abcdef0123456789abcdef01234567',
            license: 'LicenseRef-Acme',
            derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }, { model: 'student', relation: 'merge' }],
            risk: { hijacking: { rating: 'unrated' } },
            use: { agentic: true, tools: ['shell'], dataClasses: ['source-code'] },
          },
          student: { publisher: 'kimi', derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1-0528', relation: 'distilled' }] },
          r1: { source: 'hf:deepseek-ai/DeepSeek-R1-0528', license: 'Apache-2.0', risk: { hijacking: { rating: 'low', source: 'vendor', basis: 'absolute' } } },
          tuned: { derivedFrom: [{ model: 'hf:acme-oss/base', relation: 'finetune' }] },
          loop: { derivedFrom: [{ model: 'loop', relation: 'finetune' }, { model: 'https://example.com/weights.bin', relation: 'quantized' }] },
        },
        hosts: {
          ds: { kind: 'api', provider: 'Acme Labs Inc.', endpoint: 'https://api.deepseek.com', serves: ['r1', 'api:deepseek/deepseek-chat'] },
          local: { kind: 'self-hosted', regions: [{ country: 'UA', subdivision: 'UA-43' }] },
        },
      }),
      bom('other.yaml', { models: { solo: {} } }),
    ], withBases);
    expect(validate(result.input), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The document exercised what the schema describes.
    const all = JSON.stringify(result.input);
    for (const needle of ['"fromCatalog":true', '"disagreements":[{', '"provenance":"inherited"', '"matchedBy":"api-domain"', '"subdivision":"UA-43"', '"modelKey":null', '"declared":{"rating":"low"', '"catalogAgeDays":']) {
      expect(all).toContain(needle);
    }
  });

  it('rejects a document that breaks the contract', () => {
    const result = run([bom('aibom.yaml', { models: { a: {} } })]);
    const broken = structuredClone(result.input) as unknown as { models: { hijacking: { provenance: string } }[] };
    (broken.models[0] as { hijacking: { provenance: string } }).hijacking.provenance = 'guessed';
    expect(validate(broken)).toBe(false);
  });
});
