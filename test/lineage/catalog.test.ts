import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import catalogSchema from '../../schemas/catalog.schema.json' with { type: 'json' };
import type { Catalog, CatalogList } from '../../src/types.js';
import {
  CatalogError,
  explainRef,
  findOrganizationByDomain,
  indexCatalog,
  mergeCatalogs,
  newestAsOf,
  normalizeOrgName,
} from '../../src/lineage/catalog.js';
import { catalog, index } from './helpers.js';

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(catalogSchema);
const list = (id: string): CatalogList => {
  const found = catalog.lists.find((l) => l.id === id);
  if (!found) throw new Error(`no list ${id}`);
  return found;
};
const clone = (): Catalog => structuredClone(catalog);

describe('the default catalog', () => {
  it('validates against schemas/catalog.schema.json (ajv 2020, strict)', () => {
    expect(validate(catalog), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema rejects an entry without source or asOf, and a malformed date', () => {
    const noSource = clone();
    delete (noSource.organizations[0] as { source?: string }).source;
    expect(validate(noSource)).toBe(false);
    const badDate = clone();
    (badDate.hijackingRatings[0] as { asOf: string }).asOf = '30.09.2025';
    expect(validate(badDate)).toBe(false);
  });

  it('is internally consistent and its asOf is the newest entry date', () => {
    expect(() => indexCatalog(catalog)).not.toThrow();
    expect(catalog.asOf).toBe(newestAsOf(catalog));
  });

  it('rates DeepSeek R1-0528 high, relative to CAISI\'s U.S. reference models, and no U.S. model', () => {
    const r1 = catalog.hijackingRatings.find((r) => r.model === 'hf:deepseek-ai/DeepSeek-R1-0528');
    expect(r1).toMatchObject({ rating: 'high', basis: 'relative', reference: "12x the hijack rate of CAISI's U.S. reference models", asOf: '2025-09-30' });
    expect(r1?.source).toContain('https://nist.gov/news-events/news/2025/09/caisi-evaluation-deepseek-ai-models-finds-shortcomings-and-risks');
    for (const rating of catalog.hijackingRatings) {
      const rated = catalog.models.find((m) => m.id === rating.model);
      expect(rated?.publisher, rating.model).toBe('deepseek');
      expect(rating.basis).toBe('relative');
      expect(rating.source).toContain('NIST CAISI');
    }
  });

  it('records licenses per model, not per publisher', () => {
    const license = (id: string) => catalog.models.find((m) => m.id === id)?.license;
    expect(license('hf:deepseek-ai/DeepSeek-V3')).toBe('LicenseRef-DeepSeek-License-Agreement-1.0');
    expect(license('hf:deepseek-ai/DeepSeek-R1')).toBe('MIT');
    expect(license('api:deepseek/deepseek-chat')).toBe('unknown');
    expect(license('hf:Qwen/Qwen3-8B')).toBe('Apache-2.0');
    expect(license('hf:Qwen/Qwen2.5-3B-Instruct')).toBe('LicenseRef-Qwen-Research-License');
  });

  it('keeps each export and sanctions list separate, with its own source and date', () => {
    expect(list('ofac-comprehensive')).toMatchObject({ kind: 'jurisdictions', countries: ['CU', 'IR', 'KP'], regions: ['UA-43', 'UA-40', 'UA-14', 'UA-09'] });
    expect(list('ofac-comprehensive').note).toMatch(/over-include/);
    expect(list('ear-e1').countries).toEqual(['IR', 'KP', 'SY']);
    expect(list('ear-e2')).toMatchObject({ countries: ['CU'], confidence: 'unverified' });
    expect(list('ear-d5')).toMatchObject({ confidence: 'unverified' });
    expect(list('ear-d5').note).toMatch(/among others/);
    expect(list('countries-of-concern-ndaa-1532')).toMatchObject({ countries: ['CN', 'RU', 'IR', 'KP'], asOf: '2025-12-18' });
    expect(list('countries-of-concern-ndaa-1532').source).toContain('P.L. 119-60');
    const entity = list('bis-entity-list');
    expect(entity.kind).toBe('parties');
    expect(entity.parties?.find((p) => p.organization === 'zhipu-ai')).toMatchObject({ asOf: '2025-01-16' });
    expect(entity.parties?.find((p) => p.organization === 'zhipu-ai')?.source).toContain('90 FR 4617');
    expect(entity.parties?.find((p) => p.organization === 'baai')?.confidence).toBe('unverified');
    expect(new Set(catalog.lists.map((l) => l.id)).size).toBe(catalog.lists.length);
  });

  it('makes DeepSeek a subsidiary of High-Flyer and marks unverified API domains', () => {
    const org = (id: string) => catalog.organizations.find((o) => o.id === id);
    expect(org('deepseek')).toMatchObject({ parent: 'high-flyer', country: 'CN', hfOrgs: ['deepseek-ai'], apiDomains: ['api.deepseek.com'] });
    expect(org('zhipu-ai')).toMatchObject({ hfOrgs: ['zai-org', 'THUDM'], confidence: 'unverified' });
    expect(org('baidu')?.confidence).toBe('unverified');
  });
});

describe('normalizeOrgName', () => {
  it.each([
    ['Beijing Moonshot AI Technology Co., Ltd.', 'beijing moonshot ai'],
    ['MOONSHOT-AI', 'moonshot ai'],
    ['  moonshot   ai ', 'moonshot ai'],
    ['Meta Platforms, Inc.', 'meta platforms'],
    ['Acme GmbH', 'acme'],
    ['OpenAI, Inc', 'openai'],
    ['Z.ai', 'zai'],
    ['Société Générale S.A.', 'societe generale'],
    ['Limited', 'limited'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrgName(input)).toBe(expected);
  });
});

describe('indexCatalog', () => {
  it('matches API domains and their subdomains, not unrelated parents', () => {
    expect(findOrganizationByDomain(index, 'api.deepseek.com')?.organization.id).toBe('deepseek');
    expect(findOrganizationByDomain(index, 'EU.API.DEEPSEEK.COM')?.organization.id).toBe('deepseek');
    expect(findOrganizationByDomain(index, 'deepseek.com')).toBeNull();
    expect(findOrganizationByDomain(index, 'api.moonshot.ai')?.organization.id).toBe('moonshot-ai');
  });

  it('rejects unknown references, ambiguous names and cycles, with where they are', () => {
    const broken = clone();
    broken.models.push({ id: 'hf:x/y', name: 'Y', publisher: 'nobody', license: 'MIT', source: 's', asOf: '2026-01-01' });
    broken.organizations.push({ id: 'imposter', name: 'Moonshot AI Ltd', country: 'US', source: 's', asOf: '2026-01-01' });
    broken.hijackingRatings.push({ model: 'hf:x/unlisted', rating: 'low', basis: 'absolute', source: 's', asOf: '2026-01-01' });
    broken.organizations.push(
      { id: 'p', name: 'P', country: 'US', parent: 'q', source: 's', asOf: '2026-01-01' },
      { id: 'q', name: 'Q', country: 'US', parent: 'p', source: 's', asOf: '2026-01-01' },
    );
    broken.models.push(
      { id: 'hf:x/a', name: 'A', publisher: 'meta', license: 'MIT', source: 's', asOf: '2026-01-01', bases: [{ model: 'hf:x/b', relation: ['finetune'] }] },
      { id: 'hf:x/b', name: 'B', publisher: 'meta', license: 'MIT', source: 's', asOf: '2026-01-01', bases: [{ model: 'hf:X/A', relation: ['finetune'] }] },
    );
    let error: unknown;
    try {
      indexCatalog(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const messages = (error as CatalogError).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages.some((m) => /\/models\/\d+\/publisher: unknown publisher "nobody"/.test(m))).toBe(true);
    expect(messages.some((m) => /name "Moonshot AI Ltd" matches both moonshot-ai and imposter/.test(m))).toBe(true);
    expect(messages.some((m) => /\/hijackingRatings\/\d+\/model: rating for a model not in the catalog/.test(m))).toBe(true);
    expect(messages.some((m) => /parent cycle: p → q → p/.test(m))).toBe(true);
    expect(messages.some((m) => /bases cycle: hf:x\/a → hf:x\/b → hf:x\/a/.test(m))).toBe(true);
  });
});

describe('mergeCatalogs', () => {
  it('adds and overrides entries by id, and dates the result by its newest entry', () => {
    const merged = mergeCatalogs(catalog, {
      organizations: [
        { id: 'acme', name: 'Acme', country: 'US', source: 'team', asOf: '2027-01-02' },
        { ...(catalog.organizations.find((o) => o.id === 'minimax') as Catalog['organizations'][number]), aliases: ['MiniMax AI'] },
      ],
      models: [{ id: 'hf:DEEPSEEK-AI/deepseek-r1', name: 'R1 (team)', publisher: 'deepseek', license: 'MIT', source: 'team', asOf: '2026-12-01' }],
    });
    expect(merged.organizations).toHaveLength(catalog.organizations.length + 1);
    expect(merged.organizations.find((o) => o.id === 'minimax')?.aliases).toEqual(['MiniMax AI']);
    expect(merged.models).toHaveLength(catalog.models.length);
    expect(merged.models.find((m) => m.name === 'R1 (team)')).toBeDefined();
    expect(merged.asOf).toBe('2027-01-02');
    expect(catalog.organizations.find((o) => o.id === 'acme')).toBeUndefined();
  });
});

describe('explainRef', () => {
  const organizationOf = (query: string) => {
    const explained = explainRef(query, index);
    if (explained.kind !== 'organization') throw new Error(`not an organization: ${JSON.stringify(explained)}`);
    return explained.organization;
  };

  it('explains a catalog model: license, rating, publisher, parents and lists, each with source and date', () => {
    const explained = explainRef('https://huggingface.co/deepseek-ai/DeepSeek-R1-0528', index);
    if (explained.kind !== 'model' || !explained.model || !explained.publisher) throw new Error(`not a known model: ${JSON.stringify(explained)}`);
    expect(explained.model).toMatchObject({ id: 'hf:deepseek-ai/DeepSeek-R1-0528', license: 'MIT', matchedBy: 'catalog-id' });
    expect(explained.model.source).toBeTruthy();
    expect(explained.hijacking).toMatchObject({ rating: 'high', basis: 'relative', asOf: '2025-09-30' });
    expect(explained.publisher).toMatchObject({ id: 'deepseek', matchedBy: 'catalog-model', origin: { country: 'CN', organization: 'DeepSeek' } });
    expect(explained.publisher.parents[0]).toMatchObject({ id: 'high-flyer' });
    const lists = explained.publisher.lists.map((l) => `${l.list}: ${l.matched}`);
    expect(lists).toContain('countries-of-concern-ndaa-1532: organization deepseek');
    expect(lists).toContain('countries-of-concern-ndaa-1532: organization high-flyer');
    expect(lists).toContain('ear-d5: country CN');
  });

  it('explains an organization by alias, Hugging Face org or API domain, and says how it matched', () => {
    const byAlias = organizationOf('Beijing Zhipu Huazhang Technology Co., Ltd.');
    expect(byAlias).toMatchObject({ id: 'zhipu-ai', matchedBy: 'catalog-alias', confidence: 'unverified' });
    expect(byAlias.lists).toContainEqual(expect.objectContaining({ list: 'bis-entity-list', matched: 'organization zhipu-ai', asOf: '2025-01-16' }));
    expect(organizationOf('THUDM')).toMatchObject({ id: 'zhipu-ai', matchedBy: 'hf-org' });
    expect(organizationOf('https://api.moonshot.cn/v1')).toMatchObject({ id: 'moonshot-ai', matchedBy: 'api-domain' });
  });

  it('an uncatalogued model of a known org names the publisher but no rating; an unknown name is not a negative status', () => {
    const partly = explainRef('hf:moonshotai/Some-Future-Model', index);
    expect(partly).toMatchObject({ kind: 'model', model: null, hijacking: { rating: 'unrated' } });
    expect(partly.kind === 'model' && partly.publisher).toMatchObject({ id: 'moonshot-ai', matchedBy: 'hf-org' });
    const unknown = explainRef('Nobody Labs', index);
    expect(unknown).toMatchObject({ kind: 'unknown', matchedBy: 'unknown' });
    expect(unknown.kind === 'unknown' && unknown.note).toMatch(/not a statement/);
  });
});
