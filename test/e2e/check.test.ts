import { readFileSync, copyFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NOW, REPO_ROOT, relayAibom, runCli, tempRepo } from '../helpers/cli.js';

const KIMI_FINETUNE = `aibom: 1
system: { name: helpdesk, commercial: true }
organizations:
  northwind: { name: Northwind Robotics LLC, country: US }
models:
  helper:
    name: Helpdesk Helper
    publisher: northwind
    source: hf:northwind/helper
    revision: 0123456789abcdef0123456789abcdef01234567
    license: Apache-2.0
    derivedFrom:
      - model: hf:moonshotai/Kimi-K2.5
        relation: finetune
`;

const IRAN_HOST = relayAibom({ license: false, host: { id: 'tehran-dc', country: 'IR', provider: 'Example Hosting' } });

interface ReportShape {
  tool: { name: string; version: string };
  verdict: string;
  profile: string;
  failOn: string;
  evaluatedAt: string;
  inputs: { file: string; format: string; sha256: string }[];
  config: { file: string; sha256: string } | null;
  policies: { name: string; sha256: string; rules: { id: string; title: string }[] }[];
  data: { sha256: string; asOf: string };
  counts: Record<string, number>;
  findings: {
    rule: string;
    severity: string;
    message: string;
    subject: { kind: string; id: string };
    path: string;
    location: { file: string; line: number; column: number };
    evidence: Record<string, unknown>;
    fingerprint: string;
    remediation: string;
    waiver: unknown;
  }[];
  error?: { code: string; message: string };
}

const parse = (stdout: string) => JSON.parse(stdout) as ReportShape;

describe('aibom-guard check (built CLI as a subprocess)', () => {
  it('prints a verdict for the shipped example', () => {
    const r = runCli(['check', 'examples/', '--now', NOW]);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/^(✔ pass|✖ fail) — \d+ errors?, \d+ warnings?/m);
    expect(r.stdout).toContain('examples/aibom.yaml');
    // Not a terminal: no colour escapes.
    expect(r.stdout).not.toContain('\u001b[');
    // FORCE_COLOR paints the output even off a terminal (CI logs that render colour).
    const coloured = runCli(['check', 'examples/', '--now', NOW], { env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[');
    expect(coloured.code).toBe(r.code);
  });

  it('reports a Kimi K2.5 fine-tune as origin/country-of-concern with the chain as evidence', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    const report = parse(r.stdout);
    expect(report.tool.name).toBe('aibom-guard');
    expect(report.evaluatedAt).toBe(NOW);
    expect(report.inputs).toEqual([{ file: 'aibom.yaml', format: 'native', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const finding = report.findings.find((f) => f.rule === 'origin/country-of-concern');
    expect(finding).toBeDefined();
    expect(finding?.subject).toEqual({ kind: 'model', id: 'helper' });
    expect(finding?.path).toBe('/models/helper/derivedFrom/0');
    expect(finding?.location).toEqual({ file: 'aibom.yaml', line: 13, column: 9 });
    expect(finding?.evidence.lineage).toEqual([{ model: 'helper' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: ['finetune'] }]);
    expect(finding?.message).toContain('CN');
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // Baseline: a warning, so the check passes; strict makes it an error and fails.
    expect(finding?.severity).toBe('warning');
    expect(r.code).toBe(0);
    const strict = runCli(['check', '--format', 'json', '--now', NOW, '--profile', 'strict'], { cwd: repo });
    expect(strict.code).toBe(1);
    expect(parse(strict.stdout).findings.find((f) => f.rule === 'origin/country-of-concern')?.severity).toBe('error');
  });

  it('fails a host in Iran with exit 1', () => {
    const repo = tempRepo({ 'aibom.yaml': IRAN_HOST });
    const r = runCli(['check', 'aibom.yaml', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(1);
    const report = parse(r.stdout);
    expect(report.verdict).toBe('fail');
    const sanctioned = report.findings.filter((f) => f.rule === 'export/sanctioned-jurisdiction');
    expect(sanctioned.length).toBeGreaterThan(0);
    expect(sanctioned.every((f) => f.severity === 'error' && f.subject.id === 'tehran-dc')).toBe(true);
    expect(sanctioned[0]?.location.line).toBe(14);
    expect(sanctioned[0]?.path).toBe("/hosts/tehran-dc/country");
  });

  it('gives byte-identical JSON for identical inputs and --now', () => {
    const a = runCli(['check', 'examples/', '--format', 'json', '--now', NOW]);
    const b = runCli(['check', 'examples/', '--format', 'json', '--now', NOW]);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(a.stdout).toBe(b.stdout);
    const report = parse(a.stdout);
    // Sorted by file, line, column, rule, subject.
    const keys = report.findings.map((f) => [f.location.file, f.location.line, f.location.column, f.rule] as const);
    const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : 1)));
    expect(keys).toEqual(sorted);
    expect(report.policies[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.policies[0]?.rules.map((r) => r.id)).toContain('origin/country-of-concern');
    expect(report.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes more formats from the same evaluation with --output', () => {
    const repo = tempRepo({ 'aibom.yaml': IRAN_HOST });
    const r = runCli(['check', '--now', NOW, '--output', 'sarif=out/report.sarif', '--output', 'json=out/report.json', '--output', 'markdown=out/report.md'], { cwd: repo });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(repo, 'out/report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'export/sanctioned-jurisdiction');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'aibom.yaml' }, region: { startLine: 14, startColumn: expect.any(Number) } });
    const json = parse(readFileSync(path.join(repo, 'out/report.json'), 'utf8'));
    expect(json.findings.map((f) => f.fingerprint)).toEqual(
      sarif.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['aibomGuard/v1']),
    );
    expect(readFileSync(path.join(repo, 'out/report.md'), 'utf8')).toContain('AIBOM Guard: fail');
  });

  it('--fail-on never reports policy findings without failing, but still fails unreadable AIBOMs', () => {
    const repo = tempRepo({ 'aibom.yaml': IRAN_HOST, 'broken.aibom.yaml': 'aibom: 1\nmodels: [\n' });
    const policyOnly = runCli(['check', 'aibom.yaml', '--fail-on', 'never', '--now', NOW], { cwd: repo });
    expect(policyOnly.code).toBe(0);
    expect(policyOnly.stdout).toContain('export/sanctioned-jurisdiction');
    const withBroken = runCli(['check', '--fail-on', 'never', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(withBroken.code).toBe(1);
    const broken = parse(withBroken.stdout).findings.find((f) => f.rule === 'bom/parse');
    expect(broken?.location.file).toBe('broken.aibom.yaml');
  });

  it('--baseline fails only on findings that are new', () => {
    const repo = tempRepo({ 'aibom.yaml': IRAN_HOST });
    const first = runCli(['check', '--format', 'json', '--now', NOW, '--output', 'json=baseline.json'], { cwd: repo });
    expect(first.code).toBe(1);
    const adopted = runCli(['check', '--baseline', 'baseline.json', '--now', NOW], { cwd: repo });
    expect(adopted.code).toBe(0);
    writeFileSync(path.join(repo, 'more.aibom.yaml'), relayAibom({ license: false, host: { id: 'havana-dc', country: 'CU', provider: 'Example Hosting' } }));
    const grown = runCli(['check', '--baseline', 'baseline.json', '--now', NOW], { cwd: repo });
    expect(grown.code).toBe(1);
    expect(grown.stdout).toContain('havana-dc');
  });

  it('exits 2 with a JSON error report when no AIBOM is found, and 0 with --allow-empty', () => {
    const repo = tempRepo({ 'README.md': '# nothing here\n' });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    const report = parse(r.stdout);
    expect(report.verdict).toBe('error');
    expect(report.error?.code).toBe('no-input');
    expect(r.stderr).toContain('no AIBOM found');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const empty = runCli(['check', '--allow-empty', '--now', NOW], { cwd: repo });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('✔ pass');
  });

  it('exits 2 on bad arguments and unreadable paths, never 0', () => {
    expect(runCli(['check', '--frobnicate']).code).toBe(2);
    expect(runCli(['check', '--format', 'yaml']).code).toBe(2);
    expect(runCli(['check', '--now', 'yesterday']).code).toBe(2);
    expect(runCli(['check', '--output', 'sarif']).code).toBe(2);
    const missing = runCli(['check', 'no/such/aibom.yaml', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(parse(missing.stdout).error?.code).toBe('unreadable');
    expect(runCli(['frobnicate']).code).toBe(2);
    // A caller that asked for JSON gets the error report even when other arguments are bad.
    const badJson = runCli(['check', '--format', 'json', '--fail-on', 'sometimes']);
    expect(badJson.code).toBe(2);
    expect(parse(badJson.stdout)).toMatchObject({ verdict: 'error', error: { code: 'usage' } });
    expect(parse(badJson.stdout).error?.message).toContain('--fail-on');
  });

  it('exits 2 with the reason when the policy bundle is broken', () => {
    const dir = tempRepo({ 'aibom.yaml': KIMI_FINETUNE });
    const bin = path.join(dir, 'bin');
    mkdirSync(path.join(bin, 'policy'), { recursive: true });
    copyFileSync(CLI, path.join(bin, 'cli.js'));
    copyFileSync(path.join(REPO_ROOT, 'dist/policy/rules.json'), path.join(bin, 'policy/rules.json'));
    writeFileSync(path.join(bin, 'policy/policy.wasm'), 'not wasm');
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: dir, cli: path.join(bin, 'cli.js') });
    expect(r.code).toBe(2);
    const report = parse(r.stdout);
    expect(report.verdict).toBe('error');
    expect(report.error?.code).toBe('policy');
    expect(existsSync(path.join(bin, 'policy/policy.wasm'))).toBe(true);
  });

  it('exits 2 with the line at fault for a bad config file', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE, '.aibom-guard.yml': 'profile: strict\nrules:\n  origin/country-of-concern:\n    severity: fatal\n' });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    expect(parse(r.stdout).error?.message).toMatch(/^\.aibom-guard\.yml:4:15: /);
  });
});

describe('configuration that names catalog lists', () => {
  it('rejects a list id the catalog does not have, at its line, instead of matching nothing', () => {
    const repo = tempRepo({
      'aibom.yaml': KIMI_FINETUNE,
      '.aibom-guard.yml': 'rules:\n  export/sanctioned-jurisdiction:\n    params:\n      lists: [ofac-comprehensive, ofac-typo]\n',
    });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    const report = parse(r.stdout);
    expect(report.error?.code).toBe('config');
    expect(report.error?.message).toMatch(/^\.aibom-guard\.yml:4:35: .*no list "ofac-typo"/);
  });

  it('uses a list that a --data overlay adds', () => {
    const repo = tempRepo({
      'aibom.yaml': relayAibom({ license: false, host: { id: 'tehran-dc', country: 'US', provider: 'Example Hosting' } }),
      'extra.yaml': 'version: 1\nlists:\n  - id: team-blocklist\n    name: Team blocklist\n    kind: jurisdictions\n    countries: [US]\n    source: ACME security policy 12\n    asOf: 2026-10-01\n',
      '.aibom-guard.yml': 'rules:\n  export/sanctioned-jurisdiction:\n    params:\n      lists: [team-blocklist]\n',
    });
    const r = runCli(['check', '--data', 'extra.yaml', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const finding = parse(r.stdout).findings.find((f) => f.rule === 'export/sanctioned-jurisdiction');
    expect(finding?.message).toContain('Team blocklist');
    expect(runCli(['check', '--now', NOW], { cwd: repo }).code).toBe(2);
  });
});

describe('waivers in .aibom-guard.yml', () => {
  const config = (expires: string) =>
    [
      'profile: strict',
      'waivers:',
      '  - rule: origin/country-of-concern',
      '    subject: helper',
      '    evidence: { country: CN }',
      '    reason: Reviewed by legal; weights run in-house only.',
      '    approver: security@northwind.example',
      `    expires: ${expires}`,
      '  - rule: integrity/unpinned',
      '    subject: nobody',
      '    reason: unused',
      '    approver: security@northwind.example',
      '    expires: 2027-01-01',
      '',
    ].join('\n');

  it('suppresses a covered finding under strict, keeping it in the report marked', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE, '.aibom-guard.yml': config('2026-12-31') });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    const report = parse(r.stdout);
    expect(report.profile).toBe('strict');
    expect(report.config).toEqual({ file: '.aibom-guard.yml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const waived = report.findings.find((f) => f.rule === 'origin/country-of-concern');
    expect(waived?.waiver).toEqual({ reason: 'Reviewed by legal; weights run in-house only.', approver: 'security@northwind.example', expires: '2026-12-31' });
    expect(report.counts.waived).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error' && !f.waiver)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports an expired waiver at its line and stops suppressing', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE, '.aibom-guard.yml': config('2026-11-01') });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(1);
    const report = parse(r.stdout);
    const expired = report.findings.find((f) => f.rule === 'governance/expired-waiver');
    expect(expired?.location).toEqual({ file: '.aibom-guard.yml', line: 3, column: 5 });
    expect(report.findings.find((f) => f.rule === 'origin/country-of-concern')?.waiver).toBeNull();
  });

  it('rejects a waiver without an approver, at its line', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE, '.aibom-guard.yml': config('2026-12-31').replace('    approver: security@northwind.example\n    expires: 2026-12-31', '    expires: 2026-12-31') });
    const r = runCli(['check', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    expect(parse(r.stdout).error?.message).toMatch(/^\.aibom-guard\.yml:3:5: .*approver/);
  });
});

describe('--output that cannot be written', () => {
  it('exits 2 and says which file, with the error in the JSON report', () => {
    const repo = tempRepo({ 'aibom.yaml': KIMI_FINETUNE, 'blocker': 'a file where a directory should be' });
    const r = runCli(['check', '--format', 'json', '--now', NOW, '--output', 'sarif=blocker/out.sarif'], { cwd: repo });
    expect(r.code).toBe(2);
    const report = parse(r.stdout);
    expect(report.verdict).toBe('error');
    expect(report.error?.code).toBe('output');
    expect(report.error?.message).toContain('blocker/out.sarif');
    // The evaluation itself is kept: its findings are still in the report.
    expect(report.findings.some((f) => f.rule === 'origin/country-of-concern')).toBe(true);
  });
});
