// Licenses, per model (never per publisher): parse each SPDX expression (Rego cannot), match
// its ids to the catalog's license terms, and work out which obligations bind the model —
// through its own license, and through its ancestors' as each license's terms say
// (coversDerivatives for weight-derived chains, coversOutputsTraining for distilled ones).
// The policies (policies/rules/license) decide what to report.
import parseSpdx, { type SpdxNode } from 'spdx-expression-parse';
import spdxLicenseIds from 'spdx-license-ids/index.json' with { type: 'json' };
import spdxDeprecatedIds from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import type {
  AncestorLicense,
  AppliedObligation,
  CatalogLicense,
  CommercialUse,
  InputLicenses,
  InputModel,
  LicenseInfo,
  OwnLicense,
  ParsedLicense,
} from '../types.js';
import { CatalogError, findCatalogModel, type CatalogIndex, type CatalogProblem } from './catalog.js';

/** Values that say "no license known" rather than name one (SPDX NOASSERTION and NONE included). */
const NO_LICENSE = new Set(['', 'unknown', 'noassertion', 'none']);

/** An expression rarely has more than a handful of alternatives; past this, every id binds (fail closed). */
const MAX_CHOICES = 64;

/** SPDX ids by lower case, to tell "mit" that SPDX writes "MIT". */
const SPDX_IDS = new Map<string, string>([...(spdxDeprecatedIds as string[]), ...(spdxLicenseIds as string[])].map((id) => [id.toLowerCase(), id]));

/** SPDX families whose name says non-commercial (Creative Commons NC, PolyForm Noncommercial). */
const NON_COMMERCIAL_SPDX = /^(CC-BY-NC-|PolyForm-Noncommercial-)/i;

const OPERATORS = new Set(['and', 'or', 'with']);

export function isNoLicense(text: string | null | undefined): boolean {
  return text === null || text === undefined || NO_LICENSE.has(text.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------
// Catalog licenses

export interface LicenseIndex {
  /** Lower-case spdx id → catalog license. */
  bySpdx: ReadonlyMap<string, CatalogLicense>;
}

const licenseIndexes = new WeakMap<CatalogIndex, LicenseIndex>();

/**
 * The catalog's licenses by SPDX id, built once per catalog index. Throws CatalogError on
 * duplicate ids, so a catalog that contradicts itself judges nothing.
 */
export function licenseIndexOf(index: CatalogIndex): LicenseIndex {
  const cached = licenseIndexes.get(index);
  if (cached) return cached;
  const problems: CatalogProblem[] = [];
  const ids = new Set<string>();
  const bySpdx = new Map<string, CatalogLicense>();
  (index.catalog.licenses ?? []).forEach((license, i) => {
    if (ids.has(license.id)) problems.push({ path: `/licenses/${i}/id`, message: `duplicate license id "${license.id}"` });
    ids.add(license.id);
    const key = license.spdx.toLowerCase();
    const existing = bySpdx.get(key);
    if (existing) problems.push({ path: `/licenses/${i}/spdx`, message: `license "${license.spdx}" is described by both ${existing.id} and ${license.id}` });
    else bySpdx.set(key, license);
  });
  if (problems.length > 0) throw new CatalogError(problems);
  const built = { bySpdx };
  licenseIndexes.set(index, built);
  return built;
}

function infoOf(license: CatalogLicense): LicenseInfo {
  return {
    id: license.id,
    name: license.name,
    spdx: license.spdx,
    commercialUse: license.commercialUse,
    source: license.source,
    asOf: license.asOf,
    confidence: license.confidence ?? null,
  };
}

// ---------------------------------------------------------------------------------------
// Parsing

/** The id a leaf names: the license, "+" kept (GPL-2.0+), the WITH exception left out. */
function leafId(node: SpdxNode): string | null {
  return 'license' in node ? `${node.license}${node.plus ? '+' : ''}` : null;
}

/** Disjunctive normal form; null when it would exceed MAX_CHOICES. */
function choicesOf(node: SpdxNode): string[][] | null {
  const id = leafId(node);
  if (id !== null) return [[id]];
  const { left, right, conjunction } = node as Extract<SpdxNode, { conjunction: string }>;
  const l = choicesOf(left);
  const r = choicesOf(right);
  if (l === null || r === null) return null;
  if (conjunction === 'or') return l.length + r.length > MAX_CHOICES ? null : [...l, ...r];
  if (l.length * r.length > MAX_CHOICES) return null;
  return l.flatMap((a) => r.map((b) => [...new Set([...a, ...b])]));
}

function idsOf(node: SpdxNode, into: string[] = []): string[] {
  const id = leafId(node);
  if (id !== null) {
    if (!into.includes(id)) into.push(id);
  } else {
    const { left, right } = node as Extract<SpdxNode, { conjunction: string }>;
    idsOf(left, into);
    idsOf(right, into);
  }
  return into;
}

/** What is wrong with the words of an expression the parser rejected, for the message. */
function diagnose(expression: string): string[] {
  const hints: string[] = [];
  for (const word of expression.split(/[\s()]+/)) {
    if (word === '' || OPERATORS.has(word.toLowerCase()) || /^(LicenseRef-|DocumentRef-)/.test(word)) continue;
    const bare = word.replace(/\+$/, '');
    if (SPDX_IDS.get(bare.toLowerCase()) === bare) continue;
    const proper = SPDX_IDS.get(bare.toLowerCase());
    if (proper) hints.push(`SPDX writes "${bare}" as "${proper}"`);
    else if (/^licenseref-/i.test(bare)) hints.push(`write "${bare}" with the prefix "LicenseRef-" exactly`);
    else hints.push(`"${bare}" is not an SPDX license id (use LicenseRef-${bare.replace(/[^A-Za-z0-9.-]+/g, '-')} for a custom license)`);
  }
  return [...new Set(hints)];
}

const parseCache = new Map<string, Omit<ParsedLicense, 'commercialUse' | 'nonCommercialIds' | 'known'>>();

function parseExpression(expression: string): Omit<ParsedLicense, 'commercialUse' | 'nonCommercialIds' | 'known'> {
  const cached = parseCache.get(expression);
  if (cached) return cached;
  let result: Omit<ParsedLicense, 'commercialUse' | 'nonCommercialIds' | 'known'>;
  try {
    const ast = parseSpdx(expression);
    const ids = idsOf(ast);
    result = { expression, valid: true, error: null, ids, choices: choicesOf(ast) ?? [ids] };
  } catch (error) {
    const detail = error instanceof Error && error.message ? error.message : 'incomplete expression';
    const hints = diagnose(expression);
    result = { expression, valid: false, error: [detail, ...hints].join('; '), ids: [], choices: [] };
  }
  // Bounded: expressions repeat across models, but a hostile AIBOM must not grow this forever.
  if (parseCache.size > 10_000) parseCache.clear();
  parseCache.set(expression, result);
  return result;
}

/** Parse an SPDX expression and match its ids to the catalog's licenses. */
export function parseLicense(text: string, licenses: LicenseIndex): ParsedLicense {
  const parsed = parseExpression(text.trim());
  const known: LicenseInfo[] = [];
  const useOf = new Map<string, CommercialUse>();
  for (const id of parsed.ids) {
    const entry = licenses.bySpdx.get(id.toLowerCase());
    if (entry) known.push(infoOf(entry));
    useOf.set(id, entry ? entry.commercialUse : NON_COMMERCIAL_SPDX.test(id) ? 'non-commercial' : 'unknown');
  }
  const choiceUse = (choice: string[]): CommercialUse =>
    choice.some((id) => useOf.get(id) === 'non-commercial') ? 'non-commercial' : choice.every((id) => useOf.get(id) === 'allowed') ? 'allowed' : 'unknown';
  const uses = parsed.choices.map(choiceUse);
  const commercialUse: CommercialUse = !parsed.valid
    ? 'unknown'
    : uses.includes('allowed')
      ? 'allowed'
      : uses.length > 0 && uses.every((u) => u === 'non-commercial')
        ? 'non-commercial'
        : 'unknown';
  return {
    ...parsed,
    ids: [...parsed.ids],
    choices: parsed.choices.map((c) => [...c]),
    commercialUse,
    nonCommercialIds: parsed.ids.filter((id) => useOf.get(id) === 'non-commercial'),
    known,
  };
}

// ---------------------------------------------------------------------------------------
// Per model

/** A model's own license, parsed: the input keeps only the expression, the parse goes to the table. */
interface OwnParsed {
  origin: OwnLicense['origin'];
  path: string;
  license: ParsedLicense;
}

function ownLicensesOf(model: InputModel, licenses: LicenseIndex): OwnParsed[] {
  const own: OwnParsed[] = [];
  const declared = model.license.declared;
  if (!isNoLicense(declared)) {
    own.push({ origin: 'declared', path: `${model.path}/license`, license: parseLicense(declared as string, licenses) });
  }
  const fromCatalog = model.license.catalog;
  if (!isNoLicense(fromCatalog) && !own.some((o) => o.license.expression.toLowerCase() === (fromCatalog as string).trim().toLowerCase())) {
    own.push({ origin: 'catalog', path: model.source === null ? model.path : `${model.path}/source`, license: parseLicense(fromCatalog as string, licenses) });
  }
  return own;
}

/**
 * Compute `licenses` for every model: its own licenses, its ancestors' (local ancestors by
 * their own licenses, external ones by the catalog's), and the obligations that bind it.
 * Returns the parsed expressions they name, by expression (PolicyInput.licenseExpressions).
 * The input does not repeat what it already holds (parsing it in WASM grows faster than its
 * size): `licenses.ancestors` is index-aligned with the model's `ancestors`, licenses are
 * named by expression, and obligations by catalog license id and index.
 * Linear in the total size of the ancestor lists that resolve already built.
 */
export function attachLicenses(models: InputModel[], index: CatalogIndex): Record<string, ParsedLicense> {
  const licenses = licenseIndexOf(index);
  const expressions: Record<string, ParsedLicense> = {};
  const ownByKey = new Map<string, OwnParsed[]>();
  for (const model of models) ownByKey.set(model.key, ownLicensesOf(model, licenses));

  const externalCache = new Map<string, OwnParsed[]>();
  const licensesOfAncestor = (file: string, ref: string): OwnParsed[] => {
    const local = ownByKey.get(`${file}#${ref}`);
    if (local) return local;
    let found = externalCache.get(ref);
    if (!found) {
      const text = findCatalogModel(index, ref)?.model.license ?? null;
      found = isNoLicense(text) ? [] : [{ origin: 'catalog', path: '', license: parseLicense(text as string, licenses) }];
      externalCache.set(ref, found);
    }
    return found;
  };
  const named = (license: ParsedLicense): string => {
    expressions[license.expression] ??= license;
    return license.expression;
  };

  for (const model of models) {
    const own = ownByKey.get(model.key) as OwnParsed[];
    const ancestors: AncestorLicense[] = [];
    const ancestorLicenses: { at: number; license: ParsedLicense }[] = [];
    model.ancestors.forEach((a, at) => {
      const held: AncestorLicense = {};
      for (const entry of licensesOfAncestor(model.file, a.ref)) {
        if (!entry.license.valid) continue;
        held[entry.origin] = named(entry.license);
        ancestorLicenses.push({ at, license: entry.license });
      }
      ancestors.push(held);
    });

    // Nearest ancestor first, the model's own license last: an inherited clause keeps the
    // chain that explains it; the naming clause binds only derivatives.
    const obligations: AppliedObligation[] = [];
    const seen = new Set<string>();
    const add = (license: ParsedLicense, via: AppliedObligation['via'], from: number): void => {
      for (const info of license.known) {
        const entry = licenses.bySpdx.get(info.spdx.toLowerCase()) as CatalogLicense;
        entry.obligations.forEach((obligation, i) => {
          if (via === 'own' && obligation.kind === 'naming') return;
          if (via === 'derivative' && !obligation.coversDerivatives) return;
          if (via === 'outputs-training' && obligation.coversOutputsTraining !== true) return;
          const key = `${entry.id}#${i}`;
          if (seen.has(key)) return;
          seen.add(key);
          obligations.push({ license: entry.id, index: i, via, from });
        });
      }
    };
    for (const { at, license } of ancestorLicenses) {
      add(license, (model.ancestors[at] as InputModel['ancestors'][number]).weightDerived ? 'derivative' : 'outputs-training', at);
    }
    own.forEach((o, at) => {
      if (o.license.valid) add(o.license, 'own', at);
    });
    const result: InputLicenses = {
      own: own.map((o) => ({ origin: o.origin, path: o.path, expression: named(o.license) })),
      ancestors,
      obligations,
    };
    model.licenses = result;
  }
  return expressions;
}
