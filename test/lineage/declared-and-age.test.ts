// Two facts resolve adds for the policies: the hijacking rating a model declares (even one
// it does not use, so hijacking/unsourced-rating can report it) and the catalog's age in
// days (governance/catalog-age: the WASM policies have no clock).
import { describe, expect, it } from 'vitest';
import { indexCatalog, mergeCatalogs } from '../../src/lineage/catalog.js';
import { ageInDays, resolve } from '../../src/lineage/resolve.js';
import { bom, catalog, model, run } from './helpers.js';

describe('hijacking.declared', () => {
  it('keeps an unsourced declaration verbatim while the used rating ignores it', () => {
    const result = run([
      bom('aibom.yaml', {
        models: {
          agent: { risk: { hijacking: { rating: 'low', evaluated: '2026-01-05' } }, derivedFrom: [{ model: 'hf:deepseek-ai/DeepSeek-R1-0528', relation: 'finetune' }] },
        },
      }),
    ]);
    const agent = model(result, 'agent');
    expect(agent.hijacking.declared).toEqual({ rating: 'low', source: null, evaluated: '2026-01-05', basis: null, path: '/models/agent/risk/hijacking' });
    // The unsourced "low" did not shield the model: it inherits the base's catalog rating.
    expect(agent.hijacking).toMatchObject({ rating: 'high', provenance: 'inherited', inheritedFrom: 'hf:deepseek-ai/DeepSeek-R1-0528' });
  });

  it('is the declaration of the model itself, never copied from the ancestor it inherits from', () => {
    const result = run([
      bom('aibom.yaml', {
        models: {
          base: { risk: { hijacking: { rating: 'medium', source: 'internal red team', basis: 'absolute' } } },
          tuned: { derivedFrom: [{ model: 'base', relation: 'finetune' }] },
        },
      }),
    ]);
    expect(model(result, 'base').hijacking.declared).toEqual({ rating: 'medium', source: 'internal red team', evaluated: null, basis: 'absolute', path: '/models/base/risk/hijacking' });
    const tuned = model(result, 'tuned');
    expect(tuned.hijacking).toMatchObject({ rating: 'medium', provenance: 'inherited', inheritedFrom: 'base', declared: null });
  });
});

describe('context.catalogAgeDays', () => {
  it('counts whole days from the catalog date (UTC midnight) to now, rounding down', () => {
    expect(ageInDays('2026-05-01', '2026-11-24T00:00:00Z')).toBe(207);
    expect(ageInDays('2026-05-01', '2026-05-01T23:59:59Z')).toBe(0);
    expect(ageInDays('2026-05-02', '2026-05-01T12:00:00Z')).toBe(-1);
    expect(ageInDays('2026-05-01T12:00:00Z', '2026-05-03T11:00:00Z')).toBe(1);
  });

  it('is null when a date does not parse', () => {
    expect(ageInDays('someday', '2026-11-24T00:00:00Z')).toBeNull();
    expect(ageInDays('2026-05-01', 'now')).toBeNull();
  });

  it('is computed from the (merged) catalog asOf and the evaluation time', () => {
    const old = indexCatalog(mergeCatalogs({ ...catalog, asOf: '2026-01-01', organizations: [], models: [], hijackingRatings: [], lists: [] }));
    const result = resolve([bom('aibom.yaml', {})], old, { now: '2026-07-01T08:00:00Z', profile: 'strict', event: null, changedFiles: [] });
    expect(result.input.context.catalogAgeDays).toBe(181);
  });
});
