import { describe, expect, it } from 'vitest';
import { decide, isExpired } from '../../src/verdict/decide.js';
import { fingerprintOf } from '../../src/verdict/fingerprint.js';
import { resolveConfig } from '../../src/config/config.js';
import type { RawFinding, ResolvedConfig, WaiverDecl } from '../../src/types.js';

const NOW = '2026-11-24T00:00:00Z';

function finding(over: Partial<RawFinding> = {}): RawFinding {
  return {
    rule: 'origin/country-of-concern',
    severity: 'warning',
    message: 'acme-coder derives from Kimi K2.5 (Moonshot AI, CN)',
    subject: { kind: 'model', id: 'acme-coder' },
    path: '/models/acme-coder/derivedFrom/0',
    location: { file: 'aibom.yaml', line: 14, column: 9 },
    evidence: { country: 'CN', publisher: 'Moonshot AI' },
    key: 'hf:moonshotai/Kimi-K2.5',
    ...over,
  };
}

const waiver = (over: Partial<WaiverDecl> = {}): WaiverDecl => ({
  rule: 'origin/country-of-concern',
  subject: 'acme-coder',
  reason: 'reviewed by legal',
  approver: 'security@acme.example',
  expires: '2026-12-31',
  location: { file: '.aibom-guard.yml', line: 5, column: 5 },
  ...over,
});

function config(over: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { ...resolveConfig(null), file: '.aibom-guard.yml', sha256: 'x', ...over };
}

describe('decide', () => {
  it('fails on an error, passes on a warning under --fail-on error, fails on it under warning', () => {
    expect(decide([finding({ severity: 'error' })], { config: config(), failOn: 'error', now: NOW }).verdict).toBe('fail');
    expect(decide([finding()], { config: config(), failOn: 'error', now: NOW }).verdict).toBe('pass');
    expect(decide([finding()], { config: config(), failOn: 'warning', now: NOW }).verdict).toBe('fail');
    expect(decide([finding({ severity: 'info' })], { config: config(), failOn: 'warning', now: NOW }).verdict).toBe('pass');
  });

  it('--fail-on never passes policy findings but never bom/* ones', () => {
    expect(decide([finding({ severity: 'error' })], { config: config(), failOn: 'never', now: NOW }).verdict).toBe('pass');
    const bom = finding({ rule: 'bom/schema', severity: 'error', subject: { kind: 'bom', id: 'aibom.yaml' } });
    expect(decide([bom], { config: config(), failOn: 'never', now: NOW }).verdict).toBe('fail');
  });

  it('applies severity overrides and off, but never to bom/* rules', () => {
    const rules = { 'origin/country-of-concern': { severity: 'error' as const }, 'integrity/unpinned': { severity: 'off' as const }, 'bom/schema': { severity: 'info' as const } };
    const d = decide(
      [finding(), finding({ rule: 'integrity/unpinned', key: 'x' }), finding({ rule: 'bom/schema', severity: 'error', key: 'y' })],
      { config: config({ rules }), failOn: 'error', now: NOW },
    );
    expect(d.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['bom/schema', 'error'],
      ['origin/country-of-concern', 'error'],
    ]);
    expect(d.verdict).toBe('fail');
  });

  it('waives a finding by rule and subject, keeps it in the report marked, and counts it as waived', () => {
    const d = decide([finding({ severity: 'error' })], { config: config({ waivers: [waiver()] }), failOn: 'error', now: NOW });
    expect(d.verdict).toBe('pass');
    expect(d.counts).toEqual({ error: 0, warning: 0, info: 0, waived: 1 });
    expect(d.findings[0]?.waiver).toEqual({ reason: 'reviewed by legal', approver: 'security@acme.example', expires: '2026-12-31' });
  });

  it('matches a waiver on <file>#<id> too, and never on another subject or rule', () => {
    const byKey = decide([finding({ severity: 'error' })], { config: config({ waivers: [waiver({ subject: 'aibom.yaml#acme-coder' })] }), failOn: 'error', now: NOW });
    expect(byKey.findings[0]?.waiver).not.toBeNull();
    const other = decide([finding({ severity: 'error' })], { config: config({ waivers: [waiver({ subject: 'acme-rerank' }), waiver({ rule: 'origin/unknown-origin' })] }), failOn: 'error', now: NOW });
    expect(other.findings[0]?.waiver).toBeNull();
    expect(other.verdict).toBe('fail');
  });

  it('covers only the evidence a waiver names: a waiver for one base does not cover another', () => {
    const kimi = finding({ severity: 'error', evidence: { country: 'CN', publisher: 'Moonshot AI' } });
    const deepseek = finding({ severity: 'error', evidence: { country: 'CN', publisher: 'DeepSeek' }, key: 'hf:deepseek-ai/DeepSeek-R1' });
    const d = decide([kimi, deepseek], { config: config({ waivers: [waiver({ evidence: { publisher: 'Moonshot AI' } })] }), failOn: 'error', now: NOW });
    expect(d.findings.filter((f) => f.waiver).map((f) => f.evidence.publisher)).toEqual(['Moonshot AI']);
    expect(d.verdict).toBe('fail');
  });

  it('never waives bom/* findings', () => {
    const bom = finding({ rule: 'bom/reference', severity: 'error' });
    const d = decide([bom], { config: config({ waivers: [waiver({ rule: 'bom/reference' })] }), failOn: 'error', now: NOW });
    expect(d.findings[0]?.waiver).toBeNull();
    expect(d.verdict).toBe('fail');
  });

  it('stops honouring an expired waiver and reports it at its line', () => {
    const expired = waiver({ expires: '2026-11-23' });
    const d = decide([finding({ severity: 'error' })], { config: config({ waivers: [expired] }), failOn: 'error', now: NOW });
    expect(d.verdict).toBe('fail');
    const governance = d.findings.find((f) => f.rule === 'governance/expired-waiver');
    expect(governance?.location).toEqual({ file: '.aibom-guard.yml', line: 5, column: 5 });
    expect(governance?.severity).toBe('warning');
    expect(d.findings.find((f) => f.rule === 'origin/country-of-concern')?.waiver).toBeNull();
  });

  it('keeps a waiver valid through the whole of its expiry day (UTC)', () => {
    expect(isExpired(waiver({ expires: '2026-11-24' }), '2026-11-24T23:59:59Z')).toBe(false);
    expect(isExpired(waiver({ expires: '2026-11-24' }), '2026-11-25T00:00:00Z')).toBe(true);
    expect(isExpired(waiver({ expires: 'not-a-date' }), NOW)).toBe(true);
  });

  it('does not fail on findings already in the baseline, and marks them', () => {
    const known = finding({ severity: 'error' });
    const baseline = new Set([fingerprintOf(known)]);
    const d = decide([known], { config: config(), failOn: 'error', now: NOW, baseline });
    expect(d.verdict).toBe('pass');
    expect(d.findings[0]?.evidence.baseline).toBe(true);
    const fresh = finding({ severity: 'error', key: 'hf:deepseek-ai/DeepSeek-R1' });
    expect(decide([known, fresh], { config: config(), failOn: 'error', now: NOW, baseline }).verdict).toBe('fail');
  });

  it('gives a fingerprint that ignores the line but not the key evidence', () => {
    expect(fingerprintOf(finding())).toBe(fingerprintOf(finding({ location: { file: 'aibom.yaml', line: 40, column: 3 } })));
    expect(fingerprintOf(finding())).not.toBe(fingerprintOf(finding({ key: 'hf:deepseek-ai/DeepSeek-R1' })));
    expect(fingerprintOf(finding())).not.toBe(fingerprintOf(finding({ location: { file: 'other.yaml', line: 14, column: 9 } })));
  });

  it('reports the same finding once and sorts by file, line, column, rule, subject', () => {
    const a = finding({ location: { file: 'b.yaml', line: 1, column: 1 } });
    const b = finding({ rule: 'integrity/unpinned', location: { file: 'a.yaml', line: 9, column: 1 } });
    const c = finding({ rule: 'hijacking/unrated-agent', location: { file: 'a.yaml', line: 9, column: 1 } });
    const d = decide([a, a, b, c], { config: config(), failOn: 'error', now: NOW });
    expect(d.findings.map((f) => `${f.location.file}:${f.rule}`)).toEqual(['a.yaml:hijacking/unrated-agent', 'a.yaml:integrity/unpinned', 'b.yaml:origin/country-of-concern']);
  });
});
