import { isDeepStrictEqual } from 'node:util';
import type { AppliedWaiver, FailOn, Finding, RawFinding, ResolvedConfig, Severity, Verdict, WaiverDecl } from '../types.js';
import { fingerprintOf } from './fingerprint.js';

export interface Decision {
  findings: Finding[];
  counts: { error: number; warning: number; info: number; waived: number };
  verdict: Exclude<Verdict, 'error'>;
}

export interface DecideOptions {
  config: ResolvedConfig;
  failOn: FailOn;
  /** Evaluation time (RFC 3339); waivers expire at the end of their `expires` day, UTC. */
  now: string;
  /** Fingerprints of an earlier report: findings already there do not fail the check. */
  baseline?: ReadonlySet<string>;
}

/** bom/* findings describe an AIBOM that cannot be read: never waived, never downgraded. */
export const isBomFinding = (rule: string): boolean => rule.startsWith('bom/');

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** True when every field of `partial` equals the same field of `whole` (recursively for objects). */
function isSubset(partial: unknown, whole: unknown): boolean {
  if (partial !== null && typeof partial === 'object' && !Array.isArray(partial)) {
    if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
    return Object.entries(partial).every(([k, v]) => isSubset(v, (whole as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqual(partial, whole);
}

function waiverCovers(waiver: WaiverDecl, finding: RawFinding): boolean {
  if (waiver.rule !== finding.rule) return false;
  const subjectMatches =
    waiver.subject === finding.subject.id || waiver.subject === `${finding.location.file}#${finding.subject.id}`;
  return subjectMatches && (waiver.evidence === undefined || isSubset(waiver.evidence, finding.evidence));
}

/** A waiver is valid through the whole of its `expires` day (UTC). */
export function isExpired(waiver: WaiverDecl, now: string): boolean {
  const end = Date.parse(`${waiver.expires}T23:59:59.999Z`);
  return !(end >= Date.parse(now));
}

function expiredWaiverFinding(waiver: WaiverDecl, configFile: string): RawFinding {
  return {
    rule: 'governance/expired-waiver',
    severity: 'warning',
    message: `waiver for ${waiver.rule} on ${waiver.subject} expired on ${waiver.expires} (approved by ${waiver.approver}); it no longer suppresses findings`,
    subject: { kind: 'bom', id: configFile },
    path: '',
    location: waiver.location ?? { file: configFile, line: 1, column: 1 },
    evidence: { waiver: { rule: waiver.rule, subject: waiver.subject, expires: waiver.expires, approver: waiver.approver } },
    remediation: 'Fix the finding, or renew the waiver with a new expiry date and approval.',
    key: `${waiver.rule}|${waiver.subject}|${waiver.expires}`,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.subject.kind, b.subject.kind) ||
    cmp(a.subject.id, b.subject.id) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Apply severity overrides, waivers and the baseline, then decide the verdict.
 * Fails closed: bom/* findings always fail, whatever --fail-on says.
 */
export function decide(raw: RawFinding[], options: DecideOptions): Decision {
  const { config, failOn, now, baseline } = options;
  const active: RawFinding[] = [...raw];
  const liveWaivers: WaiverDecl[] = [];
  for (const waiver of config.waivers) {
    if (isExpired(waiver, now)) active.push(expiredWaiverFinding(waiver, config.file ?? 'config'));
    else liveWaivers.push(waiver);
  }

  const findings: Finding[] = [];
  const seen = new Set<string>();
  let failing = false;
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };

  for (const finding of active) {
    let severity = finding.severity;
    if (!isBomFinding(finding.rule)) {
      const override = config.rules[finding.rule]?.severity;
      if (override === 'off') continue;
      if (override) severity = override;
    }
    const fingerprint = fingerprintOf(finding);
    // The same finding reached twice (e.g. two policies) is reported once.
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);

    const waiverDecl = isBomFinding(finding.rule) ? undefined : liveWaivers.find((w) => waiverCovers(w, finding));
    const waiver: AppliedWaiver | null = waiverDecl
      ? { reason: waiverDecl.reason, approver: waiverDecl.approver, expires: waiverDecl.expires }
      : null;
    const inBaseline = !isBomFinding(finding.rule) && (baseline?.has(fingerprint) ?? false);

    if (waiver) counts.waived += 1;
    else counts[severity] += 1;

    if (!waiver && !inBaseline && fails(finding.rule, severity, failOn)) failing = true;

    findings.push({
      rule: finding.rule,
      severity,
      message: finding.message,
      subject: finding.subject,
      path: finding.path,
      location: finding.location,
      evidence: inBaseline ? { ...finding.evidence, baseline: true } : finding.evidence,
      fingerprint,
      remediation: finding.remediation ?? '',
      waiver,
    });
  }

  findings.sort(compareFindings);
  return { findings, counts, verdict: failing ? 'fail' : 'pass' };
}

function fails(rule: string, severity: Severity, failOn: FailOn): boolean {
  if (isBomFinding(rule)) return true;
  if (failOn === 'never') return false;
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn];
}
