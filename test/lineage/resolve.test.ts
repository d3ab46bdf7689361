import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/types.js';
import { indexCatalog, mergeCatalogs } from '../../src/lineage/catalog.js';
import { bom, catalog, model, run } from './helpers.js';

describe('origin through the catalog', () => {
  it('a model fine-tuned from hf:moonshotai/Kimi-K2.5 has origin CN with the chain as evidence', () => {
    const file = bom('aibom.yaml', {
      organizations: { 'acme-labs': { name: 'Acme Labs Inc.', country: 'US' } },
      models: {
        'acme-coder': {
          publisher: 'acme-labs',
          source: 'hf:acme-labs/acme-coder',
          derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }],
        },
      },
    });
    const result = run([file]);
    const m = model(result, 'acme-coder');
    expect(m.publisher).toMatchObject({ id: 'acme-labs', country: 'US', matchedBy: 'local', declared: 'acme-labs' });
    expect(m.origin).toEqual({ country: 'US', organization: 'Acme Labs Inc.' });
    expect(m.ancestors).toHaveLength(1);
    const [kimi] = m.ancestors;
    expect(kimi).toMatchObject({
      ref: 'hf:moonshotai/Kimi-K2.5',
      name: 'Kimi K2.5',
      depth: 1,
      relations: ['continued-pretraining', 'rl'],
      weightDerived: true,
      path: '/models/acme-coder/derivedFrom/0',
      origin: { country: 'CN', organization: 'Moonshot AI' },
    });
    expect(kimi?.publisher).toMatchObject({ id: 'moonshot-ai', matchedBy: 'catalog-model', country: 'CN' });
    // The report's evidence example in design.md.
    expect(kimi?.chain).toEqual([{ model: 'acme-coder' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }]);
    expect(m.derivedFrom).toEqual([{ ref: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'], path: '/models/acme-coder/derivedFrom/0', external: true }]);
    expect(result.findings).toEqual([]);
  });

  it('a Hugging Face URL and different case resolve to the same catalog model', () => {
    const file = bom('aibom.yaml', {
      models: { a: { derivedFrom: [{ model: 'https://huggingface.co/MoonshotAI/kimi-k2.5', relation: 'finetune' }] } },
    });
    const [kimi] = model(run([file]), 'a').ancestors;
    expect(kimi?.name).toBe('Kimi K2.5');
    expect(kimi?.origin.country).toBe('CN');
  });

  it('an uncatalogued model of a catalogued Hugging Face org matches by hf-org; an unknown org stays unknown', () => {
    const file = bom('aibom.yaml', {
      models: {
        a: { derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-Coder-Unlisted', relation: 'finetune' }] },
        b: { derivedFrom: [{ model: 'hf:some-lab/thing', relation: 'finetune' }] },
      },
    });
    const result = run([file]);
    expect(model(result, 'a').ancestors[0]?.publisher).toMatchObject({ id: 'deepseek', matchedBy: 'hf-org' });
    // DeepSeek's parent High-Flyer has no country in the catalog: origin falls back to DeepSeek's.
    expect(model(result, 'a').ancestors[0]?.publisher.ultimateParent).toEqual({ id: 'high-flyer', name: 'High-Flyer', country: 'unknown' });
    expect(model(result, 'a').ancestors[0]?.origin).toEqual({ country: 'CN', organization: 'DeepSeek' });
    expect(model(result, 'b').ancestors[0]?.publisher).toMatchObject({ id: null, name: 'some-lab', matchedBy: 'unknown', country: 'unknown' });
  });

  it('a model whose own source is in the catalog resolves its publisher from the source', () => {
    const file = bom('aibom.yaml', { models: { r1: { source: 'hf:deepseek-ai/DeepSeek-R1-0528' } } });
    const m = model(run([file]), 'r1');
    expect(m.publisher).toMatchObject({ id: 'deepseek', matchedBy: 'hf-org', declared: null });
    expect(m.catalogId).toBe('hf:deepseek-ai/DeepSeek-R1-0528');
    expect(m.license).toEqual({ declared: null, catalog: 'MIT' });
    expect(m.hijacking).toMatchObject({ rating: 'high', provenance: 'catalog', basis: 'relative', evaluated: '2025-09-30' });
  });
});

describe('lineage chains', () => {
  it('follows a three-step quantized chain with shortest chains, depth and the union of relations', () => {
    const file = bom('aibom.yaml', {
      models: {
        q4: { derivedFrom: [{ model: 'tuned', relation: 'quantized' }] },
        tuned: { derivedFrom: [{ model: 'adapted', relation: ['finetune', 'rl'] }] },
        adapted: { derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-V3.1', relation: 'adapter' }] },
      },
    });
    const result = run([file]);
    const q4 = model(result, 'q4');
    expect(q4.ancestors.map((a) => [a.ref, a.depth])).toEqual([['tuned', 1], ['adapted', 2], ['hf:deepseek-ai/DeepSeek-V3.1', 3]]);
    const base = q4.ancestors[2];
    expect(base?.chain).toEqual([
      { model: 'q4' },
      { model: 'tuned', relation: ['quantized'] },
      { model: 'adapted', relation: ['finetune', 'rl'] },
      { model: 'hf:deepseek-ai/DeepSeek-V3.1', relation: ['adapter'] },
    ]);
    expect(base?.relations).toEqual(['quantized', 'finetune', 'rl', 'adapter']);
    expect(base?.weightDerived).toBe(true);
    expect(base?.path).toBe('/models/q4/derivedFrom/0');
    expect(base?.origin.country).toBe('CN');
    // Weight-derived all the way: the catalog's rating of V3.1 is inherited, with where it came from.
    expect(q4.hijacking).toMatchObject({ rating: 'high', provenance: 'inherited', inheritedFrom: 'hf:deepseek-ai/DeepSeek-V3.1', basis: 'relative' });
    expect(result.findings).toEqual([]);
  });

  it('a reference equal to a local model source resolves to that model', () => {
    const file = bom('aibom.yaml', {
      models: {
        base: { source: 'hf:acme/base-7b', derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2-Base', relation: 'continued-pretraining' }] },
        chat: { derivedFrom: [{ model: 'hf:ACME/base-7b', relation: 'finetune' }] },
      },
    });
    const chat = model(run([file]), 'chat');
    expect(chat.derivedFrom).toEqual([{ ref: 'base', relation: ['finetune'], path: '/models/chat/derivedFrom/0', external: false }]);
    expect(chat.ancestors.map((a) => a.ref)).toEqual(['base', 'hf:moonshotai/Kimi-K2-Base']);
  });

  it('picks the shortest chain to an ancestor reachable two ways', () => {
    const file = bom('aibom.yaml', {
      models: {
        top: { derivedFrom: [{ model: 'mid', relation: 'finetune' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: 'distilled' }] },
        mid: { derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'finetune' }] },
      },
    });
    const top = model(run([file]), 'top');
    // Each ancestor once, even when reachable along two paths.
    expect(top.ancestors.map((a) => a.ref)).toEqual(['mid', 'hf:moonshotai/Kimi-K2.5']);
    expect(top.ancestors[1]).toMatchObject({ depth: 1, path: '/models/top/derivedFrom/1', weightDerived: false, relations: ['distilled'] });
  });

  it('extends lineage with the catalog model\'s own bases, marked as from the catalog', () => {
    const extra: Catalog = mergeCatalogs(catalog, {
      models: [
        { id: 'hf:acme-oss/acme-7b', name: 'Acme 7B', publisher: 'meta', license: 'unknown', source: 'test', asOf: '2026-01-01', bases: [{ model: 'hf:moonshotai/Kimi-K2-Base', relation: ['distilled'] }] },
      ],
    });
    const file = bom('aibom.yaml', { models: { mine: { derivedFrom: [{ model: 'hf:acme-oss/acme-7b', relation: 'finetune' }] } } });
    const mine = model(run([file], indexCatalog(extra)), 'mine');
    expect(mine.ancestors.map((a) => a.ref)).toEqual(['hf:acme-oss/acme-7b', 'hf:moonshotai/Kimi-K2-Base']);
    expect(mine.ancestors[1]?.chain[2]).toEqual({ model: 'hf:moonshotai/Kimi-K2-Base', relation: ['distilled'], fromCatalog: true });
    expect(mine.ancestors[1]?.weightDerived).toBe(false);
    expect(mine.ancestors[1]?.origin.country).toBe('CN');
    // Declared edges stay what the AIBOM declared.
    expect(mine.derivedFrom).toHaveLength(1);
  });
});

describe('hijacking ratings', () => {
  it('distillation stops rating inheritance but not origin', () => {
    const file = bom('aibom.yaml', {
      models: {
        student: { derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1-0528', relation: 'distilled' }] },
        tuned: { derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1-0528', relation: 'finetune' }] },
      },
    });
    const result = run([file]);
    const student = model(result, 'student');
    expect(student.hijacking).toEqual({ rating: 'unrated', source: null, evaluated: null, basis: null, provenance: 'none', inheritedFrom: null, declared: null });
    expect(student.ancestors[0]).toMatchObject({ weightDerived: false, origin: { country: 'CN' } });
    const tuned = model(result, 'tuned');
    expect(tuned.hijacking).toMatchObject({ rating: 'high', provenance: 'inherited', inheritedFrom: 'hf:deepseek-ai/DeepSeek-R1-0528' });
    expect(tuned.hijacking.source).toContain('NIST CAISI');
  });

  it('an own sourced rating shields the model from inheritance; an unsourced one does not', () => {
    const file = bom('aibom.yaml', {
      models: {
        hardened: {
          derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1', relation: 'finetune' }],
          risk: { hijacking: { rating: 'medium', source: 'https://example.com/eval', evaluated: '2026-10-01', basis: 'absolute' } },
        },
        claimed: {
          derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1', relation: 'finetune' }],
          risk: { hijacking: { rating: 'low' } },
        },
        downstream: { derivedFrom: [{ model: 'hardened', relation: 'quantized' }] },
      },
    });
    const result = run([file]);
    expect(model(result, 'hardened').hijacking).toMatchObject({ rating: 'medium', provenance: 'declared', source: 'https://example.com/eval', basis: 'absolute' });
    expect(model(result, 'claimed').hijacking).toMatchObject({ rating: 'high', provenance: 'inherited' });
    expect(model(result, 'downstream').hijacking).toMatchObject({ rating: 'medium', provenance: 'inherited', inheritedFrom: 'hardened' });
  });

  it('a merge inherits the stricter of its rated bases', () => {
    const extra = indexCatalog(
      mergeCatalogs(catalog, { hijackingRatings: [{ model: 'hf:moonshotai/Kimi-K2.5', rating: 'critical', basis: 'absolute', source: 'test', asOf: '2026-01-01' }] }),
    );
    const file = bom('aibom.yaml', {
      models: { merged: { derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1', relation: 'merge' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: 'merge' }] } },
    });
    expect(model(run([file], extra), 'merged').hijacking).toMatchObject({ rating: 'critical', inheritedFrom: 'hf:moonshotai/Kimi-K2.5' });
  });

  it('declared low versus catalog high uses high and records the disagreement', () => {
    const file = bom('aibom.yaml', {
      models: {
        r1: {
          source: 'hf:deepseek-ai/DeepSeek-R1-0528',
          risk: { hijacking: { rating: 'low', source: 'https://example.com/vendor-claims', evaluated: '2026-06-01' } },
        },
      },
    });
    const r1 = model(run([file]), 'r1');
    expect(r1.hijacking).toMatchObject({ rating: 'high', provenance: 'catalog' });
    expect(r1.disagreements).toEqual([{ field: 'hijacking.rating', declared: 'low', catalog: 'high', used: 'high', path: '/models/r1/risk/hijacking/rating' }]);
  });

  it('a declared rating stricter than the catalog is kept; unrated is no disagreement', () => {
    const file = bom('aibom.yaml', {
      models: {
        strict: { source: 'hf:deepseek-ai/DeepSeek-R1-0528', risk: { hijacking: { rating: 'critical', source: 'internal red team' } } },
        silent: { source: 'hf:deepseek-ai/DeepSeek-R1-0528', risk: { hijacking: { rating: 'unrated' } } },
      },
    });
    const result = run([file]);
    expect(model(result, 'strict').hijacking).toMatchObject({ rating: 'critical', provenance: 'declared' });
    expect(model(result, 'strict').disagreements?.[0]).toMatchObject({ declared: 'critical', catalog: 'high', used: 'critical' });
    expect(model(result, 'silent').hijacking).toMatchObject({ rating: 'high', provenance: 'catalog' });
    expect(model(result, 'silent').disagreements).toEqual([]);
  });
});

describe('cycles and bad references', () => {
  it('a derivation cycle gives exactly one lineage/cycle finding, at the closing edge, and terminates', () => {
    const file = bom('aibom.yaml', {
      models: {
        a: { derivedFrom: [{ model: 'b', relation: 'finetune' }] },
        b: { derivedFrom: [{ model: 'c', relation: 'finetune' }] },
        c: { derivedFrom: [{ model: 'a', relation: 'finetune' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: 'rl' }] },
      },
    });
    const result = run([file]);
    const cycles = result.findings.filter((f) => f.rule === 'lineage/cycle');
    expect(cycles).toHaveLength(1);
    const [cycle] = cycles;
    expect(cycle).toMatchObject({ severity: 'error', subject: { kind: 'model', id: 'c' }, path: '/models/c/derivedFrom/0' });
    expect(cycle?.evidence).toEqual({ cycle: ['a', 'b', 'c', 'a'], members: ['a', 'b', 'c'] });
    expect(cycle?.location).toEqual({ file: 'aibom.yaml', line: file.lines.get('/models/c/derivedFrom/0'), column: 3 });
    // Each member still gets its (finite) ancestors, including what lies beyond the cycle.
    expect(model(result, 'a').ancestors.map((x) => x.ref)).toEqual(['b', 'c', 'hf:moonshotai/Kimi-K2.5']);
  });

  it('a model that derives into a cycle without being on it terminates and lists each ancestor once', () => {
    const file = bom('aibom.yaml', {
      models: {
        app: { derivedFrom: [{ model: 'a', relation: 'finetune' }] },
        a: { derivedFrom: [{ model: 'b', relation: 'finetune' }] },
        b: { derivedFrom: [{ model: 'a', relation: 'finetune' }] },
      },
    });
    const result = run([file]);
    expect(model(result, 'app').ancestors.map((x) => [x.ref, x.depth])).toEqual([['a', 1], ['b', 2]]);
    expect(result.findings.filter((f) => f.rule === 'lineage/cycle').map((f) => f.evidence.cycle)).toEqual([['a', 'b', 'a']]);
  });

  it('two separate cycles and a self-derivation give one finding each', () => {
    const file = bom('aibom.yaml', {
      models: {
        a: { derivedFrom: [{ model: 'b', relation: 'merge' }] },
        b: { derivedFrom: [{ model: 'a', relation: 'merge' }, { model: 'c', relation: 'merge' }] },
        c: { derivedFrom: [{ model: 'd', relation: 'merge' }] },
        d: { derivedFrom: [{ model: 'c', relation: 'merge' }, { model: 'a', relation: 'merge' }] },
        e: { derivedFrom: [{ model: 'e', relation: 'finetune' }] },
      },
    });
    const cycles = run([file]).findings.filter((f) => f.rule === 'lineage/cycle');
    // {a,b,c,d} is one strongly connected component: one finding for it, one for e.
    expect(cycles.map((f) => f.evidence.members)).toEqual([['a', 'b', 'c', 'd'], ['e']]);
    expect(cycles[1]?.evidence.cycle).toEqual(['e', 'e']);
  });

  it('a dangling local reference is a bom/reference error at the derivedFrom entry', () => {
    const file = bom('aibom.yaml', {
      models: {
        app: { derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'rl' }, { model: 'missing-base', relation: 'finetune' }] },
      },
      hosts: { h: { kind: 'self-hosted', serves: ['app', 'nope'] } },
    });
    const result = run([file]);
    expect(result.findings.map((f) => [f.rule, f.severity, f.subject, f.path])).toEqual([
      ['bom/reference', 'error', { kind: 'model', id: 'app' }, '/models/app/derivedFrom/1'],
      ['bom/reference', 'error', { kind: 'host', id: 'h' }, '/hosts/h/serves/1'],
    ]);
    expect(result.findings[0]?.location).toEqual({ file: 'aibom.yaml', line: file.lines.get('/models/app/derivedFrom/1'), column: 3 });
    expect(result.findings[0]?.message).toContain('missing-base');
    expect(model(result, 'app').derivedFrom.map((d) => d.ref)).toEqual(['hf:moonshotai/Kimi-K2.5']);
  });

  it('each file is its own namespace', () => {
    const one = bom('one.yaml', { models: { base: { derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'rl' }] } } });
    const two = bom('two.yaml', { models: { app: { derivedFrom: [{ model: 'base', relation: 'finetune' }] }, base: {} } });
    const result = run([one, two]);
    expect(result.input.models.map((m) => m.key)).toEqual(['one.yaml#base', 'two.yaml#app', 'two.yaml#base']);
    expect(model(result, 'app', 'two.yaml').ancestors.map((a) => a.ref)).toEqual(['base']);
    expect(model(result, 'app', 'two.yaml').ancestors[0]?.origin.country).toBe('unknown');
  });
});

describe('publisher matching', () => {
  it.each([
    ['Beijing Moonshot AI Technology Co., Ltd.', 'catalog-alias'],
    ['moonshot ai', 'catalog-alias'],
    ['MOONSHOT-AI', 'catalog-alias'],
    ['moonshot-ai', 'catalog-id'],
  ])('"%s" matches Moonshot AI by %s', (publisher, matchedBy) => {
    const file = bom('aibom.yaml', { models: { m: { publisher } } });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'moonshot-ai', country: 'CN', matchedBy, declared: publisher });
    expect(m.origin).toEqual({ country: 'CN', organization: 'Moonshot AI' });
  });

  it('an unknown name with no other evidence stays unknown', () => {
    const m = model(run([bom('aibom.yaml', { models: { m: { publisher: 'Moonshine Labs' } } })]), 'm');
    expect(m.publisher).toMatchObject({ id: null, name: 'Moonshine Labs', matchedBy: 'unknown', country: 'unknown' });
  });

  it('a local organization key may not shadow a catalog id or alias', () => {
    const file = bom('aibom.yaml', {
      organizations: {
        deepseek: { name: 'Friendly Labs', country: 'US' },
        'moonshot-ai-co-ltd': { name: 'Other', country: 'US' },
      },
      models: { m: { publisher: 'deepseek' }, k: { publisher: 'moonshot-ai-co-ltd' } },
    });
    const result = run([file]);
    expect(result.findings.map((f) => [f.rule, f.severity, f.path, f.evidence.catalogOrganization])).toEqual([
      ['bom/reference', 'error', '/organizations/deepseek', 'deepseek'],
      ['bom/reference', 'error', '/organizations/moonshot-ai-co-ltd', 'moonshot-ai'],
    ]);
    expect(result.findings[0]?.location.line).toBe(file.lines.get('/organizations/deepseek'));
    // The rejected local entry is not used: the catalog organization is.
    expect(model(result, 'm').publisher).toMatchObject({ id: 'deepseek', country: 'CN', matchedBy: 'catalog-id' });
    expect(model(result, 'k').publisher).toMatchObject({ id: 'moonshot-ai', country: 'CN', matchedBy: 'catalog-alias' });
  });

  it('a local organization named like a catalog one is that organization; a different declared country is a disagreement', () => {
    const file = bom('aibom.yaml', {
      organizations: { kimi: { name: 'Moonshot AI', country: 'US' } },
      models: { m: { publisher: 'kimi' } },
    });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'moonshot-ai', country: 'CN', matchedBy: 'catalog-alias' });
    expect(m.disagreements).toEqual([{ field: 'publisher.country', declared: 'US', catalog: 'CN', used: 'CN', path: '/organizations/kimi/country' }]);
  });

  it('a declared publisher of another country than the source\'s Hugging Face org loses to the catalog', () => {
    const file = bom('aibom.yaml', {
      organizations: { 'acme-labs': { name: 'Acme Labs', country: 'US' } },
      models: { m: { publisher: 'acme-labs', source: 'hf:deepseek-ai/DeepSeek-V3.1' } },
    });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'deepseek', matchedBy: 'hf-org', declared: 'acme-labs' });
    expect(m.origin.country).toBe('CN');
    expect(m.disagreements).toEqual([{ field: 'publisher.country', declared: 'US', catalog: 'CN', used: 'CN', path: '/models/m/publisher' }]);
  });

  it('origin is the country of the ultimate parent, through local and catalog parents', () => {
    const file = bom('aibom.yaml', {
      organizations: {
        'acme-us': { name: 'Acme US', country: 'US', parent: 'acme-holding' },
        'acme-holding': { name: 'Acme Holding', country: 'SG', parent: 'Zhipu AI' },
      },
      models: { m: { publisher: 'acme-us' } },
    });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'acme-us', country: 'US', ultimateParent: { id: 'zhipu-ai', name: 'Zhipu AI', country: 'CN' } });
    expect(m.origin).toEqual({ country: 'CN', organization: 'Zhipu AI' });
  });

  it('a parent cycle among local organizations is reported once and does not hang', () => {
    const file = bom('aibom.yaml', {
      organizations: { x: { name: 'X Corp', country: 'US', parent: 'y' }, y: { name: 'Y Corp', country: 'GB', parent: 'x' } },
      models: { m: { publisher: 'x' } },
    });
    const result = run([file]);
    expect(result.findings.filter((f) => f.rule === 'bom/reference')).toHaveLength(1);
    expect(result.findings[0]?.evidence.cycle).toEqual(['x', 'y', 'x']);
  });
});

describe('hosts', () => {
  it('an api.deepseek.com endpoint resolves the provider by API domain', () => {
    const file = bom('aibom.yaml', {
      models: { chat: { source: 'api:deepseek/deepseek-chat' } },
      hosts: {
        ds: { kind: 'api', endpoint: 'https://api.deepseek.com/v1', serves: ['chat', 'api:deepseek/deepseek-reasoner'] },
        eu: { kind: 'api', provider: 'Some Reseller', endpoint: 'https://eu.api.deepseek.com/v1', country: 'DE' },
      },
    });
    const result = run([file]);
    const ds = result.input.hosts.find((h) => h.id === 'ds');
    expect(ds?.endpointDomain).toBe('api.deepseek.com');
    expect(ds?.provider).toMatchObject({ id: 'deepseek', country: 'CN', matchedBy: 'api-domain', declared: null });
    expect(ds?.serves).toEqual([
      { ref: 'chat', modelKey: 'aibom.yaml#chat', path: '/hosts/ds/serves/0' },
      { ref: 'api:deepseek/deepseek-reasoner', modelKey: null, path: '/hosts/ds/serves/1' },
    ]);
    const eu = result.input.hosts.find((h) => h.id === 'eu');
    expect(eu?.provider).toMatchObject({ id: 'deepseek', matchedBy: 'api-domain', declared: 'Some Reseller' });
    expect(eu?.regions).toEqual([{ country: 'DE', subdivision: null, path: '/hosts/eu/country' }]);
    expect(model(result, 'chat').publisher).toMatchObject({ id: 'deepseek', matchedBy: 'api-domain' });
    expect(model(result, 'chat').catalogId).toBe('api:deepseek/deepseek-chat');
  });

  it('regions keep subdivisions and pointers; an unknown provider with no endpoint stays a name', () => {
    const file = bom('aibom.yaml', {
      hosts: { h: { kind: 'managed', provider: 'Tiny Cloud', regions: [{ country: 'UA', subdivision: 'UA-43' }, { country: 'US' }] } },
    });
    const [h] = run([file]).input.hosts;
    expect(h?.provider).toMatchObject({ id: null, name: 'Tiny Cloud', matchedBy: 'unknown' });
    expect(h?.regions).toEqual([
      { country: 'UA', subdivision: 'UA-43', path: '/hosts/h/regions/0' },
      { country: 'US', subdivision: null, path: '/hosts/h/regions/1' },
    ]);
  });
});

describe('the rest of the input document', () => {
  it('carries use, pins, licenses, the system and the context', () => {
    const file = bom('aibom.yaml', {
      system: { name: 'acme-assistant', commercial: true },
      models: {
        m: {
          name: 'Acme Chat',
          version: '2.0.0',
          source: 'hf:moonshotai/Kimi-K2.5@0123456789abcdef0123456789abcdef01234567',
          license: 'MIT',
          use: { agentic: true, tools: ['shell', 'browser'], dataClasses: ['source-code'] },
        },
        n: { use: { tools: true } },
      },
    });
    const result = run([file]);
    const m = model(result, 'm');
    expect(m).toMatchObject({
      name: 'Acme Chat',
      version: '2.0.0',
      ref: 'hf:moonshotai/Kimi-K2.5',
      pins: { revision: '0123456789abcdef0123456789abcdef01234567', digest: null, snapshot: null },
      license: { declared: 'MIT', catalog: 'LicenseRef-Kimi-K2.5-Modified-MIT' },
      use: { agentic: true, tools: true, toolNames: ['shell', 'browser'], dataClasses: ['source-code'] },
    });
    expect(m.disagreements).toContainEqual({ field: 'license', declared: 'MIT', catalog: 'LicenseRef-Kimi-K2.5-Modified-MIT', used: 'LicenseRef-Kimi-K2.5-Modified-MIT', path: '/models/m/license' });
    expect(model(result, 'n').use).toEqual({ agentic: false, tools: true, toolNames: [], dataClasses: [] });
    expect(result.input.boms).toEqual([{ file: 'aibom.yaml', format: 'native', system: { name: 'acme-assistant', commercial: true } }]);
    // catalogAgeDays depends on the catalog's date; test/lineage/declared-and-age.test.ts checks its value.
    expect(result.input.context).toEqual({ now: '2026-11-24T00:00:00Z', profile: 'baseline', event: null, changedFiles: [], catalogAgeDays: expect.any(Number) });
    expect(result.input.version).toBe(1);
  });
});
