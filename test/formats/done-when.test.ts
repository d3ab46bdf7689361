// The "done when": a real generator's CycloneDX AIBOM with a hosted API model from a
// PRC publisher is checked with no conversion step, and the finding points at that
// component's line. Runs the whole pipeline in-process with the built-in policy bundle.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCheck } from '../../src/check.js';
import { loadCatalog, loadDefaultPolicies } from '../../src/cli/inputs.js';
import { resolveConfig } from '../../src/config/config.js';
import { REPO_ROOT, lineOf } from './helpers.js';

const FILE = 'test/fixtures/cyclonedx/generator-hosted-deepseek.cdx.json';

describe('checking a generator CycloneDX ML-BOM directly', () => {
  test('origin/country-of-concern on deepseek-chat, at its component line', async () => {
    const bytes = readFileSync(path.join(REPO_ROOT, FILE));
    const text = bytes.toString('utf8');
    const report = runCheck({
      files: [{ file: FILE, bytes }],
      catalog: loadCatalog([], REPO_ROOT, REPO_ROOT),
      config: resolveConfig(null),
      policies: await loadDefaultPolicies(),
      context: { now: '2026-11-24T00:00:00Z', profile: 'baseline', failOn: 'error', event: null, changedFiles: [], source: {} },
    });
    expect(report.inputs).toEqual([expect.objectContaining({ file: FILE, format: 'cyclonedx' })]);
    expect(report.findings.filter((f) => f.rule.startsWith('bom/'))).toEqual([]);
    const origin = report.findings.find((f) => f.rule === 'origin/country-of-concern' && f.subject.id === 'deepseek-chat');
    expect(origin, JSON.stringify(report.findings, null, 2)).toBeDefined();
    if (process.env.SHOW) console.log(JSON.stringify(report.findings, null, 1));
    // The finding is on the model's component: at the node its path names (the publisher,
    // i.e. the manufacturer's name) or, for the model as a whole, the component's first line.
    const componentLine = lineOf(text, '"bom-ref": "model:deepseek-chat"') - 2;
    const expectedLine = origin!.path === '/models/deepseek-chat' ? componentLine : lineOf(text, '"name": "DeepSeek"', componentLine);
    expect(origin!.path).toMatch(/^\/models\/deepseek-chat(\/publisher)?$/);
    expect(origin!.location).toMatchObject({ file: FILE, line: expectedLine });
    expect(origin!.location.line).toBeGreaterThanOrEqual(componentLine);
    expect(origin!.location.line).toBeLessThan(lineOf(text, '"bom-ref": "pkg:huggingface/contoso/ticket-router'));
    // The reseller is the provider, not the origin: the publisher resolves to DeepSeek.
    expect(JSON.stringify(origin!.evidence)).toMatch(/CN/);
  });
});
