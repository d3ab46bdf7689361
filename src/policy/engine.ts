// The policy engine: a Rego bundle compiled to WebAssembly (scripts/build-policy.sh), run with
// @open-policy-agent/opa-wasm. The policies receive the PolicyInput document as `input` and
// {catalog, config} as `data`; the entrypoint aibom/findings yields PolicyFinding objects.
// Whatever goes wrong here throws PolicyEngineError, which the CLI turns into exit 2: an
// engine failure never becomes a pass, and a malformed finding is never dropped.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { Catalog, PolicyFinding, PolicyInput, ResolvedConfig } from '../types.js';

/** The entrypoint every bundle must export (policies/main.rego). */
export const ENTRYPOINT = 'aibom/findings';

/** A rule's documentation, from its METADATA (dist/policy/rules.json is an array of these). */
export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  remediation: string;
}

export interface PolicyBundle {
  /** sha256 (hex) of the WASM module. */
  sha256: string;
  rules: RuleMeta[];
  policy: LoadedPolicy;
}

/** What the policies read under `data`. */
export interface PolicyData {
  catalog: Catalog;
  config: ResolvedConfig;
}

export class PolicyEngineError extends Error {
  override readonly name = 'PolicyEngineError';
}

// Memory is bounded so that a runaway policy fails the check instead of the machine.
// 64 KiB pages: 5 to start (the SDK's default), at most 1 GiB.
const MEMORY = { initial: 5, maximum: 16_384 };

/** Compiles and instantiates a bundle. Rejects with PolicyEngineError if it is not a usable one. */
export async function loadPolicyBundle(wasmBytes: Uint8Array, rules: RuleMeta[]): Promise<PolicyBundle> {
  const checkedRules = checkRules(rules);
  let policy: LoadedPolicy;
  try {
    policy = await loadPolicy(wasmBytes, { ...MEMORY }); // the SDK mutates the descriptor
  } catch (error) {
    throw new PolicyEngineError(`cannot load the policy bundle: ${reason(error)}`);
  }
  const entrypoints: unknown = policy.entrypoints;
  if (typeof entrypoints !== 'object' || entrypoints === null || !Object.hasOwn(entrypoints, ENTRYPOINT)) {
    const found = typeof entrypoints === 'object' && entrypoints !== null ? Object.keys(entrypoints).join(', ') : 'none';
    throw new PolicyEngineError(`the policy bundle has no entrypoint ${ENTRYPOINT} (found: ${found || 'none'})`);
  }
  const sha256 = createHash('sha256').update(wasmBytes).digest('hex');
  return { sha256, rules: checkedRules, policy };
}

/**
 * Evaluates aibom/findings. Returns the findings in a fixed order (file, path, rule, subject,
 * key, message, evidence), with a missing remediation filled from the rule's METADATA.
 */
export function evaluatePolicy(bundle: PolicyBundle, input: PolicyInput, data: PolicyData): PolicyFinding[] {
  let resultSet: unknown;
  try {
    bundle.policy.setData({ catalog: data.catalog, config: data.config });
    resultSet = bundle.policy.evaluate(input, ENTRYPOINT);
  } catch (error) {
    throw new PolicyEngineError(`policy evaluation failed: ${reason(error)}`);
  }
  const findings = checkFindings(resultOf(resultSet));
  const remediations = new Map(bundle.rules.map((r) => [r.id, r.remediation]));
  for (const finding of findings) {
    if (finding.remediation === undefined && remediations.has(finding.rule)) finding.remediation = remediations.get(finding.rule);
  }
  return sortFindings(findings);
}

/**
 * Where the built-in bundle lives, given the URL of the running module: bundled into
 * dist/cli.js (or any dist/*.js), it is dist/policy/ beside it; run from src/policy/ (vitest,
 * tsx), it is ../../dist/policy/.
 */
export function defaultBundlePath(moduleUrl: string = import.meta.url): string {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  const fromSource = path.basename(dir) === 'policy' && path.basename(path.dirname(dir)) === 'src';
  return fromSource ? path.resolve(dir, '..', '..', 'dist', 'policy') : path.resolve(dir, 'policy');
}

// ---------------------------------------------------------------------------------------
// Shape checks. The built-in policies are tested; team policies are not, so every field is
// checked and the first problem is reported with the finding's index and rule.

const SEVERITIES = new Set(['error', 'warning', 'info']);
const SUBJECT_KINDS = new Set(['model', 'host', 'bom']);
const FINDING_FIELDS = new Set(['rule', 'severity', 'message', 'subject', 'file', 'path', 'evidence', 'remediation', 'key']);
const RULE_ID = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/;

/** The value of aibom/findings from an opa-wasm result set ([{result: value}]). */
function resultOf(resultSet: unknown): unknown {
  if (!Array.isArray(resultSet)) throw new PolicyEngineError(`the engine returned ${describe(resultSet)}, not a result set`);
  if (resultSet.length === 0) throw new PolicyEngineError(`${ENTRYPOINT} is undefined for this input (a policy error or a missing rule)`);
  if (resultSet.length > 1) throw new PolicyEngineError(`${ENTRYPOINT} returned ${resultSet.length} results, expected one`);
  const first: unknown = resultSet[0];
  if (!isPlainObject(first) || !Object.hasOwn(first, 'result')) throw new PolicyEngineError(`the engine returned a result without a value`);
  return first.result;
}

/** Checks that `value` is a list of PolicyFinding; throws PolicyEngineError naming the first problem. */
export function checkFindings(value: unknown): PolicyFinding[] {
  if (!Array.isArray(value)) throw new PolicyEngineError(`${ENTRYPOINT} must be an array of findings, got ${describe(value)}`);
  return value.map((item: unknown, index) => checkFinding(item, index));
}

function checkFinding(item: unknown, index: number): PolicyFinding {
  const bad = (problem: string): never => {
    const rule = isPlainObject(item) && typeof item.rule === 'string' ? ` (rule ${item.rule})` : '';
    throw new PolicyEngineError(`malformed finding ${index}${rule}: ${problem}`);
  };
  if (!isPlainObject(item)) return bad(`expected an object, got ${describe(item)}`);
  const unknown = Object.keys(item).filter((k) => !FINDING_FIELDS.has(k));
  if (unknown.length) bad(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);

  const { rule, severity, message, subject, file, path: pointer, evidence, remediation, key } = item;
  if (typeof rule !== 'string' || !RULE_ID.test(rule)) bad(`rule must be a "<family>/<name>" id, got ${describe(rule)}`);
  if (typeof severity !== 'string' || !SEVERITIES.has(severity)) bad(`severity must be error, warning or info, got ${describe(severity)}`);
  if (typeof message !== 'string' || message.trim() === '') bad(`message must be a non-empty string, got ${describe(message)}`);
  if (!isPlainObject(subject)) return bad(`subject must be an object {kind, id}, got ${describe(subject)}`);
  const subjectUnknown = Object.keys(subject).filter((k) => k !== 'kind' && k !== 'id');
  if (subjectUnknown.length) bad(`subject has unknown field ${subjectUnknown.join(', ')}`);
  if (typeof subject.kind !== 'string' || !SUBJECT_KINDS.has(subject.kind)) bad(`subject.kind must be model, host or bom, got ${describe(subject.kind)}`);
  if (typeof subject.id !== 'string' || subject.id === '') bad(`subject.id must be a non-empty string, got ${describe(subject.id)}`);
  if (typeof file !== 'string' || file === '') bad(`file must be a non-empty string, got ${describe(file)}`);
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) bad(`path must be a JSON Pointer ("" or "/..."), got ${describe(pointer)}`);
  if (evidence !== undefined && !isPlainObject(evidence)) bad(`evidence must be an object, got ${describe(evidence)}`);
  if (remediation !== undefined && typeof remediation !== 'string') bad(`remediation must be a string, got ${describe(remediation)}`);
  if (key !== undefined && typeof key !== 'string') bad(`key must be a string, got ${describe(key)}`);

  const finding: PolicyFinding = {
    rule: rule as string,
    severity: severity as PolicyFinding['severity'],
    message: message as string,
    subject: { kind: subject.kind as PolicyFinding['subject']['kind'], id: subject.id as string },
    file: file as string,
    path: pointer as string,
  };
  if (evidence !== undefined) finding.evidence = evidence as Record<string, unknown>;
  if (remediation !== undefined) finding.remediation = remediation as string;
  if (key !== undefined) finding.key = key as string;
  return finding;
}

function checkRules(rules: unknown): RuleMeta[] {
  if (!Array.isArray(rules)) throw new PolicyEngineError(`rule metadata must be an array of {id, title, description, remediation}, got ${describe(rules)}`);
  const seen = new Set<string>();
  return rules.map((rule: unknown, index) => {
    const bad = (problem: string): never => {
      throw new PolicyEngineError(`rule metadata ${index}: ${problem}`);
    };
    if (!isPlainObject(rule)) return bad(`expected an object, got ${describe(rule)}`);
    const { id, title, description, remediation } = rule;
    if (typeof id !== 'string' || !RULE_ID.test(id)) bad(`id must be a "<family>/<name>" id, got ${describe(id)}`);
    if (seen.has(id as string)) bad(`duplicate id ${id as string}`);
    seen.add(id as string);
    for (const [field, value] of [['title', title], ['description', description], ['remediation', remediation]] as const) {
      if (typeof value !== 'string') bad(`${field} of ${id as string} must be a string, got ${describe(value)}`);
    }
    return { id: id as string, title: title as string, description: description as string, remediation: remediation as string };
  });
}

// ---------------------------------------------------------------------------------------

/** A fixed order, whatever order the engine produced; each finding's key is computed once. */
function sortFindings(findings: PolicyFinding[]): PolicyFinding[] {
  const keyed = findings.map((f) => ({
    f,
    key: [f.file, f.path, f.rule, f.subject.kind, f.subject.id, f.key ?? '', f.message, JSON.stringify(f.evidence ?? {})],
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i] as string;
      const y = b.key[i] as string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  return keyed.map((k) => k.f);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${typeof value} ${text.slice(0, 57)}...` : text;
}

/** The SDK throws strings and plain objects as well as Errors. */
function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (isPlainObject(error) && typeof error.message === 'string') return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
