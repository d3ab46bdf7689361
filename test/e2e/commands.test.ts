// validate, explain and --input-format through the built CLI.
import { describe, expect, it } from 'vitest';
import { NOW, runCli, tempRepo } from '../helpers/cli.js';

describe('aibom-guard validate', () => {
  it('accepts a valid AIBOM and reports each problem of an invalid one with file:line:col', () => {
    const repo = tempRepo({
      'good.aibom.yaml': 'aibom: 1\nmodels:\n  m:\n    name: M\n    derivedFrom:\n      - { model: hf:moonshotai/Kimi-K2.5, relation: finetune }\n',
      'bad.aibom.yaml': 'aibom: 1\nmodels:\n  m:\n    name: M\n    colour: blue\n    derivedFrom:\n      - { model: ghost, relation: finetune }\n',
    });
    const good = runCli(['validate', 'good.aibom.yaml'], { cwd: repo });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('✔ valid: good.aibom.yaml');
    const bad = runCli(['validate', 'bad.aibom.yaml', '--format', 'json'], { cwd: repo });
    expect(bad.code).toBe(1);
    const result = JSON.parse(bad.stdout);
    expect(result.valid).toBe(false);
    expect(result.findings.map((f: { rule: string; location: { line: number } }) => [f.rule, f.location.line])).toEqual([['bom/schema', 5]]);
    // Fix the schema error and the dangling reference shows.
    const dangling = tempRepo({ 'a.aibom.yaml': 'aibom: 1\nmodels:\n  m:\n    name: M\n    derivedFrom:\n      - { model: ghost, relation: finetune }\n' });
    const ref = runCli(['validate', 'a.aibom.yaml'], { cwd: dangling });
    expect(ref.code).toBe(1);
    expect(ref.stdout).toMatch(/a\.aibom\.yaml:6:\d+ +error .*ghost.*bom\/reference/);
  });

  it('exits 2 on usage errors and unreadable files', () => {
    expect(runCli(['validate']).code).toBe(2);
    expect(runCli(['validate', 'no/such/file.yaml']).code).toBe(2);
    expect(runCli(['validate', '--format', 'xml', 'x']).code).toBe(2);
  });
});

describe('aibom-guard explain', () => {
  it('says what the catalog knows about a model, with sources and how it matched', () => {
    const r = runCli(['explain', 'https://huggingface.co/moonshotai/Kimi-K2.5', '--format', 'json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.kind).toBe('model');
    expect(e.model.id).toBe('hf:moonshotai/Kimi-K2.5');
    expect(e.publisher).toMatchObject({ id: 'moonshot-ai', country: 'CN' });
    expect(e.publisher.source).toBeTruthy();
    expect(e.publisher.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('matches organizations tolerantly and says how', () => {
    const r = runCli(['explain', 'beijing moonshot ai technology co ltd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/matchedBy: catalog-alias/);
    expect(r.stdout).toMatch(/country: CN/);
  });

  it('is honest about what it does not know, and takes team data', () => {
    const unknown = runCli(['explain', 'hf:nobody/nothing', '--format', 'json']);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ kind: 'model', model: null, publisher: null, hijacking: { rating: 'unrated' } });
    const repo = tempRepo({
      'team.yaml': 'version: 1\norganizations:\n  - id: northwind\n    name: Northwind Robotics\n    country: US\n    hfOrgs: [northwind]\n    source: vendor due diligence 2026-10\n    asOf: 2026-10-01\n',
    });
    const team = runCli(['explain', 'hf:northwind/helper', '--data', 'team.yaml', '--format', 'json'], { cwd: repo });
    expect(team.code).toBe(0);
    expect(JSON.stringify(JSON.parse(team.stdout))).toContain('vendor due diligence 2026-10');
  });
});

describe('--input-format', () => {
  it('forces the format instead of detecting it', () => {
    const repo = tempRepo({ 'model.json': '{"aibom": 1, "models": {"m": {"name": "M"}}}\n' });
    const forced = runCli(['check', 'model.json', '--input-format', 'cyclonedx', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(forced.code).toBe(1);
    const report = JSON.parse(forced.stdout);
    expect(report.inputs[0].format).toBe('cyclonedx');
    expect(report.findings[0].rule).toMatch(/^bom\//);
    const detected = runCli(['check', 'model.json', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(JSON.parse(detected.stdout).inputs[0].format).toBe('native');
  });
});

describe('--data that breaks the catalog', () => {
  it('exits 2 with a data error, never a pass or an internal error', () => {
    const repo = tempRepo({
      'aibom.yaml': 'aibom: 1\nmodels:\n  m:\n    name: M\n',
      'team.yaml': 'version: 1\norganizations:\n  - id: orphan\n    name: Orphan Labs\n    country: US\n    parent: no-such-parent\n    source: team notes\n    asOf: 2026-10-01\n',
    });
    const r = runCli(['check', '--data', 'team.yaml', '--format', 'json', '--now', NOW], { cwd: repo });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.error.code).toBe('data');
    expect(report.error.message).toContain('no-such-parent');
  });
});
