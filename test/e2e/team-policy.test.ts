// Team policies beside the built-in rules: compiled from a directory with the real OPA, or
// loaded from a prebuilt bundle; their findings appear in every output like built-in ones.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, REPO_ROOT, relayAibom, runCli, tempRepo } from '../helpers/cli.js';

const OPA = path.join(REPO_ROOT, '.tools/bin/opa');
const AIBOM = relayAibom({ host: { id: 'frankfurt', country: 'DE' } });

describe.skipIf(!existsSync(OPA))('--policy (team rules)', () => {
  const env = { AIBOM_GUARD_OPA: OPA };

  it('compiles a directory of team Rego and reports its findings at the AIBOM line', () => {
    const repo = tempRepo({ 'aibom.yaml': AIBOM });
    cpSync(path.join(REPO_ROOT, 'examples/policies'), path.join(repo, 'policies'), { recursive: true });
    const r = runCli(['check', '--policy', 'policies', '--format', 'json', '--now', NOW], { cwd: repo, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const finding = report.findings.find((f: { rule: string }) => f.rule === 'acme/host-country');
    expect(finding).toMatchObject({ severity: 'error', subject: { kind: 'host', id: 'frankfurt' }, location: { file: 'aibom.yaml', line: 14 } });
    expect(finding.remediation).toContain('params.countries');
    const team = report.policies.find((p: { name: string }) => p.name === 'team:policies');
    expect(team.rules).toEqual([{ id: 'acme/host-country', title: 'Hosts only in approved countries' }]);
    expect(team.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('passes the config file parameters to team rules', () => {
    const repo = tempRepo({ 'aibom.yaml': AIBOM, '.aibom-guard.yml': 'rules:\n  acme/host-country:\n    params: { countries: [DE, US] }\n' });
    cpSync(path.join(REPO_ROOT, 'examples/policies'), path.join(repo, 'policies'), { recursive: true });
    const r = runCli(['check', '--policy', 'policies', '--now', NOW], { cwd: repo, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('acme/host-country');
  });

  it('loads a prebuilt bundle.tar.gz', () => {
    const repo = tempRepo({ 'aibom.yaml': AIBOM });
    const src = mkdtempSync(path.join(tmpdir(), 'team-src-'));
    cpSync(path.join(REPO_ROOT, 'examples/policies/acme.rego'), path.join(src, 'acme.rego'));
    cpSync(path.join(REPO_ROOT, 'policies/main.rego'), path.join(src, 'main.rego'));
    execFileSync(OPA, ['build', '-t', 'wasm', '-e', 'aibom/findings', '-o', path.join(repo, 'bundle.tar.gz'), src]);
    const r = runCli(['check', '--policy', 'bundle.tar.gz', '--format', 'json', '--now', NOW], { cwd: repo, env });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('acme/host-country');
  });

  it('exits 2 with the reason for broken team policies, never a pass', () => {
    const repo = tempRepo({ 'aibom.yaml': AIBOM, 'bad/bad.rego': 'package aibom.rules.bad\n\nfindings contains x if {\n' });
    const syntax = runCli(['check', '--policy', 'bad', '--format', 'json', '--now', NOW], { cwd: repo, env });
    expect(syntax.code).toBe(2);
    expect(JSON.parse(syntax.stdout).error.code).toBe('policy');
    // A builtin the WASM target lacks fails at compile time, not in a user's run.
    writeFileSync(path.join(repo, 'bad/bad.rego'), 'package aibom.rules.bad\n\nnow := time.now_ns()\n');
    const unsupported = runCli(['check', '--policy', 'bad', '--now', NOW], { cwd: repo, env });
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toMatch(/time\.now_ns/);
    writeFileSync(path.join(repo, 'notabundle.tar.gz'), 'garbage');
    expect(runCli(['check', '--policy', 'notabundle.tar.gz', '--now', NOW], { cwd: repo, env }).code).toBe(2);
  });

  it('says how to get OPA when compiling team Rego without it', () => {
    // A copy of the package with no .tools/bin/opa beside it, and no opa on PATH.
    const pkg = mkdtempSync(path.join(tmpdir(), 'aibom-pkg-'));
    cpSync(path.join(REPO_ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'policies'), path.join(pkg, 'policies'), { recursive: true });
    const repo = tempRepo({ 'aibom.yaml': AIBOM });
    cpSync(path.join(REPO_ROOT, 'examples/policies'), path.join(repo, 'policies'), { recursive: true });
    const r = runCli(['check', '--policy', 'policies', '--now', NOW], { cwd: repo, cli: path.join(pkg, 'dist/cli.js'), env: { AIBOM_GUARD_OPA: '', PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs the OPA CLI/);
  });
});
