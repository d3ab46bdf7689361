import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/types.js';
import { sampleReport } from '../attest/sample-report.js';
import { hostileReport, PAYLOADS } from './hostile-report.js';

/** Every element name that appears as markup (escaped data never starts with '<'). */
function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

const ALLOWED_ATTRIBUTES = new Set([
  'class', 'id', 'lang', 'charset', 'http-equiv', 'content', 'name', 'colspan', 'xmlns', 'role', 'aria-labelledby', 'width', 'height',
  'viewbox', 'x', 'y', 'rx', 'd', 'marker-end', 'text-anchor', 'font-size', 'fill', 'refx', 'refy', 'markerwidth', 'markerheight', 'orient',
]);

/** Every tag is a known element with known, quoted attributes, and nothing else inside it. */
function unexpectedMarkup(html: string): string[] {
  const bad: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    if (tag === '<!DOCTYPE html>') continue;
    const m = /^<\/?([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w:-]*="[^"<>]*")*)\s*\/?>$/.exec(tag);
    if (!m || !ALLOWED_TAGS.has(m[1]!.toLowerCase())) {
      bad.push(tag);
      continue;
    }
    for (const [, attr] of m[2]!.matchAll(/\s([a-zA-Z][\w:-]*)="[^"]*"/g)) if (!ALLOWED_ATTRIBUTES.has(attr!.toLowerCase())) bad.push(tag);
  }
  return bad;
}

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'footer', 'div', 'h1', 'h2', 'p', 'span', 'strong', 'code', 'pre',
  'table', 'tr', 'th', 'td', 'dl', 'dt', 'dd', 'svg', 'defs', 'marker', 'path', 'g', 'rect', 'text',
]);

describe('renderHtml', () => {
  const report = sampleReport();
  const html = renderHtml(report);

  it('shows the verdict, counts, findings and waivers', () => {
    expect(html).toMatch(/<div class="verdict verdict-fail" id="verdict">FAIL<\/div>/);
    expect(html).toContain('<title>AIBOM Guard report: FAIL — acme/assistant — 0123456789ab</title>');
    expect(html).toContain('1 error</span>');
    expect(html).toContain('<h2 id="findings">Findings (2)</h2>');
    expect(html).toContain('<h2 id="waivers">Waivers (1)</h2>');
    expect(html).toContain('acme-coder derives from Kimi K2.5 (Moonshot AI, CN) by continued-pretraining, rl');
    expect(html).toContain('<code>aibom.yaml:17:9</code>');
    expect(html).toContain('Below both thresholds; legal reviews quarterly.');
    expect(html).toContain('legal@acme.example');
  });

  it('lists inputs, policy, catalog and config digests', () => {
    for (const digest of [...report.inputs.map((i) => i.sha256), report.policies[0]!.sha256, report.data.sha256, report.config!.sha256]) {
      expect(html).toContain(`sha256:${digest}`);
    }
    expect(html).toContain('as of 2026-11-01');
  });

  it('draws the lineage from the findings as inline SVG, marking the model that carries each finding', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('<g class="node subject"><title>acme-coder</title>');
    // Kimi K2.5 ends the error finding's chain; Kimi K2 Base ends the warning's.
    expect(svg).toContain('<g class="node error"><title>hf:moonshotai/Kimi-K2.5</title>');
    expect(svg).toContain('<g class="node warning"><title>hf:moonshotai/Kimi-K2-Base</title>');
    expect(svg).toMatch(/<title>acme-coder derives from hf:moonshotai\/Kimi-K2.5 \(continued-pretraining, rl\)<\/title>/);
    expect(svg).toMatch(/<title>hf:moonshotai\/Kimi-K2.5 derives from hf:moonshotai\/Kimi-K2-Base \(finetune\)<\/title>/);
    expect((svg.match(/<g class="edge">/g) ?? []).length).toBe(2);
  });

  it('explains how to verify, with the report\'s own files', () => {
    expect(html).toContain('aibom-guard verify report.sigstore.json --key key.pub --subject aibom.yaml --subject services/aibom.json');
    expect(html).toContain('cosign verify-blob-attestation --bundle report.sigstore.json --key key.pub --insecure-ignore-tlog --type https://aibom-guard.dev/attestation/report/v1 aibom.yaml');
    expect(html).toContain('--certificate-oidc-issuer https://token.actions.githubusercontent.com');
    const keyless = renderHtml(report, {
      attestation: { kind: 'keyless', bundleFile: 'out/report.sigstore.json', identity: 'https://github.com/acme/assistant/.github/workflows/aibom.yml@refs/heads/main', issuer: 'https://token.actions.githubusercontent.com' },
    });
    expect(keyless).toContain('aibom-guard verify out/report.sigstore.json --certificate-identity https://github.com/acme/assistant/.github/workflows/aibom.yml@refs/heads/main');
    expect(keyless).not.toContain('--key key.pub');
  });

  it('is self-contained: no scripts, no external references, and a CSP that matches its one style sheet', () => {
    expect(html).not.toMatch(/\b(src|href|srcset|action|formaction|xlink:href|background)\s*=/i);
    expect(html).not.toMatch(/@import|url\((?!#arrow\))/);
    expect(html).not.toMatch(/https?:\/\/[^\s<"']*\.(css|js|png|svg|woff2?)\b/);
    const style = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(`default-src 'none'; style-src 'sha256-${hash}'`);
    expect(unexpectedMarkup(html)).toEqual([]);
  });

  it('has print styles', () => {
    expect(html).toMatch(/@media print \{[^]*break-inside: avoid/);
    expect(html).toContain('print-color-adjust: exact');
  });

  it('is deterministic', () => {
    expect(renderHtml(sampleReport())).toBe(html);
  });

  it('renders an error report and a report without lineage', () => {
    const errored: Report = sampleReport({ verdict: 'error', findings: [], counts: { error: 0, warning: 0, info: 0, waived: 0 }, error: { code: 'policy-bundle', message: 'cannot load policy bundle policies/x.tar.gz' } });
    const out = renderHtml(errored);
    expect(out).toContain('verdict-error');
    expect(out).toContain('cannot load policy bundle policies/x.tar.gz');
    expect(out).toContain('No finding carries a lineage chain.');
    expect(out).toContain('<p class="muted">No findings.</p>');
  });
});

describe('escaping (the report comes from a pull request)', () => {
  it('escapes the five characters and drops control characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\nd')).toBe('a\ufffdb\ufffdc\nd');
  });

  it('lets no markup from any report field through', () => {
    const html = renderHtml(hostileReport(), {
      attestation: { kind: 'keyless', bundleFile: PAYLOADS.script, identity: PAYLOADS.attr, issuer: PAYLOADS.svg },
    });
    expect([...tagNames(html)].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect(unexpectedMarkup(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<iframe|<foreignObject|<a[\s>]/i);
    // The text is still there, visibly.
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=window.__pwned=2&gt;');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });
});
