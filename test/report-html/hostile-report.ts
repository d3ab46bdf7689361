// A report whose every string field carries markup, as a malicious pull request could put in
// an AIBOM (model ids, file names, messages) or a team policy could echo back.

import type { Report } from '../../src/types.js';
import { sampleReport } from '../attest/sample-report.js';

export const PAYLOADS = {
  script: '<script>window.__pwned=1</script>',
  attr: '"><img src=x onerror=window.__pwned=2>',
  single: "' onmouseover='window.__pwned=3",
  style: '</style><style>body{background:url(http://127.0.0.1:9/x)}</style>',
  svg: '</text></g><foreignObject><iframe src="http://127.0.0.1:9/"></iframe></foreignObject><text>',
  comment: '--><!-- <a href="http://127.0.0.1:9/">x</a>',
  entity: '&lt;b&gt;not bold&lt;/b&gt; &#x3C;i&#x3E;',
  control: 'bell\u0007nul\u0000esc\u001b[31m',
  csp: '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
};

export function hostileReport(): Report {
  const p = PAYLOADS;
  const base = sampleReport();
  const [origin, hijacking, waived] = base.findings;
  return {
    ...base,
    tool: { name: `aibom-guard${p.script}`, version: p.attr },
    source: { repository: p.attr, commit: p.script, event: p.single, [p.svg]: p.csp },
    inputs: [{ file: `aibom${p.attr}.yaml`, format: 'native', sha256: p.script }],
    config: { file: p.style, sha256: p.attr, ref: p.svg },
    policies: [{ name: p.script, sha256: p.svg, rules: [{ id: p.attr, title: p.script }] }],
    data: { sha256: p.comment, asOf: p.csp },
    findings: [
      {
        ...origin!,
        rule: p.script,
        message: `${p.attr} ${p.entity} ${p.control}`,
        subject: { kind: 'model', id: p.svg },
        path: p.single,
        location: { file: p.style, line: 1, column: 1 },
        evidence: { lineage: [{ model: p.svg }, { model: p.script, relation: [p.attr] }, { model: p.style, relation: p.comment }], note: p.csp },
        remediation: p.entity,
        fingerprint: p.attr,
      },
      { ...hijacking!, message: p.comment },
      { ...waived!, waiver: { reason: p.script, approver: p.attr, expires: p.svg } },
    ],
  };
}
