// End-to-end scenarios: realistic AIBOMs of fictional companies, checked by the built CLI
// (dist/cli.js, run as a subprocess as users and the action run it) under both profiles.
//
// The table is test/fixtures/scenarios/: each <name>.aibom.yaml has a <name>.expect.json
//   {
//     "description": "what the scenario shows",
//     "profiles": {
//       "baseline": { "verdict": "pass" | "fail", "rules": [rule ids, one per finding],
//                     "counts": { "error": n, "warning": n, "info": n } },
//       "strict":   { ... }
//     },
//     "messages": [ { "rule": "<id>", "includes": "text" } ]      (optional)
//   }
// `rules` is the exact multiset of the findings' rule ids (every family, so a new rule that
// fires here must be added); `messages` entries must each match a finding of that rule under
// both profiles. Adding a scenario is adding the two files. Rebuild (npm run build) after
// changing policies or src: the test runs dist/cli.js.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, NOW, REPO_ROOT, runCli, tempRepo } from '../helpers/cli.js';

type Profile = 'baseline' | 'strict';

interface ProfileExpectation {
  verdict: 'pass' | 'fail';
  rules: string[];
  counts: { error: number; warning: number; info: number };
}

interface ScenarioExpectation {
  description: string;
  profiles: Record<Profile, ProfileExpectation>;
  messages?: { rule: string; includes: string }[];
}

interface ReportFinding {
  rule: string;
  severity: string;
  message: string;
  subject: { kind: string; id: string };
  location: { file: string; line: number; column: number };
}

interface Report {
  verdict: string;
  profile: string;
  counts: { error: number; warning: number; info: number; waived: number };
  findings: ReportFinding[];
  error?: unknown;
}

const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'scenarios');
const AIBOM_SUFFIX = '.aibom.yaml';
const EXPECT_SUFFIX = '.expect.json';
const PROFILES: Profile[] = ['baseline', 'strict'];

const names = readdirSync(fixtures)
  .filter((f) => f.endsWith(AIBOM_SUFFIX))
  .map((f) => f.slice(0, -AIBOM_SUFFIX.length))
  .sort();

const expectations = new Map(
  names
    .filter((name) => existsSync(path.join(fixtures, `${name}${EXPECT_SUFFIX}`)))
    .map((name) => [name, JSON.parse(readFileSync(path.join(fixtures, `${name}${EXPECT_SUFFIX}`), 'utf8')) as ScenarioExpectation]),
);

// One throwaway repository per scenario (with .git, so paths are relative to it and no
// configuration of this repository applies), shared by its two profile runs.
const repos = new Map<string, string>();
function repoFor(name: string): string {
  let dir = repos.get(name);
  if (!dir) {
    dir = tempRepo({});
    copyFileSync(path.join(fixtures, `${name}${AIBOM_SUFFIX}`), path.join(dir, 'aibom.yaml'));
    repos.set(name, dir);
  }
  return dir;
}

afterAll(() => {
  for (const dir of repos.values()) rmSync(dir, { recursive: true, force: true });
});

function check(name: string, profile: Profile): { code: number | null; report: Report } {
  const result = runCli(['check', 'aibom.yaml', '--profile', profile, '--format', 'json', '--now', NOW], { cwd: repoFor(name) });
  let report: Report;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`${name} (${profile}): no JSON report (exit ${result.code}): ${result.stderr}`);
  }
  return { code: result.code, report };
}

describe('scenario table', () => {
  it('has the built CLI', () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
  });

  it('has an expectation for every scenario and a scenario for every expectation', () => {
    expect(names.length).toBeGreaterThanOrEqual(7);
    const expectFiles = readdirSync(fixtures)
      .filter((f) => f.endsWith(EXPECT_SUFFIX))
      .map((f) => f.slice(0, -EXPECT_SUFFIX.length))
      .sort();
    expect(expectFiles).toEqual(names);
  });
});

describe.each(names)('scenario %s', (name) => {
  const expectation = expectations.get(name) as ScenarioExpectation;

  it.each(PROFILES)('%s: exact rule ids, counts and verdict', (profile) => {
    const wanted = expectation.profiles[profile];
    const { code, report } = check(name, profile);
    expect(report.error, JSON.stringify(report.error)).toBeUndefined();
    expect(report.profile).toBe(profile);
    const summary = report.findings.map((f) => `${f.severity} ${f.rule} ${f.subject.id}: ${f.message}`).join('\n');
    expect(report.findings.map((f) => f.rule).sort(), summary).toEqual([...wanted.rules].sort());
    expect({ error: report.counts.error, warning: report.counts.warning, info: report.counts.info }, summary).toEqual(wanted.counts);
    expect(report.verdict).toBe(wanted.verdict);
    expect(code).toBe(wanted.verdict === 'pass' ? 0 : 1);
    // Every finding points into the scenario's AIBOM.
    for (const finding of report.findings) expect(finding.location.file).toBe('aibom.yaml');
    for (const { rule, includes } of expectation.messages ?? []) {
      const messages = report.findings.filter((f) => f.rule === rule).map((f) => f.message);
      expect(messages.some((m) => m.includes(includes)), `${rule} with "${includes}" in ${JSON.stringify(messages, null, 2)}`).toBe(true);
    }
  });
});
