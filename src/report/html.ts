// The report as one self-contained HTML page for people: verdict, findings, waivers, a
// lineage diagram (inline SVG), inputs and digests, and how to verify the signed bundle.
// Everything from the report is escaped (it comes from a pull request); the page has no
// scripts, loads nothing, and its Content-Security-Policy forbids every fetch.

import { createHash } from 'node:crypto';
import { PREDICATE_TYPE } from '../attest/statement.js';
import type { Finding, Report } from '../types.js';

export interface HtmlOptions {
  /** How the report was signed, so "How to verify" shows the exact commands. */
  attestation?:
    | { kind: 'key'; bundleFile: string; publicKeyFile?: string }
    | { kind: 'keyless'; bundleFile: string; identity: string; issuer: string };
}

// ---------------------------------------------------------------------------------------
// Escaping

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and SVG text and attribute values; drops characters XML forbids. */
export function escapeHtml(value: unknown): string {
  return (
    String(value)
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '\ufffd')
      .replace(/[&<>"']/g, (c) => ESCAPES[c]!)
  );
}

const e = escapeHtml;

/** POSIX shell quoting for the commands shown in "How to verify". */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./@:=+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------
// Page

const CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa;
  --error: #b42318; --error-bg: #fef3f2; --warning: #9a6700; --warning-bg: #fff8c5;
  --info: #0969da; --info-bg: #ddf4ff; --pass: #1a7f37; --pass-bg: #dafbe1; --waived: #6e7781; --waived-bg: #f0f1f3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--fg);
  font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { background: var(--bg-soft); padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 6px 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); }
.digest { word-break: break-all; }
.muted { color: var(--muted); }
table.facts { margin-top: 14px; }
header { display: flex; gap: 20px; align-items: center; flex-wrap: wrap; }
.verdict { font-size: 26px; font-weight: 700; padding: 6px 18px; border-radius: 6px; letter-spacing: 1px; }
.verdict-pass { color: var(--pass); background: var(--pass-bg); border: 2px solid var(--pass); }
.verdict-fail { color: var(--error); background: var(--error-bg); border: 2px solid var(--error); }
.verdict-error { color: #fff; background: var(--error); border: 2px solid var(--error); }
.counts span { margin-right: 14px; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; }
.sev-error { color: var(--error); background: var(--error-bg); }
.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.sev-waived { color: var(--waived); background: var(--waived-bg); }
.finding { border: 1px solid var(--line); border-left-width: 4px; border-radius: 4px; padding: 8px 12px; margin: 10px 0; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.finding.waived { border-left-color: var(--waived); }
.finding .title { font-weight: 600; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
.finding dt { color: var(--muted); }
.finding dd { margin: 0; word-break: break-word; }
.diagram { border: 1px solid var(--line); border-radius: 4px; padding: 8px; overflow-x: auto; }
.diagram svg { display: block; max-width: 100%; height: auto; }
.error-box { border: 2px solid var(--error); background: var(--error-bg); padding: 8px 12px; border-radius: 4px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
svg .node rect { fill: #fff; stroke: #8c959f; stroke-width: 1.2; }
svg .node.error rect { fill: var(--error-bg); stroke: var(--error); stroke-width: 2; }
svg .node.warning rect { fill: var(--warning-bg); stroke: var(--warning); stroke-width: 2; }
svg .node.info rect { fill: var(--info-bg); stroke: var(--info); }
svg .node.waived rect { fill: var(--waived-bg); stroke: var(--waived); stroke-dasharray: 4 3; }
svg .node.subject rect { stroke-width: 2; }
svg .node text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: #1b1f24; }
svg .edge path { fill: none; stroke: #57606a; stroke-width: 1.3; }
svg .edge text { font: 11px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: #57606a; }
svg .arrow { fill: #57606a; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  .finding, tr, .diagram { break-inside: avoid; }
  .verdict, .badge, .finding, svg .node rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  pre { white-space: pre-wrap; }
  .no-print { display: none; }
}
@page { margin: 15mm; }
`;

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const styleHash = createHash('sha256').update(CSS).digest('base64');
  // Nothing may be fetched: no scripts, no images from anywhere, no fonts, no forms.
  const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const verdict = String(report.verdict);
  const src = report.source ?? {};
  const titleBits = [`AIBOM Guard report: ${verdict.toUpperCase()}`, src.repository, src.commit ? String(src.commit).slice(0, 12) : undefined].filter(Boolean);
  const active = report.findings.filter((f) => !f.waiver);
  const waived = report.findings.filter((f) => f.waiver);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(titleBits.join(' — '))}</title>
<style>${CSS}</style>
</head>
<body>
${renderHeader(report)}
${report.error ? `<div class="error-box" id="error"><strong>The check could not be completed</strong> (<code>${e(report.error.code)}</code>): ${e(report.error.message)}</div>` : ''}
<h2 id="findings">Findings (${active.length})</h2>
${active.length === 0 ? '<p class="muted">No findings.</p>' : active.map((f) => renderFinding(f)).join('\n')}
<h2 id="waivers">Waivers (${waived.length})</h2>
${waived.length === 0 ? '<p class="muted">No finding is waived.</p>' : waived.map((f) => renderFinding(f)).join('\n')}
<h2 id="lineage">Lineage</h2>
${renderLineage(report.findings)}
<h2 id="inputs">Inputs and digests</h2>
${renderInputs(report)}
<h2 id="verify">How to verify this report</h2>
${renderVerify(report, options)}
<footer>Generated by ${e(report.tool.name)} ${e(report.tool.version)}. This page is a rendering for people and is not itself signed: the signed record is the Sigstore bundle, whose predicate is the JSON report.</footer>
</body>
</html>
`;
}

function renderHeader(report: Report): string {
  const verdict = String(report.verdict);
  const verdictClass = verdict === 'pass' || verdict === 'fail' || verdict === 'error' ? verdict : 'error';
  const c = report.counts;
  const src = report.source ?? {};
  const facts: [string, string][] = [];
  if (src.repository) facts.push(['Repository', src.repository]);
  if (src.commit) facts.push(['Commit', src.commit]);
  if (src.baseCommit) facts.push(['Base commit', src.baseCommit]);
  if (src.event) facts.push(['Event', src.event]);
  for (const [k, v] of Object.entries(src)) {
    if (!['repository', 'commit', 'baseCommit', 'event'].includes(k)) facts.push([k, String(v)]);
  }
  facts.push(['Evaluated at', report.evaluatedAt], ['Profile', report.profile], ['Fails on', report.failOn]);
  return `<header>
<div class="verdict verdict-${verdictClass}" id="verdict">${e(verdict.toUpperCase())}</div>
<div>
<h1>AIBOM compliance report</h1>
<div class="counts"><span class="badge sev-error">${e(c.error)} error</span><span class="badge sev-warning">${e(c.warning)} warning</span><span class="badge sev-info">${e(c.info)} info</span><span class="badge sev-waived">${e(c.waived)} waived</span></div>
</div>
</header>
<table class="facts">${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td class="mono digest">${e(v)}</td></tr>`).join('')}</table>`;
}

function renderFinding(f: Finding): string {
  const cls = f.waiver ? 'waived' : ['error', 'warning', 'info'].includes(f.severity) ? f.severity : 'info';
  const rows: [string, string][] = [
    ['Subject', `${e(f.subject.kind)} <code>${e(f.subject.id)}</code>`],
    ['Location', `<code>${e(f.location.file)}:${e(f.location.line)}:${e(f.location.column)}</code>${f.path ? ` <span class="muted">at <code>${e(f.path)}</code></span>` : ''}`],
  ];
  const chain = lineageOf(f);
  if (chain) rows.push(['Lineage', chain.map((s, i) => `${i > 0 ? ` ← <span class="muted">${e(s.relation.join(', ') || 'derived')}</span> ← ` : ''}<code>${e(s.model)}</code>`).join('')]);
  if (f.remediation) rows.push(['Remediation', e(f.remediation)]);
  if (f.waiver) rows.push(['Waiver', `${e(f.waiver.reason)} <span class="muted">— approved by</span> ${e(f.waiver.approver)} <span class="muted">until</span> ${e(f.waiver.expires)}`]);
  // The rest of the evidence, one compact line per key (the chain is shown above).
  for (const [key, value] of Object.entries(f.evidence ?? {})) {
    if (key === 'lineage' && chain) continue;
    let json = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    if (json.length > 600) json = `${json.slice(0, 600)}… (truncated; see the JSON report)`;
    rows.push([`Evidence: ${key}`, `<code>${e(json)}</code>`]);
  }
  rows.push(['Fingerprint', `<code class="digest">${e(f.fingerprint)}</code>`]);
  return `<div class="finding ${cls}">
<div class="title"><span class="badge sev-${cls}">${e(f.waiver ? `waived ${f.severity}` : f.severity)}</span> <code>${e(f.rule)}</code> ${e(f.message)}</div>
<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>
</div>`;
}

function renderInputs(report: Report): string {
  const inputs = report.inputs
    .map((i) => `<tr><td class="mono">${e(i.file)}</td><td>${e(i.format)}</td><td class="mono digest">sha256:${e(i.sha256)}</td></tr>`)
    .join('');
  const policies = report.policies
    .map((p) => `<tr><td class="mono">${e(p.name)}</td><td>${e(p.rules.length)} rules</td><td class="mono digest">sha256:${e(p.sha256)}</td></tr>`)
    .join('');
  const config = report.config
    ? `<tr><td class="mono">${e(report.config.file)}</td><td>configuration${report.config.ref ? ` from <code>${e(report.config.ref)}</code>` : ''}</td><td class="mono digest">sha256:${e(report.config.sha256)}</td></tr>`
    : '<tr><td colspan="3" class="muted">No configuration file (defaults).</td></tr>';
  return `<table>
<tr><th>AIBOM file</th><th>Format</th><th>Digest</th></tr>
${inputs || '<tr><td colspan="3" class="muted">No input files.</td></tr>'}
<tr><th>Policy bundle</th><th></th><th></th></tr>
${policies || '<tr><td colspan="3" class="muted">No policy bundle.</td></tr>'}
<tr><th>Catalog</th><th></th><th></th></tr>
<tr><td>catalog data</td><td>as of ${e(report.data.asOf)}</td><td class="mono digest">sha256:${e(report.data.sha256)}</td></tr>
<tr><th>Configuration</th><th></th><th></th></tr>
${config}
<tr><th>Tool</th><th></th><th></th></tr>
<tr><td class="mono">${e(report.tool.name)}</td><td>${e(report.tool.version)}</td><td></td></tr>
</table>`;
}

function renderVerify(report: Report, options: HtmlOptions): string {
  const a = options.attestation;
  const bundle = shellQuote(a?.bundleFile ?? 'report.sigstore.json');
  const subjects = report.inputs.map((i) => `--subject ${shellQuote(i.file)}`).join(' ');
  const firstInput = shellQuote(report.inputs[0]?.file ?? 'aibom.yaml');
  const blocks: string[] = [];
  if (!a || a.kind === 'key') {
    const key = shellQuote(a?.kind === 'key' && a.publicKeyFile ? a.publicKeyFile : 'key.pub');
    blocks.push(`<p>Signed with a key: obtain the public key (<code>${e(key)}</code>) from its owner, not from the same place as the report. From a checkout of the inputs:</p>
<pre>aibom-guard verify ${e(bundle)} --key ${e(key)} ${e(subjects)}</pre>
<p>With cosign (v3), for each AIBOM file:</p>
<pre>cosign verify-blob-attestation --bundle ${e(bundle)} --key ${e(key)} --insecure-ignore-tlog --type ${e(PREDICATE_TYPE)} ${e(firstInput)}</pre>`);
  }
  if (!a || a.kind === 'keyless') {
    const identity = a?.kind === 'keyless' ? a.identity : 'https://github.com/OWNER/REPO/.github/workflows/aibom.yml@refs/heads/main';
    const issuer = a?.kind === 'keyless' ? a.issuer : 'https://token.actions.githubusercontent.com';
    blocks.push(`<p>Signed keyless in GitHub Actions: pin the workflow of the default branch (not a pull request's <code>refs/pull/N/merge</code> run) and the issuer, against a Sigstore trusted root (<code>gh attestation trusted-root &gt; trusted_root.json</code>):</p>
<pre>aibom-guard verify ${e(bundle)} --certificate-identity ${e(shellQuote(identity))} --certificate-oidc-issuer ${e(shellQuote(issuer))} --trusted-root trusted_root.json ${e(subjects)}</pre>`);
  }
  blocks.push(`<p>Add <code>--require-verdict pass</code> to fail unless the report passed, and <code>--print-predicate</code> to print the signed report. The digests above must equal those the verified bundle lists.</p>`);
  return blocks.join('\n');
}

// ---------------------------------------------------------------------------------------
// Lineage diagram

interface Step {
  model: string;
  relation: string[];
}

/** The evidence.lineage chain of a finding, when it is well formed. */
function lineageOf(f: Finding): Step[] | null {
  const raw = (f.evidence as { lineage?: unknown } | undefined)?.lineage;
  if (!Array.isArray(raw) || raw.length < 2) return null;
  const steps: Step[] = [];
  for (const s of raw) {
    if (typeof s !== 'object' || s === null || typeof (s as { model?: unknown }).model !== 'string') return null;
    const rel = (s as { relation?: unknown }).relation;
    const relation = Array.isArray(rel) ? rel.map(String) : typeof rel === 'string' ? [rel] : [];
    steps.push({ model: (s as { model: string }).model, relation });
  }
  return steps;
}

const SEVERITY_RANK: Record<string, number> = { waived: 1, info: 2, warning: 3, error: 4 };
const MAX_NODES = 200;
const COL_W = 400;
const NODE_W = 240;
const NODE_H = 34;
const ROW_H = 58;
const PAD = 16;

function renderLineage(findings: Finding[]): string {
  const nodes = new Map<string, { column: number; cls: string; subject: boolean; label: string }>();
  const edges = new Map<string, { from: string; to: string; relations: Set<string> }>();
  let truncated = false;
  for (const f of findings) {
    const chain = lineageOf(f);
    if (!chain) continue;
    const cls = f.waiver ? 'waived' : f.severity;
    chain.forEach((step, i) => {
      let node = nodes.get(step.model);
      if (!node) {
        if (nodes.size >= MAX_NODES) {
          truncated = true;
          return;
        }
        node = { column: i, cls: '', subject: false, label: step.model };
        nodes.set(step.model, node);
      }
      node.column = Math.max(node.column, i);
      if (i === 0) node.subject = true;
      // The last model of a chain is the one that carries the finding (e.g. the foreign base).
      if (i === chain.length - 1 && (SEVERITY_RANK[cls] ?? 0) > (SEVERITY_RANK[node.cls] ?? 0)) node.cls = cls;
      if (i > 0) {
        const from = chain[i - 1]!.model;
        if (!nodes.has(from)) return;
        const key = JSON.stringify([from, step.model]);
        const edge = edges.get(key) ?? { from, to: step.model, relations: new Set<string>() };
        step.relation.forEach((r) => edge.relations.add(r));
        edges.set(key, edge);
      }
    });
  }
  if (nodes.size === 0) return '<p class="muted">No finding carries a lineage chain.</p>';

  // Columns by depth from the product model; rows in order of first appearance.
  const columns = new Map<number, string[]>();
  for (const [id, n] of nodes) columns.set(n.column, [...(columns.get(n.column) ?? []), id]);
  const pos = new Map<string, { x: number; y: number }>();
  let rows = 0;
  for (const [col, ids] of columns) {
    ids.forEach((id, row) => pos.set(id, { x: PAD + col * COL_W, y: PAD + 20 + row * ROW_H }));
    rows = Math.max(rows, ids.length);
  }
  const maxCol = Math.max(...columns.keys());
  const width = PAD * 2 + maxCol * COL_W + NODE_W;
  const height = PAD * 2 + 20 + rows * ROW_H;

  const edgeSvg = [...edges.values()]
    .map((edge) => {
      const a = pos.get(edge.from)!;
      const b = pos.get(edge.to)!;
      const label = [...edge.relations].join(', ') || 'derived';
      let path: string;
      let lx: number;
      let ly: number;
      if (b.x > a.x) {
        const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x - 6, b.y + NODE_H / 2];
        path = `M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2},${y2}`;
        [lx, ly] = [(x1 + x2) / 2, (y1 + y2) / 2 - 6];
      } else {
        // A back edge (a cycle, or a model reached at several depths): loop below the boxes.
        const [x1, y1, x2, y2] = [a.x + NODE_W / 2, a.y + NODE_H, b.x + NODE_W / 2 + 10, b.y + NODE_H + 6];
        const dip = Math.max(y1, y2) + 22;
        path = `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`;
        [lx, ly] = [(x1 + x2) / 2, dip - 2];
      }
      return `<g class="edge"><title>${e(`${edge.from} derives from ${edge.to} (${label})`)}</title><path d="${path}" marker-end="url(#arrow)"/><text x="${lx}" y="${ly}" text-anchor="middle">${e(truncate(label, 27))}</text></g>`;
    })
    .join('\n');

  const nodeSvg = [...nodes.entries()]
    .map(([id, n]) => {
      const p = pos.get(id)!;
      const cls = ['node', n.cls, n.subject ? 'subject' : ''].filter(Boolean).join(' ');
      return `<g class="${cls}"><title>${e(id)}</title><rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="5"/><text x="${p.x + 10}" y="${p.y + NODE_H / 2 + 4}">${e(truncate(n.label, 30))}</text></g>`;
    })
    .join('\n');

  return `<div class="diagram">
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="lineage-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<title id="lineage-title">Lineage of the models named in findings</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>
<text x="${PAD}" y="${PAD + 4}" font-size="11" fill="#57606a">Arrows point from a model to the base it derives from; the coloured box is the model that carries the finding.</text>
${edgeSvg}
${nodeSvg}
</svg>
</div>${truncated ? `<p class="muted">Only the first ${MAX_NODES} models are drawn.</p>` : ''}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
