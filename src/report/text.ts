import { styleText } from 'node:util';
import type { Finding, Report } from '../types.js';

type Style = Parameters<typeof styleText>[0];

/** Human output: findings grouped by file as file:line:col, then a one-line verdict. */
export function renderText(report: Report, options: { color: boolean }): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const severityStyle: Record<Finding['severity'], Style> = { error: 'red', warning: 'yellow', info: 'cyan' };
  const out: string[] = [];

  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('underline', file));
    for (const f of findings) {
      const where = `${file}:${f.location.line}:${f.location.column}`;
      const level = f.waiver ? paint('dim', 'waived ') : paint(severityStyle[f.severity], f.severity.padEnd(7));
      out.push(`  ${where}  ${level}  ${f.message}  ${paint('dim', f.rule)}`);
      if (f.waiver) out.push(paint('dim', `      waived by ${f.waiver.approver} until ${f.waiver.expires}: ${f.waiver.reason}`));
      else if (f.remediation && f.severity !== 'info') out.push(paint('dim', `      fix: ${f.remediation}`));
    }
    out.push('');
  }

  if (report.error) out.push(paint('red', `error: ${report.error.message}`), '');

  const c = report.counts;
  const tally = `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info, ${c.waived} waived`;
  const scope = `${report.inputs.length} file${report.inputs.length === 1 ? '' : 's'}, profile ${report.profile}, fail on ${report.failOn}`;
  const verdict =
    report.verdict === 'pass'
      ? paint('green', '✔ pass')
      : report.verdict === 'fail'
        ? paint('red', '✖ fail')
        : paint('red', '✖ error: the check could not be completed');
  out.push(`${verdict} — ${tally} (${scope})`);
  return `${out.join('\n')}\n`;
}
