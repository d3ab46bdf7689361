// The pipeline of design.md, end to end, as one function from data to a Report:
// load → normalize → validate → resolve → evaluate → decide → report.
// Reading files, the clock and the environment happens in the CLI or the action.
import { createHash } from 'node:crypto';
import stringify from 'json-stable-stringify';
import type {
  BomFormat,
  Catalog,
  EvaluationContext,
  NormalizedBom,
  PolicyFinding,
  RawFinding,
  Report,
  ResolvedConfig,
} from './types.js';
import { loadFile, type LoadLimits } from './bom/load.js';
import { detectFormat, normalize } from './bom/formats/index.js';
import { validateAibom } from './schema/validate.js';
import { indexCatalog } from './lineage/catalog.js';
import { resolve } from './lineage/resolve.js';
import { evaluatePolicy, type PolicyBundle } from './policy/engine.js';
import { decide } from './verdict/decide.js';
import { TOOL } from './version.js';

export interface LoadedPolicy {
  name: string;
  sha256: string;
  bundle: PolicyBundle;
  rules: { id: string; title: string; description?: string; remediation?: string }[];
}

export interface CheckRequest {
  files: { file: string; bytes: Uint8Array }[];
  /**
   * Files found by a CycloneDX/SPDX name during discovery: an ordinary SBOM that describes
   * no models is skipped instead of failing as bom/no-ai-content. Named files never are.
   */
  optional?: ReadonlySet<string>;
  forcedFormat?: BomFormat;
  catalog: Catalog;
  config: ResolvedConfig;
  policies: LoadedPolicy[];
  context: EvaluationContext;
  baseline?: ReadonlySet<string>;
  limits?: Partial<LoadLimits>;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Digest of the catalog as the policies see it (canonical JSON). */
export function catalogDigest(catalog: Catalog): string {
  return sha256Hex(stringify(catalog) ?? '');
}

/** Everything up to the policy input: parse, normalize and validate each file. */
export function readBoms(request: Pick<CheckRequest, 'files' | 'forcedFormat' | 'limits' | 'optional'>): {
  boms: NormalizedBom[];
  inputs: Report['inputs'];
  findings: RawFinding[];
} {
  const boms: NormalizedBom[] = [];
  const inputs: Report['inputs'] = [];
  const findings: RawFinding[] = [];
  for (const { file, bytes } of request.files) {
    const loaded = loadFile(file, bytes, request.limits);
    if (!loaded.ok) {
      findings.push(...loaded.findings);
      inputs.push({ file, format: request.forcedFormat ?? 'native', sha256: sha256Hex(bytes) });
      continue;
    }
    const normalized = normalize(loaded.loaded, request.forcedFormat);
    const bom = normalized.bom;
    const describesNoModels = normalized.findings.length > 0 && normalized.findings.every((f) => f.rule === 'bom/no-ai-content');
    if (request.optional?.has(file) && describesNoModels) continue;
    findings.push(...normalized.findings);
    const format = bom?.format ?? detectFormat(loaded.loaded, request.forcedFormat) ?? 'native';
    inputs.push({ file, format, sha256: loaded.loaded.sha256 });
    if (!bom) continue;
    const schemaFindings = validateAibom(bom);
    findings.push(...schemaFindings);
    // A file that breaks the schema cannot be judged; its bom/schema findings fail the check.
    if (schemaFindings.length === 0) boms.push(bom);
  }
  return { boms, inputs, findings };
}

export function policyFindingToRaw(
  f: PolicyFinding,
  bomsByFile: ReadonlyMap<string, NormalizedBom>,
  remediationOf: (rule: string) => string | undefined,
): RawFinding {
  const bom = bomsByFile.get(f.file);
  const location = bom ? bom.locate(f.path) : { file: f.file, line: 1, column: 1 };
  const remediation = f.remediation ?? remediationOf(f.rule);
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    subject: f.subject,
    path: f.path,
    location,
    evidence: f.evidence ?? {},
    ...(remediation ? { remediation } : {}),
    ...(f.key !== undefined ? { key: f.key } : {}),
  };
}

/** Run the whole check. Throws (PolicyEngineError and others) when it cannot be completed. */
export function runCheck(request: CheckRequest): Report {
  const { config, context } = request;
  const { boms, inputs, findings } = readBoms(request);

  const resolved = resolve(boms, indexCatalog(request.catalog), {
    now: context.now,
    profile: context.profile,
    event: context.event,
    changedFiles: context.changedFiles,
  });
  findings.push(...resolved.findings);

  const bomsByFile = new Map(boms.map((b) => [b.file, b]));
  const remediations = new Map(request.policies.flatMap((p) => p.rules.map((r) => [r.id, r.remediation] as const)));
  for (const policy of request.policies) {
    const policyFindings = evaluatePolicy(policy.bundle, resolved.input, { catalog: request.catalog, config });
    findings.push(...policyFindings.map((f) => policyFindingToRaw(f, bomsByFile, (rule) => remediations.get(rule))));
  }

  const decision = decide(findings, { config, failOn: context.failOn, now: context.now, ...(request.baseline ? { baseline: request.baseline } : {}) });
  return {
    ...reportFrame(request, inputs),
    verdict: decision.verdict,
    counts: decision.counts,
    findings: decision.findings,
  };
}

/** The parts of a report that do not depend on the verdict (also used for error reports). */
export function reportFrame(
  request: Pick<CheckRequest, 'catalog' | 'config' | 'policies' | 'context'>,
  inputs: Report['inputs'],
): Omit<Report, 'verdict' | 'counts' | 'findings'> {
  const { config, context } = request;
  const source: Record<string, string> = {};
  for (const [k, v] of Object.entries(context.source)) if (v) source[k] = v;
  return {
    tool: { ...TOOL },
    profile: context.profile,
    failOn: context.failOn,
    evaluatedAt: context.now,
    source,
    inputs: [...inputs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    config: config.file && config.sha256 ? { file: config.file, sha256: config.sha256 } : null,
    policies: request.policies.map((p) => ({
      name: p.name,
      sha256: p.sha256,
      rules: p.rules.map((r) => ({ id: r.id, title: r.title })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    })),
    data: { sha256: catalogDigest(request.catalog), asOf: request.catalog.asOf },
  };
}
