import type { Finding, Report } from '../types.js';

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;

/** Escape text for a Markdown table cell (the report carries text from the pull request). */
export function mdCell(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function findingRow(f: Finding): string {
  const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
  const status = f.waiver ? `waived (${mdCell(f.waiver.approver)}, until ${mdCell(f.waiver.expires)})` : f.severity;
  return `| ${status} | \`${f.rule}\` | ${mdCell(f.subject.id)} | ${mdCell(f.message)} | ${mdCell(where)} |`;
}

/** A summary for pull-request comments and job summaries. */
export function renderMarkdown(report: Report): string {
  const c = report.counts;
  const lines = [
    `## ${ICON[report.verdict]} AIBOM Guard: ${report.verdict}`,
    '',
    `${c.error} error(s), ${c.warning} warning(s), ${c.info} info, ${c.waived} waived — profile \`${report.profile}\`, fail on \`${report.failOn}\`, ${report.inputs.length} AIBOM file(s).`,
  ];
  if (report.error) lines.push('', `**The check could not be completed** (\`${report.error.code}\`): ${mdCell(report.error.message)}`);
  if (report.findings.length > 0) {
    lines.push('', '| severity | rule | subject | finding | location |', '|---|---|---|---|---|', ...report.findings.map(findingRow));
  }
  lines.push(
    '',
    `<sub>${report.tool.name} ${report.tool.version} · catalog as of ${report.data.asOf} · evaluated ${report.evaluatedAt}</sub>`,
    '',
  );
  return lines.join('\n');
}
