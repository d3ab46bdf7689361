// Validate stage: JSON Schema 2020-12 (ajv) with findings at the exact line and column of
// the offending node, in words a person can act on.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import aibomSchema from '../../schemas/aibom.schema.json' with { type: 'json' };
import type { Location, NormalizedBom, RawFinding, Subject } from '../types.js';
import { childPointer, displayPath, parsePointer, pointerOf } from '../bom/pointer.js';

export const DEFAULT_MAX_ERRORS = 100;

/** One compiled validator per schema object; each schema gets its own Ajv so $ids never clash. */
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // verbose: errors carry the failing (sub)schema and data, which the messages need.
    const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
    addFormats.default(ajv);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Validate `value` against `schema`; one finding (severity error, rule `rule`) per
 * distinct problem, at most `maxErrors`. `locate` maps a JSON Pointer to a source
 * position; a pointer ending in "#key" asks for the position of that member's key.
 */
export function validateWith(
  schema: object,
  value: unknown,
  locate: (pointer: string) => Location,
  rule: string,
  subject: Subject | ((pointer: string) => Subject),
  maxErrors: number = DEFAULT_MAX_ERRORS,
): RawFinding[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const problems = explain(simplify(validate.errors ?? [], schema), schema);

  const seen = new Set<string>();
  const findings: RawFinding[] = [];
  for (const problem of problems) {
    const dedupeKey = `${problem.path}\u0000${problem.message}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    findings.push({
      rule,
      severity: 'error',
      message: problem.message,
      subject: typeof subject === 'function' ? subject(problem.path) : subject,
      path: problem.path,
      location: locate(problem.at),
      evidence: problem.evidence,
      key: `${problem.path}:${problem.evidence.keyword as string}`,
    });
  }
  findings.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  return findings.slice(0, Math.max(0, maxErrors));
}

/** Validate a normalized AIBOM against schemas/aibom.schema.json: `bom/schema` findings. */
export function validateAibom(bom: NormalizedBom, maxErrors: number = DEFAULT_MAX_ERRORS): RawFinding[] {
  const subjectOf = (pointer: string): Subject => {
    const [section, id] = parsePointer(pointer);
    if (section === 'models' && id !== undefined) return { kind: 'model', id };
    if (section === 'hosts' && id !== undefined) return { kind: 'host', id };
    return { kind: 'bom', id: bom.file };
  };
  const findings = validateWith(aibomSchema, bom.aibom, bom.locate, 'bom/schema', subjectOf, maxErrors);
  if (findings.length === 0) findings.push(...regionMismatches(bom, subjectOf));
  return findings.slice(0, Math.max(0, maxErrors));
}

/** A subdivision belongs to its region's country (UA-43 is in UA), which JSON Schema cannot say. */
function regionMismatches(bom: NormalizedBom, subjectOf: (pointer: string) => Subject): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const [hostId, host] of Object.entries(bom.aibom.hosts ?? {})) {
    (host.regions ?? []).forEach((region, index) => {
      if (region.subdivision === undefined || region.subdivision.startsWith(`${region.country}-`)) return;
      const path = pointerOf(['hosts', hostId, 'regions', index, 'subdivision']);
      findings.push({
        rule: 'bom/schema',
        severity: 'error',
        message: `${displayPath(path)}: ${region.subdivision} is not a subdivision of ${region.country}; an ISO 3166-2 code starts with its country code`,
        subject: subjectOf(path),
        path,
        location: bom.locate(path),
        evidence: { keyword: 'subdivision', country: region.country, subdivision: region.subdivision },
        key: `${path}:subdivision`,
      });
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// From ajv's errors to problems a person can act on

interface Problem {
  /** Pointer of the node the problem is about (the finding's path). */
  path: string;
  /** Pointer to locate (may end in "#key"). */
  at: string;
  message: string;
  evidence: Record<string, unknown>;
}

type AjvError = ErrorObject & { propertyName?: string };

/**
 * Remove ajv's noise: `if` errors (the then/else errors say what is wrong), and for each
 * anyOf/oneOf keep only the errors of the branches whose type fits the data; when no
 * branch fits, one "expected X or Y" error replaces them all.
 */
function simplify(errors: readonly AjvError[], root: object): AjvError[] {
  const out: AjvError[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const isAlternatives = error.keyword === 'anyOf' || (error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas == null);
    if (!isAlternatives) {
      out.push(error);
      continue;
    }
    // The branch errors come right before the anyOf error and lie at or under its node.
    const block: AjvError[] = [];
    while (out.length > 0 && isAtOrUnder(out[out.length - 1]!.instancePath, error.instancePath)) block.unshift(out.pop()!);

    const branches = ((error.parentSchema as Record<string, unknown> | undefined)?.[error.keyword] ?? []) as unknown[];
    const fits = branches.map((branch) => acceptsType(resolveRef(branch, root), error.data));
    const branchOf = (e: AjvError): number | null => {
      const m = e.schemaPath.startsWith(`${error.schemaPath}/`) ? /^\/(\d+)\//.exec(e.schemaPath.slice(error.schemaPath.length)) : null;
      if (m) return Number(m[1]);
      // Errors inside a $ref'd branch carry the referenced schema's path: attribute those
      // at the anyOf's own node to the only $ref branch, if there is exactly one.
      if (e.instancePath !== error.instancePath) return null;
      const refBranches = branches.map((b, i) => (isObject(b) && typeof b.$ref === 'string' ? i : -1)).filter((i) => i >= 0);
      return refBranches.length === 1 ? refBranches[0]! : null;
    };

    if (!fits.some(Boolean)) {
      out.push({ ...error, keyword: 'alternatives', params: { expected: branches.map((b) => describeSchema(resolveRef(b, root))) } });
      continue;
    }
    const kept = block.filter((e) => {
      const branch = branchOf(e);
      return branch === null || fits[branch] === true;
    });
    out.push(...(kept.length > 0 ? kept : [error]));
  }
  return out;
}

function explain(errors: readonly AjvError[], root: object): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors) {
    // The outer propertyNames error only repeats the inner one (which says why).
    if (error.keyword === 'propertyNames') continue;
    const path = error.instancePath;
    const where = displayPath(path);
    const params = error.params as Record<string, unknown>;
    const parent = (isObject(error.parentSchema) ? error.parentSchema : {}) as Record<string, unknown>;
    const description = typeof parent.description === 'string' ? parent.description : null;
    const evidence: Record<string, unknown> = { keyword: error.keyword, ...params };
    const data = error.data;

    if (error.propertyName !== undefined) {
      const name = error.propertyName;
      const keyPath = childPointer(path, name);
      problems.push({
        path: keyPath,
        at: `${keyPath}#key`,
        message: `${where}: ${JSON.stringify(name)} is not a valid key: expected ${description ?? `a name that ${ajvSays(error)}`}`,
        evidence: { ...evidence, key: name },
      });
      continue;
    }

    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String(params.additionalProperty);
        const keyPath = childPointer(path, name);
        const allowed = Object.keys(isObject(parent.properties) ? parent.properties : {});
        const suggestion = closest(name, allowed);
        problems.push({
          path: keyPath,
          at: `${keyPath}#key`,
          message:
            `${where}: unknown field ${JSON.stringify(name)}` +
            (suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : '') +
            (allowed.length > 0 ? `; allowed fields: ${allowed.join(', ')}` : '; no fields are allowed here'),
          evidence: { ...evidence, allowed },
        });
        break;
      }
      case 'required': {
        const name = String(params.missingProperty);
        const property = isObject(parent.properties) ? resolveRef(parent.properties[name], root) : undefined;
        const values = isObject(property) && Array.isArray(property.enum) ? ` (one of ${property.enum.join(', ')})` : '';
        // In a then/else branch, the branch's description says when the field is required.
        const why = /\/(then|else)\/required$/.test(error.schemaPath) && description ? `: ${description}` : '';
        problems.push({ path, at: path, message: `${where}: missing required field ${JSON.stringify(name)}${values}${why}`, evidence });
        break;
      }
      case 'type':
        problems.push({ path, at: path, message: `${where}: expected ${article(String(params.type))}, got ${describeValue(data)}${quoteHint(String(params.type), data)}`, evidence });
        break;
      case 'alternatives':
        problems.push({ path, at: path, message: `${where}: expected ${(params.expected as string[]).join(' or ')}, got ${describeValue(data)}`, evidence });
        break;
      case 'enum':
        problems.push({ path, at: path, message: `${where}: ${describeValue(data)} is not one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`, evidence });
        break;
      case 'const':
        problems.push({ path, at: path, message: `${where}: must be ${JSON.stringify(params.allowedValue)}, got ${describeValue(data)}`, evidence });
        break;
      case 'pattern':
        problems.push({ path, at: path, message: `${where}: ${describeValue(data)} is not valid: expected ${description ?? `a string matching ${String(params.pattern)}`}`, evidence });
        break;
      case 'format':
        problems.push({ path, at: path, message: `${where}: ${describeValue(data)} is not ${formatName(String(params.format))}`, evidence });
        break;
      case 'minLength':
        problems.push({ path, at: path, message: `${where}: must not be empty`, evidence });
        break;
      case 'minItems':
        problems.push({ path, at: path, message: `${where}: must have at least ${plural(Number(params.limit), 'item')}`, evidence });
        break;
      case 'maxItems':
        problems.push({ path, at: path, message: `${where}: must have at most ${plural(Number(params.limit), 'item')}`, evidence });
        break;
      case 'uniqueItems': {
        const later = Math.max(Number(params.i), Number(params.j));
        const earlier = Math.min(Number(params.i), Number(params.j));
        const itemPath = childPointer(path, later);
        const item = Array.isArray(data) ? (data as unknown[])[later] : undefined;
        problems.push({ path: itemPath, at: itemPath, message: `${where}: ${describeValue(item)} is listed twice (items ${earlier} and ${later}); list each once`, evidence });
        break;
      }
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum':
        problems.push({ path, at: path, message: `${where}: ${describeValue(data)} ${ajvSays(error)}`, evidence });
        break;
      case 'false schema': {
        // A field forbidden in this place, e.g. by dependentSchemas (country with regions).
        const tokens = parsePointer(path);
        const name = tokens[tokens.length - 1] ?? '';
        const objectPath = pointerOf(tokens.slice(0, -1));
        const together = /\/dependentSchemas\/([^/]+)\//.exec(error.schemaPath);
        problems.push({
          path,
          at: `${path}#key`,
          message: together
            ? `${displayPath(objectPath)}: give either ${JSON.stringify(name)} or ${JSON.stringify(unescapePointerToken(together[1]!))}, not both`
            : `${displayPath(objectPath)}: field ${JSON.stringify(name)} is not allowed here`,
          evidence,
        });
        break;
      }
      default:
        problems.push({ path, at: path, message: `${where}: ${ajvSays(error)}`, evidence });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Helpers

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isAtOrUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follow local "$ref"s ("#/$defs/x") inside the root schema. */
function resolveRef(schema: unknown, root: object): unknown {
  let current = schema;
  for (let hops = 0; hops < 16 && isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#'); hops++) {
    let target: unknown = root;
    try {
      for (const token of parsePointer(current.$ref.slice(1))) target = isObject(target) || Array.isArray(target) ? (target as Record<string, unknown>)[token] : undefined;
    } catch {
      return current;
    }
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a schema's type (or enum/const) admits the type of `value`; true when it says nothing. */
function acceptsType(schema: unknown, value: unknown): boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  const type = jsonType(value);
  const fits = (t: unknown): boolean => t === type || (t === 'number' && type === 'integer');
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type.some(fits) : fits(schema.type);
  if (Array.isArray(schema.enum)) return schema.enum.some((v) => fits(jsonType(v)));
  if ('const' in schema) return fits(jsonType(schema.const));
  return true;
}

function describeSchema(schema: unknown): string {
  if (!isObject(schema)) return 'a valid value';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(', ')}`;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (typeof schema.type === 'string') return article(schema.type);
  if (Array.isArray(schema.type)) return schema.type.map((t) => article(String(t))).join(' or ');
  return typeof schema.description === 'string' ? schema.description : 'a valid value';
}

function article(type: string): string {
  switch (type) {
    case 'object':
      return 'a map of fields';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'null':
      return 'nothing (null)';
    default:
      return `a ${type}`;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a map of fields';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function quoteHint(expected: string, data: unknown): string {
  return expected === 'string' && (typeof data === 'number' || typeof data === 'boolean') ? ' (put the value in quotes)' : '';
}

function formatName(format: string): string {
  switch (format) {
    case 'date':
      return 'a valid date (YYYY-MM-DD)';
    case 'date-time':
      return 'a valid date and time (RFC 3339, e.g. 2026-01-31T12:00:00Z)';
    case 'uri':
      return 'a valid absolute URI';
    case 'email':
      return 'a valid email address';
    default:
      return `a valid ${format}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ajvSays(error: ErrorObject): string {
  return error.message ?? 'is not valid';
}

/** The allowed name nearest to `name` (edit distance at most a third of its length), if any. */
function closest(name: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
