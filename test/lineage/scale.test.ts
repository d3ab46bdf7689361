// The resolver must stay linear in its input and output: these tests count work (edges
// visited, catalog lookups) instead of timing it, so they are stable on a busy machine.
import { describe, expect, it } from 'vitest';
import type { ModelDecl } from '../../src/types.js';
import { MAX_LINEAGE_DEPTH } from '../../src/lineage/resolve.js';
import { bom, newStats, run } from './helpers.js';

const BASES = ['hf:moonshotai/Kimi-K2.5', 'hf:deepseek-ai/DeepSeek-R1-0528', 'hf:Qwen/Qwen3-8B', 'hf:meta-llama/Llama-3.1-8B-Instruct'];

/** n models in families of four: a fine-tune of a catalog base, then three local derivatives. */
function families(n: number) {
  const models: Record<string, ModelDecl> = {};
  for (let i = 0; i < n; i++) {
    const family = Math.floor(i / 4);
    const step = i % 4;
    models[`m${i}`] = {
      publisher: i % 2 ? 'moonshot ai' : 'Acme Labs Inc.',
      derivedFrom: [{ model: step === 0 ? (BASES[family % BASES.length] as string) : `m${i - 1}`, relation: step === 3 ? 'distilled' : 'finetune' }],
    };
  }
  return bom('aibom.yaml', { models });
}

function measure(n: number) {
  const stats = newStats();
  const result = run([families(n)], undefined, stats);
  const outputSize = result.input.models.reduce((sum, m) => sum + m.ancestors.length, 0);
  return { stats, result, outputSize };
}

describe('resolve at scale', () => {
  it('resolves 2,000 models with work proportional to their lineage', () => {
    const { stats, result, outputSize } = measure(2000);
    expect(result.input.models).toHaveLength(2000);
    expect(result.findings).toEqual([]);
    // Each model has at most 4 ancestors here; every search step is accounted for by output.
    expect(outputSize).toBeLessThanOrEqual(2000 * 4);
    expect(stats.edgesVisited).toBeLessThanOrEqual(3 * (outputSize + 2000));
    expect(stats.nodesExpanded).toBeLessThanOrEqual(3 * (outputSize + 2000));
    // External references and publisher names are resolved once each, not once per model.
    expect(stats.externalResolutions).toBe(BASES.length);
    expect(stats.nameLookups).toBeLessThanOrEqual(2);
    // Spot-check correctness at scale.
    const last = result.input.models[1999];
    expect(last?.ancestors.at(-1)?.origin.country).toBe('US');
  });

  it('grows linearly: four times the models is about four times the work', () => {
    const small = measure(500).stats;
    const large = measure(2000).stats;
    expect(large.edgesVisited / small.edgesVisited).toBeLessThan(4.5);
    expect(large.nodesExpanded / small.nodesExpanded).toBeLessThan(4.5);
  });

  it('caps a very long chain at the depth limit with one finding, without quadratic work beyond it', () => {
    const models: Record<string, ModelDecl> = {};
    const n = 1000;
    for (let i = 0; i < n; i++) models[`m${i}`] = i === n - 1 ? {} : { derivedFrom: [{ model: `m${i + 1}`, relation: 'finetune' }] };
    const stats = newStats();
    const result = run([bom('aibom.yaml', { models })], undefined, stats);
    const tooDeep = result.findings.filter((f) => f.rule === 'lineage/too-deep');
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]).toMatchObject({ severity: 'error', path: '/models/m0', evidence: { limit: MAX_LINEAGE_DEPTH, count: n - 1 - MAX_LINEAGE_DEPTH } });
    expect(result.input.models[0]?.ancestors).toHaveLength(MAX_LINEAGE_DEPTH);
    // Bounded by the cap per model, not by the chain length.
    expect(stats.nodesExpanded).toBeLessThanOrEqual(2 * n * (MAX_LINEAGE_DEPTH + 1));
  });
});
