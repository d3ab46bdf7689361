// policies/capabilities.json lets through only what runs under opa-wasm: `opa build` must
// reject the rest, so an unsupported builtin fails the build rather than a user's CI run.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWasm, capabilitiesFile, repoRoot, runOpa, writePolicyDir } from './helpers.js';

const policy = (body: string) => ({ 'p.rego': `package aibom\n\n${body}\n` });

describe('policies/capabilities.json', () => {
  it.each([
    ['time.now_ns', 'findings := [time.now_ns()]'],
    ['graph.reachable_paths', 'findings := [p | some p in graph.reachable_paths({"a": ["b"]}, {"a"})]'],
    ['semver.compare', 'findings := [semver.compare("1.0.0", "2.0.0")]'],
    ['time.parse_rfc3339_ns', 'findings := [time.parse_rfc3339_ns(input.context.now)]'],
  ])('makes opa build fail on %s', (builtin, body) => {
    const result = buildWasm(policy(body));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(new RegExp(`undefined function (internal\\.)?${builtin.replace('.', '\\.')}`));
  });

  it('makes opa check (run by build-policy.sh before the build) fail on print, which the build would drop', () => {
    const dir = writePolicyDir(policy('findings := [] if print("x")'));
    const result = runOpa(['check', '--strict', '--capabilities', capabilitiesFile, dir], dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/undefined function internal\.print/);
  });

  it('still builds the natively implemented and SDK-provided builtins', () => {
    const result = buildWasm(
      policy(
        [
          'findings := [x |',
          '\tsome x in [concat(", ", ["a", "b"]), format_int(7, 10), sprintf("%s", ["s"])]',
          '\tgraph.reachable({"a": ["b"]}, {"a"})',
          '\tyaml.is_valid("a: 1")',
          '\tregex.split(",", "a,b")',
          ']',
        ].join('\n'),
      ),
    );
    expect(result.output).toBe('');
    expect(result.wasm?.byteLength).toBeGreaterThan(0);
  });

  it('keeps the features and future keywords of the pinned OPA and lists no builtin twice', () => {
    const caps = JSON.parse(readFileSync(capabilitiesFile, 'utf8')) as {
      builtins: { name: string }[];
      features: string[];
      future_keywords: string[];
    };
    const names = caps.builtins.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['concat', 'sprintf', 'json.is_valid', 'regex.split', 'yaml.unmarshal', 'internal.member_2']));
    expect(names).not.toContain('time.now_ns');
    expect(caps.features).toContain('rego_v1');
    expect(caps.future_keywords).toEqual(expect.arrayContaining(['not', 'and', 'or']));
  });

  it('is what scripts/gen-capabilities.mjs generates from the pinned OPA and SDK', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-capabilities.mjs'), '--check'], { stdio: 'pipe' });
  });
});
