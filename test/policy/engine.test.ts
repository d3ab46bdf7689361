import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkFindings,
  defaultBundlePath,
  evaluatePolicy,
  loadPolicyBundle,
  PolicyEngineError,
  type PolicyData,
  type RuleMeta,
} from '../../src/policy/engine.js';
import type { PolicyInput } from '../../src/types.js';
import { buildWasm, policySource, repoRoot } from './helpers.js';

const RULES: RuleMeta[] = [{ id: 'team/example', title: 'Example', description: 'An example team rule.', remediation: 'Fix it.' }];

const EMPTY_INPUT: PolicyInput = {
  version: 1,
  context: { now: '2026-11-24T00:00:00Z', profile: 'baseline', event: null, changedFiles: [] },
  boms: [],
  models: [],
  hosts: [],
};

const DATA: PolicyData = {
  catalog: { version: 1, asOf: '2026-11-01', organizations: [], models: [], hijackingRatings: [], lists: [] },
  config: { file: null, sha256: null, profile: 'baseline', failOn: null, rules: {}, waivers: [] },
};

/** A team family beside the built-in main.rego; `finding` is Rego for the object it yields. */
function teamPolicy(finding: string, extra = ''): Record<string, string> {
  return {
    'main.rego': policySource('main.rego'),
    'team.rego': `package aibom.rules.team\n\n${extra}\nfindings contains ${finding} if true\n`,
  };
}

async function bundleOf(files: Record<string, string>, rules: RuleMeta[] = RULES) {
  const built = buildWasm(files);
  if (!built.wasm) throw new Error(`opa build failed:\n${built.output}`);
  return loadPolicyBundle(built.wasm, rules);
}

const VALID = `{
	"rule": "team/example", "severity": "info", "message": "hello",
	"subject": {"kind": "bom", "id": "aibom.yaml"}, "file": "aibom.yaml", "path": ""
}`;

describe('loadPolicyBundle', () => {
  it('rejects bytes that are not a WASM module', async () => {
    await expect(loadPolicyBundle(new TextEncoder().encode('not wasm at all'), RULES)).rejects.toThrow(PolicyEngineError);
    await expect(loadPolicyBundle(new TextEncoder().encode('not wasm at all'), RULES)).rejects.toThrow(/cannot load the policy bundle/);
  });

  it('rejects a truncated copy of the real bundle', async () => {
    const wasm = readFileSync(path.join(repoRoot, 'dist', 'policy', 'policy.wasm'));
    await expect(loadPolicyBundle(wasm.subarray(0, wasm.length >> 1), RULES)).rejects.toThrow(PolicyEngineError);
  });

  it('rejects a module without the aibom/findings entrypoint', async () => {
    const built = buildWasm({ 'other.rego': 'package other\n\nallow := true\n' }, 'other/allow');
    expect(built.wasm, built.output).toBeDefined();
    await expect(loadPolicyBundle(built.wasm as Uint8Array, RULES)).rejects.toThrow(/no entrypoint aibom\/findings \(found: other\/allow\)/);
  });

  it('rejects malformed rule metadata', async () => {
    const wasm = readFileSync(path.join(repoRoot, 'dist', 'policy', 'policy.wasm'));
    await expect(loadPolicyBundle(wasm, { 'origin/x': {} } as unknown as RuleMeta[])).rejects.toThrow(/must be an array/);
    await expect(loadPolicyBundle(wasm, [{ id: 'nope', title: 't', description: 'd', remediation: 'r' }])).rejects.toThrow(/rule metadata 0: id/);
    await expect(loadPolicyBundle(wasm, [...RULES, ...RULES])).rejects.toThrow(/duplicate id team\/example/);
  });

  it('loads the committed bundle with its rules.json', async () => {
    const dir = path.join(repoRoot, 'dist', 'policy');
    const wasm = readFileSync(path.join(dir, 'policy.wasm'));
    const rules = JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8')) as RuleMeta[];
    const bundle = await loadPolicyBundle(wasm, rules);
    expect(bundle.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['origin/country-of-concern', 'export/sanctioned-jurisdiction']));
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toEqual([]);
  });
});

describe('evaluatePolicy with a team rule', () => {
  it('picks up a new family without touching main.rego, and fills its remediation', async () => {
    const bundle = await bundleOf(teamPolicy(VALID));
    expect(evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toEqual([
      {
        rule: 'team/example',
        severity: 'info',
        message: 'hello',
        subject: { kind: 'bom', id: 'aibom.yaml' },
        file: 'aibom.yaml',
        path: '',
        remediation: 'Fix it.',
      },
    ]);
  });

  it.each([
    ['an unknown severity', VALID.replace('"info"', '"high"'), /malformed finding 0 \(rule team\/example\): severity must be error, warning or info, got "high"/],
    ['a missing file', VALID.replace('"file": "aibom.yaml", ', ''), /malformed finding 0 \(rule team\/example\): file must be a non-empty string, got nothing/],
    ['a misspelt field', VALID.replace('"path": ""', '"path": "", "remedation": "x"'), /unknown field remedation/],
    ['a bad subject kind', VALID.replace('"kind": "bom"', '"kind": "repo"'), /subject\.kind must be model, host or bom/],
    ['a path that is not a pointer', VALID.replace('"path": ""', '"path": "models.x"'), /path must be a JSON Pointer/],
    ['a string instead of an object', '"team/example: something is wrong"', /malformed finding 0: expected an object, got "team\/example/],
  ])('fails on a finding with %s', async (_label, finding, message) => {
    const bundle = await bundleOf(teamPolicy(finding));
    expect(() => evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toThrow(PolicyEngineError);
    expect(() => evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toThrow(message);
  });

  it('turns a policy runtime error into PolicyEngineError', async () => {
    // Two values for one complete rule: the WASM evaluator aborts ("var assignment conflict").
    const bundle = await bundleOf(teamPolicy(VALID, 'conflict := 1 if input.version == 1\n\nconflict := 2 if input.version == 1\n\nfindings contains "x" if conflict == 3\n'));
    expect(() => evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toThrow(/policy evaluation failed: team.rego:5:1: var assignment conflict/);
  });

  it('fails when the entrypoint is undefined instead of returning no findings', async () => {
    const bundle = await bundleOf({ 'main.rego': 'package aibom\n\nfindings := [] if input.never\n' });
    expect(() => evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toThrow(/aibom\/findings is undefined/);
  });

  it('fails when the entrypoint is not a list', async () => {
    const bundle = await bundleOf({ 'main.rego': 'package aibom\n\nfindings := {"rule": "a/b"}\n' });
    expect(() => evaluatePolicy(bundle, EMPTY_INPUT, DATA)).toThrow(/must be an array of findings, got an object/);
  });
});

describe('checkFindings', () => {
  const good = { rule: 'origin/x', severity: 'error', message: 'm', subject: { kind: 'model', id: 'a' }, file: 'f.yaml', path: '/models/a' };

  it('keeps optional fields and leaves absent ones absent', () => {
    expect(checkFindings([good])).toEqual([good]);
    const full = { ...good, evidence: { a: 1 }, remediation: 'r', key: 'k' };
    expect(checkFindings([full])).toEqual([full]);
  });

  it.each([
    [{ ...good, subject: { kind: 'model', id: 'a', extra: 1 } }, /subject has unknown field extra/],
    [{ ...good, evidence: [] }, /evidence must be an object, got an array/],
    [{ ...good, key: 3 }, /key must be a string, got 3/],
    [{ ...good, message: '  ' }, /message must be a non-empty string/],
    [{ ...good, rule: 'no-family' }, /rule must be a "<family>\/<name>" id/],
  ])('rejects %j', (finding, message) => {
    expect(() => checkFindings([good, finding])).toThrow(PolicyEngineError);
    expect(() => checkFindings([good, finding])).toThrow(new RegExp(`malformed finding 1 .*${message.source}`));
  });
});

describe('defaultBundlePath', () => {
  it('is dist/policy from src/policy/ (vitest)', () => {
    expect(defaultBundlePath()).toBe(path.join(repoRoot, 'dist', 'policy'));
  });

  it('is ./policy beside the bundled dist/cli.js', () => {
    const url = pathToFileURL(path.join(repoRoot, 'dist', 'cli.js')).href;
    expect(defaultBundlePath(url)).toBe(path.join(repoRoot, 'dist', 'policy'));
    const installed = pathToFileURL('/opt/action/dist/cli.js').href;
    expect(defaultBundlePath(installed)).toBe('/opt/action/dist/policy');
  });
});

describe('order', () => {
  it('sorts findings by file, path and rule whatever order the policy yields them in', async () => {
    const finding = (file: string, p: string) =>
      `{"rule": "team/example", "severity": "info", "message": "m", "subject": {"kind": "bom", "id": "${file}"}, "file": "${file}", "path": "${p}"}`;
    const team = `package aibom.rules.team\n\nfindings contains ${finding('b.yaml', '/models/a')} if true\n\nfindings contains ${finding('a.yaml', '/models/b')} if true\n\nfindings contains ${finding('a.yaml', '/hosts/z')} if true\n`;
    const bundle = await bundleOf({ 'main.rego': policySource('main.rego'), 'team.rego': team });
    const order = evaluatePolicy(bundle, EMPTY_INPUT, DATA).map((f) => `${f.file}#${f.path}`);
    expect(order).toEqual(['a.yaml#/hosts/z', 'a.yaml#/models/b', 'b.yaml#/models/a']);
  });
});
