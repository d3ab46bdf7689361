// The catalog (policies/data/catalog.json plus team --data files): merging, one-time
// indexing for resolution, integrity checks, and `explain`.
import type {
  Catalog,
  CatalogList,
  CatalogModel,
  CatalogOrganization,
  CatalogRating,
  HijackingRating,
  Sourced,
} from '../types.js';
import { apiProviderOf, domainOf, hfOrgOf, parseModelRef, refKey } from '../bom/refs.js';

// ---------------------------------------------------------------------------------------
// Names

/**
 * Trailing words that only state a legal form ("Co., Ltd.", "Inc.", "Technology Co."),
 * so "Beijing Moonshot AI Technology Co., Ltd." and "Beijing Moonshot AI" compare equal.
 */
const CORPORATE_SUFFIXES = new Set([
  'inc', 'incorporated', 'co', 'company', 'corp', 'corporation', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc',
  'gmbh', 'ag', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'kk', 'pte', 'pty', 'pvt',
  'technology', 'technologies', 'tech',
]);

/**
 * An organization name reduced to what identifies it: lower case, accents and punctuation
 * dropped ("Z.ai" → "zai", "MOONSHOT-AI" → "moonshot ai"), trailing corporate suffixes removed.
 */
export function normalizeOrgName(s: string): string {
  const words = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && CORPORATE_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(' ');
}

/** Index key of a name: also tolerant of spacing ("MoonshotAI" = "Moonshot AI"). */
export function orgNameKey(s: string): string {
  return normalizeOrgName(s).replace(/ /g, '');
}

/** Key of a model id in the catalog (case-insensitive for Hugging Face ids). */
export function modelKeyOf(id: string): string {
  const ref = parseModelRef(id);
  return ref && ref.kind !== 'local' ? refKey(ref) : id.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------
// Merging

/** A --data file: any subset of the catalog's sections. */
export type CatalogOverlay = Partial<Catalog>;

/** Merge entries by identity: an overlay entry replaces the base entry in place, or is appended. */
function mergeBy<T>(base: readonly T[], overlay: readonly T[] | undefined, idOf: (entry: T) => string): T[] {
  if (!overlay || overlay.length === 0) return [...base];
  const result = [...base];
  const position = new Map(result.map((entry, i) => [idOf(entry), i]));
  for (const entry of overlay) {
    const at = position.get(idOf(entry));
    if (at === undefined) {
      position.set(idOf(entry), result.length);
      result.push(entry);
    } else {
      result[at] = entry;
    }
  }
  return result;
}

/** The newest date among a catalog's entries (dates are YYYY-MM-DD, so they sort as strings). */
export function newestAsOf(catalog: Pick<Catalog, 'organizations' | 'models' | 'hijackingRatings' | 'lists'>): string | null {
  let newest: string | null = null;
  const consider = (entry: Sourced): void => {
    if (newest === null || entry.asOf > newest) newest = entry.asOf;
  };
  catalog.organizations.forEach(consider);
  catalog.models.forEach(consider);
  catalog.hijackingRatings.forEach(consider);
  for (const list of catalog.lists) {
    consider(list);
    list.parties?.forEach(consider);
  }
  return newest;
}

/**
 * The base catalog with team additions: each overlay adds entries or replaces them by id
 * (organizations and lists by id, models by external id, ratings by model). Later overlays win.
 */
export function mergeCatalogs(base: Catalog, ...overlays: CatalogOverlay[]): Catalog {
  let merged: Catalog = base;
  for (const overlay of overlays) {
    merged = {
      version: 1,
      asOf: merged.asOf,
      organizations: mergeBy(merged.organizations, overlay.organizations, (o) => o.id),
      models: mergeBy(merged.models, overlay.models, (m) => modelKeyOf(m.id)),
      hijackingRatings: mergeBy(merged.hijackingRatings, overlay.hijackingRatings, (r) => modelKeyOf(r.model)),
      lists: mergeBy(merged.lists, overlay.lists, (l) => l.id),
      // Licenses by id; the section stays absent when neither side has one.
      ...(merged.licenses || overlay.licenses ? { licenses: mergeBy(merged.licenses ?? [], overlay.licenses, (l) => l.id) } : {}),
    };
  }
  const dates = [base.asOf, ...overlays.map((o) => o.asOf), newestAsOf(merged)].filter((d): d is string => typeof d === 'string');
  return { ...merged, asOf: dates.reduce((a, b) => (b > a ? b : a), base.asOf) };
}

// ---------------------------------------------------------------------------------------
// Integrity

export interface CatalogProblem {
  /** JSON Pointer into the (merged) catalog. */
  path: string;
  message: string;
}

export class CatalogError extends Error {
  readonly problems: CatalogProblem[];
  constructor(problems: CatalogProblem[]) {
    super(`catalog is inconsistent: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'CatalogError';
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------
// Index

export interface CatalogIndex {
  catalog: Catalog;
  organizationsById: ReadonlyMap<string, CatalogOrganization>;
  /** orgNameKey of each id, name, legal name and alias → organization and the name that matched. */
  organizationsByName: ReadonlyMap<string, { organization: CatalogOrganization; name: string }>;
  /** Lower-case Hugging Face org → organization. */
  organizationsByHfOrg: ReadonlyMap<string, CatalogOrganization>;
  /** API host name → organization (lookups also try parent domains). */
  organizationsByApiDomain: ReadonlyMap<string, CatalogOrganization>;
  /** modelKeyOf(id or alias) → model and the id that matched. */
  modelsByKey: ReadonlyMap<string, { model: CatalogModel; matched: string }>;
  /** modelKeyOf(catalog model id) → rating. */
  ratingsByModel: ReadonlyMap<string, CatalogRating>;
  listsById: ReadonlyMap<string, CatalogList>;
}

/**
 * Build the lookup maps once per run, checking the catalog's integrity on the way
 * (duplicate ids, unknown references, ambiguous names, parent or base cycles).
 * Throws CatalogError: a catalog that contradicts itself cannot judge anything.
 */
export function indexCatalog(catalog: Catalog): CatalogIndex {
  const problems: CatalogProblem[] = [];
  const organizationsById = new Map<string, CatalogOrganization>();
  const organizationsByName = new Map<string, { organization: CatalogOrganization; name: string }>();
  const organizationsByHfOrg = new Map<string, CatalogOrganization>();
  const organizationsByApiDomain = new Map<string, CatalogOrganization>();
  const modelsByKey = new Map<string, { model: CatalogModel; matched: string }>();
  const ratingsByModel = new Map<string, CatalogRating>();
  const listsById = new Map<string, CatalogList>();

  /** Register `key` for `owner`; a key claimed by two different owners is ambiguous. */
  function claim<T extends { id: string }>(map: Map<string, T>, key: string, owner: T, path: string, what: string): void {
    const existing = map.get(key);
    if (existing && existing !== owner) problems.push({ path, message: `${what} "${key}" is claimed by both ${existing.id} and ${owner.id}` });
    else map.set(key, owner);
  }

  catalog.organizations.forEach((org, i) => {
    const path = `/organizations/${i}`;
    if (organizationsById.has(org.id)) problems.push({ path: `${path}/id`, message: `duplicate organization id "${org.id}"` });
    organizationsById.set(org.id, org);
  });
  catalog.organizations.forEach((org, i) => {
    const path = `/organizations/${i}`;
    const names: [string, string][] = [[org.id, 'id'], [org.name, 'name']];
    org.legalNames?.forEach((n, j) => names.push([n, `legalNames/${j}`]));
    org.aliases?.forEach((n, j) => names.push([n, `aliases/${j}`]));
    for (const [name, field] of names) {
      const key = orgNameKey(name);
      if (key === '') continue;
      const existing = organizationsByName.get(key);
      if (existing && existing.organization !== org) {
        problems.push({ path: `${path}/${field}`, message: `name "${name}" matches both ${existing.organization.id} and ${org.id}` });
      } else if (!existing) {
        organizationsByName.set(key, { organization: org, name });
      }
    }
    org.hfOrgs?.forEach((h, j) => claim(organizationsByHfOrg, h.toLowerCase(), org, `${path}/hfOrgs/${j}`, 'Hugging Face org'));
    org.apiDomains?.forEach((d, j) => claim(organizationsByApiDomain, d.toLowerCase(), org, `${path}/apiDomains/${j}`, 'API domain'));
    if (org.parent !== undefined && !organizationsById.has(org.parent)) {
      problems.push({ path: `${path}/parent`, message: `unknown parent organization "${org.parent}"` });
    }
  });
  // Parent cycles: walk each chain once, remembering where every organization's walk ended.
  const settled = new Set<string>();
  catalog.organizations.forEach((org, i) => {
    const onPath: string[] = [];
    let current: CatalogOrganization | undefined = org;
    while (current && !settled.has(current.id)) {
      if (onPath.includes(current.id)) {
        problems.push({ path: `/organizations/${i}/parent`, message: `parent cycle: ${[...onPath, current.id].join(' → ')}` });
        break;
      }
      onPath.push(current.id);
      current = current.parent === undefined ? undefined : organizationsById.get(current.parent);
    }
    onPath.forEach((id) => settled.add(id));
  });

  catalog.models.forEach((model, i) => {
    const path = `/models/${i}`;
    if (!organizationsById.has(model.publisher)) problems.push({ path: `${path}/publisher`, message: `unknown publisher "${model.publisher}"` });
    for (const [id, field] of [[model.id, 'id'], ...(model.aliases ?? []).map((a, j) => [a, `aliases/${j}`])] as [string, string][]) {
      const key = modelKeyOf(id);
      const existing = modelsByKey.get(key);
      if (existing) problems.push({ path: `${path}/${field}`, message: `model id "${id}" is claimed by both ${existing.model.id} and ${model.id}` });
      else modelsByKey.set(key, { model, matched: id });
    }
  });
  checkBaseCycles(catalog.models, modelsByKey, problems);

  catalog.hijackingRatings.forEach((rating, i) => {
    const found = modelsByKey.get(modelKeyOf(rating.model));
    if (!found) {
      problems.push({ path: `/hijackingRatings/${i}/model`, message: `rating for a model not in the catalog: "${rating.model}"` });
      return;
    }
    const key = modelKeyOf(found.model.id);
    if (ratingsByModel.has(key)) problems.push({ path: `/hijackingRatings/${i}`, message: `second rating for ${found.model.id}` });
    else ratingsByModel.set(key, rating);
  });

  catalog.lists.forEach((list, i) => {
    if (listsById.has(list.id)) problems.push({ path: `/lists/${i}/id`, message: `duplicate list id "${list.id}"` });
    listsById.set(list.id, list);
    list.organizations?.forEach((id, j) => {
      if (!organizationsById.has(id)) problems.push({ path: `/lists/${i}/organizations/${j}`, message: `unknown organization "${id}"` });
    });
    list.parties?.forEach((party, j) => {
      if (!list.organizations?.includes(party.organization)) {
        problems.push({ path: `/lists/${i}/parties/${j}/organization`, message: `party "${party.organization}" is not in the list's organizations` });
      }
    });
  });

  if (problems.length > 0) throw new CatalogError(problems);
  return { catalog, organizationsById, organizationsByName, organizationsByHfOrg, organizationsByApiDomain, modelsByKey, ratingsByModel, listsById };
}

/** Catalog bases must not loop (A based on B based on A): iterative three-colour DFS. */
function checkBaseCycles(
  models: readonly CatalogModel[],
  byKey: ReadonlyMap<string, { model: CatalogModel }>,
  problems: CatalogProblem[],
): void {
  const state = new Map<CatalogModel, 'open' | 'done'>();
  const baseModels = (m: CatalogModel): CatalogModel[] =>
    (m.bases ?? []).map((b) => byKey.get(modelKeyOf(b.model))?.model).filter((b): b is CatalogModel => b !== undefined);
  models.forEach((root, i) => {
    if (state.has(root)) return;
    const stack: { model: CatalogModel; next: CatalogModel[] }[] = [{ model: root, next: baseModels(root) }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { model: CatalogModel; next: CatalogModel[] };
      const base = top.next.shift();
      if (base === undefined) {
        state.set(top.model, 'done');
        stack.pop();
      } else if (state.get(base) === 'open') {
        const from = stack.findIndex((f) => f.model === base);
        const cycle = [...stack.slice(from).map((f) => f.model.id), base.id];
        problems.push({ path: `/models/${i}/bases`, message: `bases cycle: ${cycle.join(' → ')}` });
        return;
      } else if (!state.has(base)) {
        state.set(base, 'open');
        stack.push({ model: base, next: baseModels(base) });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------
// Lookups

export function findOrganizationByName(
  index: CatalogIndex,
  text: string,
): { organization: CatalogOrganization; matchedBy: 'catalog-id' | 'catalog-alias'; matched: string } | null {
  const trimmed = text.trim();
  const byId = index.organizationsById.get(trimmed);
  if (byId) return { organization: byId, matchedBy: 'catalog-id', matched: trimmed };
  const key = orgNameKey(trimmed);
  const byName = key === '' ? undefined : index.organizationsByName.get(key);
  return byName ? { organization: byName.organization, matchedBy: 'catalog-alias', matched: byName.name } : null;
}

export function findOrganizationByHfOrg(index: CatalogIndex, hfOrg: string): CatalogOrganization | null {
  return index.organizationsByHfOrg.get(hfOrg.toLowerCase()) ?? null;
}

/** The organization whose API domain is `host` or a parent domain of it (eu.api.deepseek.com → api.deepseek.com). */
export function findOrganizationByDomain(index: CatalogIndex, host: string): { organization: CatalogOrganization; domain: string } | null {
  let domain = host.toLowerCase().replace(/\.$/, '');
  for (;;) {
    const organization = index.organizationsByApiDomain.get(domain);
    if (organization) return { organization, domain };
    const dot = domain.indexOf('.');
    if (dot < 0) return null;
    domain = domain.slice(dot + 1);
  }
}

/** The organization behind `api:<provider>/…`: provider as catalog id, name/alias, or Hugging Face org. */
export function findOrganizationByApiProvider(index: CatalogIndex, provider: string): CatalogOrganization | null {
  return findOrganizationByName(index, provider)?.organization ?? findOrganizationByHfOrg(index, provider);
}

export function findCatalogModel(index: CatalogIndex, ref: string): { model: CatalogModel; matched: string } | null {
  return index.modelsByKey.get(modelKeyOf(ref)) ?? null;
}

export function catalogRatingOf(index: CatalogIndex, model: CatalogModel): CatalogRating | null {
  return index.ratingsByModel.get(modelKeyOf(model.id)) ?? null;
}

const RANK: Record<HijackingRating, number> = { unrated: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Order of restrictiveness: critical > high > medium > low; unrated knows nothing (0). */
export function ratingRank(rating: HijackingRating): number {
  return RANK[rating];
}

/**
 * The organization and its parents up to the ultimate parent. Catalog parents cannot loop
 * (indexCatalog rejects that), but the walk stops at a repeat anyway.
 */
export function catalogParentChain(index: CatalogIndex, organization: CatalogOrganization): CatalogOrganization[] {
  const chain = [organization];
  const seen = new Set([organization.id]);
  let parent = organization.parent === undefined ? undefined : index.organizationsById.get(organization.parent);
  while (parent && !seen.has(parent.id)) {
    chain.push(parent);
    seen.add(parent.id);
    parent = parent.parent === undefined ? undefined : index.organizationsById.get(parent.parent);
  }
  return chain;
}

/**
 * Origin: the country of the ultimate parent; where the catalog does not know that
 * country, the nearest organization below it whose country is known.
 */
export function originOfChain(chain: readonly { name: string; country: string }[]): { country: string; organization: string } {
  for (let i = chain.length - 1; i >= 0; i--) {
    const org = chain[i] as { name: string; country: string };
    if (org.country !== 'unknown') return { country: org.country, organization: org.name };
  }
  const top = chain[chain.length - 1];
  return { country: 'unknown', organization: top ? top.name : 'unknown' };
}

// ---------------------------------------------------------------------------------------
// explain

/** Where a fact comes from, as explain prints it. */
export interface Provenance {
  source: string;
  asOf: string;
  confidence?: 'verified' | 'unverified';
  note?: string;
}

export interface ExplainedOrganization extends Provenance {
  id: string;
  name: string;
  matchedBy: 'catalog-id' | 'catalog-alias' | 'hf-org' | 'api-domain' | 'catalog-model';
  /** The catalog name, id, Hugging Face org or domain that matched. */
  matched: string;
  country: string;
  legalNames?: string[];
  aliases?: string[];
  hfOrgs?: string[];
  apiDomains?: string[];
  parents: ({ id: string; name: string; country: string } & Provenance)[];
  origin: { country: string; organization: string };
  /** Lists naming the organization or a parent, or one of their countries. */
  lists: ({ list: string; name: string; matched: string } & Provenance)[];
}

export interface ExplainedModel extends Provenance {
  id: string;
  name: string;
  matchedBy: 'catalog-id' | 'catalog-alias';
  matched: string;
  license: string;
  aliases?: string[];
  bases?: CatalogModel['bases'];
}

export type Explanation = { query: string; catalogAsOf: string } & (
  | {
      kind: 'model';
      model: ExplainedModel | null;
      hijacking: ({ rating: HijackingRating; basis: 'absolute' | 'relative'; reference?: string } & Provenance) | { rating: 'unrated'; note: string };
      publisher: ExplainedOrganization | null;
    }
  | { kind: 'organization'; organization: ExplainedOrganization }
  | { kind: 'unknown'; matchedBy: 'unknown'; note: string }
);

function provenance(entry: Sourced): Provenance {
  return {
    source: entry.source,
    asOf: entry.asOf,
    ...(entry.confidence ? { confidence: entry.confidence } : {}),
    ...(entry.note ? { note: entry.note } : {}),
  };
}

function describeOrganization(
  index: CatalogIndex,
  organization: CatalogOrganization,
  matchedBy: ExplainedOrganization['matchedBy'],
  matched: string,
): ExplainedOrganization {
  const chain = catalogParentChain(index, organization);
  const ids = new Set(chain.map((o) => o.id));
  const countries = new Set(chain.map((o) => o.country));
  const lists: ExplainedOrganization['lists'] = [];
  for (const list of index.catalog.lists) {
    for (const id of list.organizations ?? []) {
      if (!ids.has(id)) continue;
      const party = list.parties?.find((p) => p.organization === id);
      lists.push({ list: list.id, name: list.name, matched: `organization ${id}`, ...provenance(party ?? list) });
    }
    for (const country of list.countries ?? []) {
      if (countries.has(country)) lists.push({ list: list.id, name: list.name, matched: `country ${country}`, ...provenance(list) });
    }
  }
  return {
    id: organization.id,
    name: organization.name,
    matchedBy,
    matched,
    country: organization.country,
    ...(organization.legalNames ? { legalNames: organization.legalNames } : {}),
    ...(organization.aliases ? { aliases: organization.aliases } : {}),
    ...(organization.hfOrgs ? { hfOrgs: organization.hfOrgs } : {}),
    ...(organization.apiDomains ? { apiDomains: organization.apiDomains } : {}),
    ...provenance(organization),
    parents: chain.slice(1).map((p) => ({ id: p.id, name: p.name, country: p.country, ...provenance(p) })),
    origin: originOfChain(chain),
    lists,
  };
}

/**
 * What the catalog knows about a model reference (hf:, api:, Hugging Face URL or purl) or an
 * organization (id, name, alias, Hugging Face org, API domain): each fact with its source
 * and date, and how the query matched. Absence is reported as "nothing known", never as a
 * negative status.
 */
export function explainRef(ref: string, index: CatalogIndex): Explanation {
  const query = ref.trim();
  const base = { query, catalogAsOf: index.catalog.asOf };
  const parsed = parseModelRef(query);

  if (parsed && parsed.kind !== 'local') {
    const found = findCatalogModel(index, parsed.id);
    if (found) {
      const { model } = found;
      const rating = catalogRatingOf(index, model);
      const publisher = index.organizationsById.get(model.publisher);
      return {
        ...base,
        kind: 'model',
        model: {
          id: model.id,
          name: model.name,
          matchedBy: modelKeyOf(found.matched) === modelKeyOf(model.id) ? 'catalog-id' : 'catalog-alias',
          matched: found.matched,
          license: model.license,
          ...(model.aliases ? { aliases: model.aliases } : {}),
          ...(model.bases ? { bases: model.bases } : {}),
          ...provenance(model),
        },
        hijacking: rating
          ? { rating: rating.rating, basis: rating.basis, ...(rating.reference ? { reference: rating.reference } : {}), ...provenance(rating) }
          : { rating: 'unrated', note: 'The catalog has no published rating for this model.' },
        publisher: publisher ? describeOrganization(index, publisher, 'catalog-model', model.id) : null,
      };
    }
    // Not a catalog model: its publisher may still be known from the Hugging Face org or API provider.
    const hfOrg = hfOrgOf(parsed);
    const provider = apiProviderOf(parsed);
    const organization = hfOrg !== null ? findOrganizationByHfOrg(index, hfOrg) : provider !== null ? findOrganizationByApiProvider(index, provider) : null;
    return {
      ...base,
      kind: 'model',
      model: null,
      hijacking: { rating: 'unrated', note: 'The catalog has no entry for this model.' },
      publisher: organization ? describeOrganization(index, organization, hfOrg !== null ? 'hf-org' : 'api-domain', hfOrg ?? provider ?? '') : null,
    };
  }

  const byName = findOrganizationByName(index, query);
  if (byName) return { ...base, kind: 'organization', organization: describeOrganization(index, byName.organization, byName.matchedBy, byName.matched) };
  const byHf = findOrganizationByHfOrg(index, query);
  if (byHf) return { ...base, kind: 'organization', organization: describeOrganization(index, byHf, 'hf-org', query) };
  const host = domainOf(query);
  const byDomain = host ? findOrganizationByDomain(index, host) : null;
  if (byDomain) return { ...base, kind: 'organization', organization: describeOrganization(index, byDomain.organization, 'api-domain', byDomain.domain) };
  return {
    ...base,
    kind: 'unknown',
    matchedBy: 'unknown',
    note: 'The catalog knows nothing about this name. That is not a statement that it is unlisted or safe.',
  };
}
