// A realistic report for attestation and rendering tests, built over real AIBOM bytes so the
// digests in it are the digests of files the tests write to disk.

import { createHash } from 'node:crypto';
import type { Finding, Report } from '../../src/types.js';

export const AIBOM_YAML = `aibom: 1
system:
  name: acme-assistant
  owner: platform-team
  commercial: true
organizations:
  acme-labs: { name: Acme Labs Inc., country: US }
models:
  acme-coder:
    name: Acme Coder 2
    version: "2.0.0"
    publisher: acme-labs
    source: hf:acme-labs/acme-coder
    revision: 0123456789abcdef0123456789abcdef01234567
    license: LicenseRef-Acme-Proprietary
    derivedFrom:
      - model: hf:moonshotai/Kimi-K2.5
        relation: [continued-pretraining, rl]
    use: { agentic: true, tools: true, dataClasses: [source-code] }
hosts:
  fireworks-us:
    provider: Fireworks AI
    kind: api
    country: US
    serves: [acme-coder]
`;

export const SERVICES_AIBOM_JSON = JSON.stringify({ aibom: 1, models: { 'summarizer': { name: 'Summarizer', source: 'api:deepseek/deepseek-chat' } } }, null, 2) + '\n';

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

const originFinding: Finding = {
  rule: 'origin/country-of-concern',
  severity: 'error',
  message: 'acme-coder derives from Kimi K2.5 (Moonshot AI, CN) by continued-pretraining, rl',
  subject: { kind: 'model', id: 'acme-coder' },
  path: '/models/acme-coder/derivedFrom/0',
  location: { file: 'aibom.yaml', line: 17, column: 9 },
  evidence: {
    lineage: [{ model: 'acme-coder' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }],
    matchedBy: 'hf-org',
    origin: { country: 'CN', organization: 'Moonshot AI' },
  },
  fingerprint: 'f0c1a2b3c4d5e6f708192a3b4c5d6e7f',
  remediation: 'Replace the base model, or record an approved waiver with a reason and an expiry.',
  waiver: null,
};

const hijackingFinding: Finding = {
  rule: 'hijacking/unrated-agentic',
  severity: 'warning',
  message: 'acme-coder is agentic and inherits rating unrated from hf:moonshotai/Kimi-K2.5',
  subject: { kind: 'model', id: 'acme-coder' },
  path: '/models/acme-coder',
  location: { file: 'aibom.yaml', line: 10, column: 3 },
  evidence: {
    lineage: [
      { model: 'acme-coder' },
      { model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] },
      { model: 'hf:moonshotai/Kimi-K2-Base', relation: ['finetune'] },
    ],
    rating: 'unrated',
  },
  fingerprint: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  remediation: 'Evaluate the model against agent-hijacking benchmarks and record the rating with its source.',
  waiver: null,
};

const waivedFinding: Finding = {
  rule: 'license/display-clause',
  severity: 'info',
  message: 'acme-coder inherits the "Kimi K2.5" display obligation above 100M MAU or US$20M monthly revenue',
  subject: { kind: 'model', id: 'acme-coder' },
  path: '/models/acme-coder/license',
  location: { file: 'aibom.yaml', line: 15, column: 14 },
  evidence: { lineage: [{ model: 'acme-coder' }, { model: 'hf:moonshotai/Kimi-K2.5', relation: ['continued-pretraining', 'rl'] }] },
  fingerprint: '99887766554433221100ffeeddccbbaa',
  remediation: 'Display "Kimi K2.5" in the product UI when the thresholds are met.',
  waiver: { reason: 'Below both thresholds; legal reviews quarterly.', approver: 'legal@acme.example', expires: '2027-06-30' },
};

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: 'aibom-guard', version: '0.1.0' },
    verdict: 'fail',
    profile: 'baseline',
    failOn: 'error',
    evaluatedAt: '2026-11-24T00:00:00Z',
    source: {
      repository: 'acme/assistant',
      commit: '0123456789abcdef0123456789abcdef01234567',
      baseCommit: 'fedcba9876543210fedcba9876543210fedcba98',
      event: 'pull_request',
    },
    inputs: [
      { file: 'aibom.yaml', format: 'native', sha256: sha256(AIBOM_YAML) },
      { file: 'services/aibom.json', format: 'native', sha256: sha256(SERVICES_AIBOM_JSON) },
    ],
    config: { file: '.aibom-guard.yml', sha256: sha256('profile: baseline\n'), ref: 'refs/heads/main' },
    policies: [
      {
        name: 'builtin',
        sha256: sha256('policy bundle'),
        rules: [
          { id: 'origin/country-of-concern', title: 'Model lineage from a country of concern' },
          { id: 'hijacking/unrated-agentic', title: 'Agentic model without a hijacking rating' },
          { id: 'license/display-clause', title: 'Inherited display obligation' },
        ],
      },
    ],
    data: { sha256: sha256('catalog'), asOf: '2026-11-01' },
    counts: { error: 1, warning: 1, info: 0, waived: 1 },
    findings: [originFinding, hijackingFinding, waivedFinding],
    ...overrides,
  };
}

export const sampleSubjects = (report: Report) => report.inputs.map((i) => ({ file: i.file, sha256: i.sha256 }));
