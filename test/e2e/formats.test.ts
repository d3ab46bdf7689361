// Other formats through the built CLI: a generator's CycloneDX ML-BOM is checked with no
// conversion step, and ordinary SBOMs found by discovery do not fail the check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, REPO_ROOT, runCli, tempRepo } from '../helpers/cli.js';

const GENERATOR_BOM = readFileSync(path.join(REPO_ROOT, 'test/fixtures/cyclonedx/generator-hosted-deepseek.cdx.json'), 'utf8');
const PLAIN_SBOM = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
}, null, 2);
const AIBOM = `aibom: 1
system: { name: tiny }
organizations:
  northwind: { name: Northwind Robotics LLC, country: US }
models:
  tiny:
    name: Tiny
    publisher: northwind
    revision: 0123456789abcdef0123456789abcdef01234567
    license: Apache-2.0
`;

describe('CycloneDX and discovery (built CLI)', () => {
  it('checks a generator CycloneDX ML-BOM and points at the PRC hosted model component', () => {
    const repo = tempRepo({ 'sbom/app.cdx.json': GENERATOR_BOM });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    const report = JSON.parse(r.stdout);
    expect(report.inputs).toEqual([{ file: 'sbom/app.cdx.json', format: 'cyclonedx', sha256: expect.any(String) }]);
    const finding = report.findings.find((f: { rule: string; subject: { id: string } }) => f.rule === 'origin/country-of-concern' && f.subject.id === 'deepseek-chat');
    expect(finding).toBeDefined();
    expect(finding.message).toMatch(/DeepSeek.*CN/);
    // The line is inside the deepseek-chat component of the CycloneDX file.
    const lines = GENERATOR_BOM.split('\n');
    const componentStart = lines.findIndex((l) => l.includes('"name": "deepseek-chat"'));
    expect(componentStart).toBeGreaterThan(0);
    expect(Math.abs(finding.location.line - (componentStart + 1))).toBeLessThan(12);
    expect(finding.location.file).toBe('sbom/app.cdx.json');
  });

  it('skips an ordinary SBOM found by discovery, but fails one named on the command line', () => {
    const repo = tempRepo({ 'aibom.yaml': AIBOM, 'bom.json': PLAIN_SBOM });
    const discovered = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(discovered.code).toBe(0);
    expect(JSON.parse(discovered.stdout).inputs.map((i: { file: string }) => i.file)).toEqual(['aibom.yaml']);
    const named = runCli(['check', 'bom.json', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(named.code).toBe(1);
    const report = JSON.parse(named.stdout);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['bom/no-ai-content']);
    expect(report.inputs[0].format).toBe('cyclonedx');
  });

  it('treats a tree whose only BOMs describe no models as having no AIBOM', () => {
    const repo = tempRepo({ 'bom.json': PLAIN_SBOM });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('no-input');
    expect(runCli(['check', '--allow-empty', '--now', NOW], { cwd: repo }).code).toBe(0);
  });

  it('converts the example to CycloneDX and checks the result the same way', () => {
    const repo = tempRepo({ 'aibom.yaml': readFileSync(path.join(REPO_ROOT, 'examples/aibom.yaml'), 'utf8') });
    const convert = runCli(['convert', 'aibom.yaml', '--to', 'cyclonedx', '--output', 'out/aibom.cdx.json'], { cwd: repo });
    expect(convert.code).toBe(0);
    const native = JSON.parse(runCli(['check', 'aibom.yaml', '--format', 'json', '--now', NOW], { cwd: repo }).stdout);
    const cdx = JSON.parse(runCli(['check', 'out/aibom.cdx.json', '--format', 'json', '--now', NOW], { cwd: repo }).stdout);
    const summary = (rep: { findings: { rule: string; subject: { id: string }; evidence: Record<string, unknown> }[] }) =>
      rep.findings.map((f) => [f.rule, f.subject.id]).sort();
    expect(summary(cdx)).toEqual(summary(native));
    expect(cdx.verdict).toBe(native.verdict);
  });
});
