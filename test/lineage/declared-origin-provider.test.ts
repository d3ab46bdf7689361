// Facts the foreign formats declare (ModelDecl.origin, ModelDecl.provider,
// DerivationDecl.relationStated) as the resolve stage reads them.
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import inputSchema from '../../schemas/input.schema.json' with { type: 'json' };
import { bom, model, run } from './helpers.js';

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(inputSchema);

describe('declared origin (ModelDecl.origin)', () => {
  it('a declared country other than the catalog publisher\'s keeps the catalog\'s and records the disagreement', () => {
    const file = bom('aibom.yaml', { models: { m: { publisher: 'Moonshot AI', origin: 'US' } } });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'moonshot-ai', country: 'CN', matchedBy: 'catalog-alias' });
    expect(m.origin).toEqual({ country: 'CN', organization: 'Moonshot AI' });
    expect(m.disagreements).toEqual([{ field: 'publisher.country', declared: 'US', catalog: 'CN', used: 'CN', path: '/models/m/origin' }]);
  });

  it('a declared country equal to the catalog\'s is no disagreement', () => {
    const m = model(run([bom('aibom.yaml', { models: { m: { source: 'hf:deepseek-ai/DeepSeek-V3.1', origin: 'CN' } } })]), 'm');
    expect(m.publisher).toMatchObject({ id: 'deepseek', country: 'CN', matchedBy: 'hf-org' });
    expect(m.disagreements).toEqual([]);
  });

  it('fills an unknown publisher\'s country, matched as declared, and makes it the origin', () => {
    const result = run([bom('aibom.yaml', { models: { m: { publisher: 'Moonshine Labs', origin: 'CN' }, anonymous: { origin: 'RU' } } })]);
    const m = model(result, 'm');
    expect(m.publisher).toEqual({
      id: null,
      name: 'Moonshine Labs',
      country: 'CN',
      matchedBy: 'declared',
      declared: 'Moonshine Labs',
      ultimateParent: { id: null, name: 'Moonshine Labs', country: 'CN' },
    });
    expect(m.origin).toEqual({ country: 'CN', organization: 'Moonshine Labs' });
    expect(m.disagreements).toEqual([]);
    const anonymous = model(result, 'anonymous');
    expect(anonymous.publisher).toMatchObject({ name: 'unknown', country: 'RU', matchedBy: 'declared', declared: null });
    expect(anonymous.origin.country).toBe('RU');
    expect(validate(result.input), JSON.stringify(validate.errors)).toBe(true);
  });

  it('fills a catalog organization whose country the catalog does not know, keeping how it matched', () => {
    // high-flyer is in the catalog with country "unknown" and no parent.
    const m = model(run([bom('aibom.yaml', { models: { m: { publisher: 'high-flyer', origin: 'CN' } } })]), 'm');
    expect(m.publisher).toMatchObject({ id: 'high-flyer', country: 'CN', matchedBy: 'catalog-id', ultimateParent: { id: 'high-flyer', country: 'CN' } });
    expect(m.origin.country).toBe('CN');
    expect(m.disagreements).toEqual([]);
  });

  it('without a declared origin an unknown publisher stays unknown', () => {
    const m = model(run([bom('aibom.yaml', { models: { m: { publisher: 'Moonshine Labs' } } })]), 'm');
    expect(m.publisher).toMatchObject({ country: 'unknown', matchedBy: 'unknown' });
    expect(m.origin.country).toBe('unknown');
  });

  it('a local organization\'s own country is kept and is not a catalog disagreement', () => {
    const file = bom('aibom.yaml', { organizations: { acme: { name: 'Acme Labs', country: 'US' } }, models: { m: { publisher: 'acme', origin: 'CN' } } });
    const m = model(run([file]), 'm');
    expect(m.publisher).toMatchObject({ id: 'acme', country: 'US', matchedBy: 'local' });
    expect(m.disagreements).toEqual([]);
  });

  it('a local base\'s declared origin reaches the derived model\'s ancestors', () => {
    const file = bom('aibom.yaml', {
      models: {
        app: { publisher: 'acme', derivedFrom: [{ model: 'base', relation: 'finetune' }] },
        base: { publisher: 'Moonshine Labs', origin: 'CN' },
      },
    });
    const ancestor = model(run([file]), 'app').ancestors[0];
    expect(ancestor).toMatchObject({ ref: 'base', origin: { country: 'CN', organization: 'Moonshine Labs' } });
    expect(ancestor?.publisher.matchedBy).toBe('declared');
  });
});

describe('declared provider (ModelDecl.provider)', () => {
  it('resolves the distributor like a host provider, and never as the origin', () => {
    const result = run([bom('aibom.yaml', { models: { m: { publisher: 'Moonshine Labs', provider: 'Zhipu AI' }, plain: { publisher: 'meta' } } })]);
    const m = model(result, 'm');
    expect(m.provider).toEqual({
      id: 'zhipu-ai',
      name: 'Zhipu AI',
      country: 'CN',
      matchedBy: 'catalog-alias',
      declared: 'Zhipu AI',
      ultimateParent: { id: 'zhipu-ai', name: 'Zhipu AI', country: 'CN' },
    });
    expect(m.publisher).toMatchObject({ name: 'Moonshine Labs', country: 'unknown', matchedBy: 'unknown' });
    expect(m.origin.country).toBe('unknown');
    expect(model(result, 'plain').provider).toBeNull();
    expect(validate(result.input), JSON.stringify(validate.errors)).toBe(true);
  });

  it('an unknown provider stays unresolved; a local one goes up to its parent', () => {
    const file = bom('aibom.yaml', {
      organizations: { resale: { name: 'Resale Ltd', country: 'SG', parent: 'Zhipu AI' } },
      models: { a: { provider: 'Nobody Known' }, b: { provider: 'resale' } },
    });
    const result = run([file]);
    expect(model(result, 'a').provider).toMatchObject({ id: null, name: 'Nobody Known', country: 'unknown', matchedBy: 'unknown', declared: 'Nobody Known' });
    expect(model(result, 'b').provider).toMatchObject({ id: 'resale', country: 'SG', matchedBy: 'local', ultimateParent: { id: 'zhipu-ai', country: 'CN' } });
  });

  it('a local provider organization that contradicts the catalog is a provider.country disagreement', () => {
    const file = bom('aibom.yaml', { organizations: { z: { name: 'Zhipu AI', country: 'US' } }, models: { m: { provider: 'z' } } });
    const m = model(run([file]), 'm');
    expect(m.provider).toMatchObject({ id: 'zhipu-ai', country: 'CN' });
    expect(m.disagreements).toEqual([{ field: 'provider.country', declared: 'US', catalog: 'CN', used: 'CN', path: '/organizations/z/country' }]);
  });
});

describe('unstated relations (DerivationDecl.relationStated)', () => {
  it('marks the chain step whose relation the file did not state, and only that one', () => {
    const file = bom('aibom.yaml', {
      models: {
        app: { derivedFrom: [{ model: 'mid', relation: 'finetune', relationStated: false }] },
        mid: { derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'quantized' }] },
        stated: { derivedFrom: [{ model: 'mid', relation: 'finetune', relationStated: true }] },
      },
    });
    const result = run([file]);
    const app = model(result, 'app');
    expect(app.ancestors.map((a) => a.chain)).toEqual([
      [{ model: 'app' }, { model: 'mid', relation: ['finetune'], relationStated: false }],
      [{ model: 'app' }, { model: 'mid', relation: ['finetune'], relationStated: false }, { model: 'hf:moonshotai/Kimi-K2.5', relation: ['quantized'] }],
    ]);
    // The assumed relation is still weight-derived: origin and ratings are inherited.
    expect(app.ancestors.every((a) => a.weightDerived)).toBe(true);
    expect(model(result, 'stated').ancestors[0]?.chain[1]).toEqual({ model: 'mid', relation: ['finetune'] });
    expect(validate(result.input), JSON.stringify(validate.errors)).toBe(true);
  });
});
