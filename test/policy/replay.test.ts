// Every `opa test` case also runs on the compiled WASM.
//
// The Rego tests hold no data of their own: each is one line, `test_x if cases_test.passes("name")`,
// naming a case in policies/tests/cases/*.json ({description, input, data: {catalog, config},
// expect}). `opa test policies/` loads those files as data.tests.cases and checks them on OPA's
// Go evaluator (policies/tests/cases_test.rego). This suite builds the current policies with
// scripts/build-policy.sh, runs the same cases through the engine on that WASM module, and applies
// the same matching rules. It also fails when a Rego test is not such a one-liner or a case is
// not named by a Rego test, so no case runs on one evaluator only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicy, loadPolicyBundle, type PolicyBundle, type PolicyData, type RuleMeta } from '../../src/policy/engine.js';
import type { PolicyFinding, PolicyInput } from '../../src/types.js';
import { repoRoot, requireOpa } from './helpers.js';

interface PolicyCase {
  description: string;
  input: PolicyInput;
  data: PolicyData;
  expect: (string | Partial<PolicyFinding>)[];
  /** Rule ids and families ("origin/") whose findings are compared; all when absent. */
  only?: string[];
}

const casesDir = path.join(repoRoot, 'policies', 'tests', 'cases');
const FINDING_FIELDS = ['evidence', 'file', 'key', 'message', 'path', 'remediation', 'rule', 'severity', 'subject'];

/** The cases as `opa test` sees them: the files of casesDir merged into one object. */
function loadCases(): Map<string, PolicyCase> {
  const cases = new Map<string, PolicyCase>();
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
    const content = JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')) as Record<string, PolicyCase>;
    for (const [name, c] of Object.entries(content)) {
      if (cases.has(name)) throw new Error(`case ${name} is defined twice (${file})`);
      cases.set(name, c);
    }
  }
  return cases;
}

/** Same as _selected in policies/tests/cases_test.rego. */
function selected(finding: PolicyFinding, only: string[] | undefined): boolean {
  return only === undefined || only.some((w) => finding.rule === w || (w.endsWith('/') && finding.rule.startsWith(w)));
}

/** Same as _matches in policies/tests/cases_test.rego. */
function matches(finding: PolicyFinding, expected: string | Partial<PolicyFinding>): boolean {
  if (typeof expected === 'string') return finding.rule === expected;
  return Object.entries(expected).every(([field, value]) => isDeepStrictEqual((finding as unknown as Record<string, unknown>)[field], value));
}

/** The `test_` rules of every *_test.rego under policies/, and the case each one runs. */
function regoTests(): { file: string; line: string; caseName: string | null }[] {
  const found: { file: string; line: string; caseName: string | null }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('_test.rego')) {
        for (const line of readFileSync(full, 'utf8').split('\n')) {
          if (!/^test_/.test(line)) continue; // opa fmt puts every rule at column 0
          const m = /^test_\w+ if cases_test\.passes\("([^"]+)"\)$/.exec(line);
          found.push({ file: path.relative(repoRoot, full), line, caseName: m?.[1] ?? null });
        }
      }
    }
  };
  walk(path.join(repoRoot, 'policies'));
  return found;
}

const cases = loadCases();
let bundle: PolicyBundle;
let rules: RuleMeta[];
let out: string | undefined;

beforeAll(async () => {
  requireOpa();
  // Build the current sources, so the replay never runs on a stale dist/policy.
  out = mkdtempSync(path.join(tmpdir(), 'aibom-replay-'));
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'build-policy.sh'), '--out', out], { stdio: 'pipe' });
  rules = JSON.parse(readFileSync(path.join(out, 'rules.json'), 'utf8')) as RuleMeta[];
  bundle = await loadPolicyBundle(readFileSync(path.join(out, 'policy.wasm')), rules);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('opa test cases replayed on the WASM build', () => {
  it('has cases', () => {
    expect(cases.size).toBeGreaterThanOrEqual(10);
  });

  it.each([...cases.keys()])('%s', (name) => {
    const c = cases.get(name) as PolicyCase;
    const allFindings = evaluatePolicy(bundle, c.input, c.data);
    const findings = allFindings.filter((f) => selected(f, c.only));

    for (const finding of allFindings) {
      // The built-in rules return every field (the engine only fills a missing remediation).
      expect(Object.keys(finding).sort()).toEqual(FINDING_FIELDS);
      const meta = rules.find((r) => r.id === finding.rule);
      expect(meta, `rules.json has no entry for ${finding.rule}`).toBeDefined();
      // The remediation in the finding is the one in the rule's METADATA.
      expect(finding.remediation).toBe(meta?.remediation);
    }
    expect(findings).toHaveLength(c.expect.length);
    for (const expected of c.expect) {
      const times = c.expect.filter((e) => isDeepStrictEqual(e, expected)).length;
      const matched = findings.filter((f) => matches(f, expected));
      expect(matched.length, `expected ${JSON.stringify(expected)} ${times} time(s) in ${JSON.stringify(findings, null, 2)}`).toBe(times);
    }
    for (const finding of findings) {
      expect(c.expect.some((e) => matches(finding, e)), `unexpected finding ${JSON.stringify(finding, null, 2)}`).toBe(true);
    }
  });
});

describe('every Rego test is a replayed case', () => {
  const tests = regoTests();

  it('finds the Rego tests', () => {
    expect(tests.length).toBeGreaterThanOrEqual(cases.size);
  });

  it('each test_ rule runs exactly one case through cases_test.passes', () => {
    const others = tests.filter((t) => t.caseName === null).map((t) => `${t.file}: ${t.line}`);
    expect(others).toEqual([]);
  });

  it('each case is named by exactly one Rego test, and each named case exists', () => {
    const named = tests.map((t) => t.caseName).filter((n): n is string => n !== null);
    expect([...named].sort()).toEqual([...cases.keys()].sort());
  });
});

describe('the committed bundle', () => {
  it('dist/policy is what the current sources build (run scripts/build-policy.sh if not)', () => {
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'build-policy.sh'), '--check'], { stdio: 'pipe' });
  });
});
