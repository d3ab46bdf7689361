import stringify from 'json-stable-stringify';
import type { Finding, Report, Severity } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, as GitHub code scanning reads it. */
export function renderSarif(report: Report, ruleMeta: ReadonlyMap<string, { title: string; description?: string; remediation?: string }> = new Map()): string {
  const ruleIds = [...new Set([...report.policies.flatMap((p) => p.rules.map((r) => r.id)), ...report.findings.map((f) => f.rule)])].sort();
  const titles = new Map(report.policies.flatMap((p) => p.rules.map((r) => [r.id, r.title] as const)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/aibom-guard/aibom-guard',
            rules: ruleIds.map((id) => {
              const meta = ruleMeta.get(id);
              const title = meta?.title ?? titles.get(id) ?? id;
              return {
                id,
                name: id.replace(/[/-](.)/g, (_m, c: string) => c.toUpperCase()),
                shortDescription: { text: title },
                fullDescription: { text: meta?.description ?? title },
                ...(meta?.remediation ? { help: { text: meta.remediation } } : {}),
              };
            }),
          },
        },
        invocations: [
          {
            executionSuccessful: report.verdict !== 'error',
            ...(report.error ? { toolExecutionNotifications: [{ level: 'error', message: { text: report.error.message } }] } : {}),
          },
        ],
        results: report.findings.map(toResult),
      },
    ],
  };
  return `${stringify(sarif, { space: 2 }) ?? 'null'}\n`;
}

function toResult(f: Finding) {
  return {
    ruleId: f.rule,
    level: LEVEL[f.severity],
    message: { text: f.remediation ? `${f.message}. ${f.remediation}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.location.file },
          region: { startLine: f.location.line, startColumn: f.location.column },
        },
        logicalLocations: [{ name: f.subject.id, kind: f.subject.kind, fullyQualifiedName: f.path || '/' }],
      },
    ],
    partialFingerprints: { 'aibomGuard/v1': f.fingerprint },
    ...(f.waiver
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.waiver.reason} (approved by ${f.waiver.approver}, expires ${f.waiver.expires})` }] }
      : {}),
  };
}
