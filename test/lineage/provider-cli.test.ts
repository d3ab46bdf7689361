// End to end through the built CLI: a CycloneDX component whose supplier (its distributor,
// ModelDecl.provider) is a restricted party sends data or payment to that party.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, REPO_ROOT, runCli, tempRepo } from '../helpers/cli.js';

const FIXTURE = 'test/fixtures/cyclonedx/supplier-zhipu-reseller.cdx.json';
const TEXT = readFileSync(path.join(REPO_ROOT, FIXTURE), 'utf8');

interface ReportFinding {
  rule: string;
  subject: { kind: string; id: string };
  path: string;
  location: { file: string; line: number; column: number };
  evidence: Record<string, unknown>;
}

describe('a CycloneDX supplier on the BIS Entity List (built CLI)', () => {
  it('reports export/restricted-party at the component\'s supplier, and not for an unlisted reseller', () => {
    const repo = tempRepo({ 'sbom/models.cdx.json': TEXT });
    const r = runCli(['check', 'sbom/models.cdx.json', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { verdict: string; findings: ReportFinding[] };
    expect(report.verdict).toBe('fail');
    const parties = report.findings.filter((f) => f.rule === 'export/restricted-party');
    expect(parties.map((f) => [f.subject, f.path])).toEqual([[{ kind: 'model', id: 'resold-llama' }, '/models/resold-llama/provider']]);
    const [finding] = parties as [ReportFinding];
    expect(finding.evidence).toMatchObject({ list: 'bis-entity-list', party: 'zhipu-ai', via: ['provider'], provider: 'Zhipu AI' });
    // The line of the supplier's name, inside the resold-llama component.
    const lines = TEXT.split('\n');
    const component = lines.findIndex((l) => l.includes('"bom-ref": "resold-llama"'));
    const supplier = lines.findIndex((l, i) => i > component && l.includes('"name": "Zhipu AI"'));
    expect(component).toBeGreaterThan(0);
    expect(finding.location).toEqual({ file: 'sbom/models.cdx.json', line: supplier + 1, column: expect.any(Number) });
    // The supplier is a provider, never the origin: Meta (US) stays the publisher, so no origin finding.
    expect(report.findings.filter((f) => f.rule.startsWith('origin/')).map((f) => f.rule)).toEqual([]);
  });
});
