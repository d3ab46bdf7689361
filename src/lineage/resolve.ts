// The resolve stage: from normalized AIBOMs and the catalog to the policy input document.
// Everything structural happens here (design.md, "Where logic lives"): publisher matching,
// origin through parent organizations, lineage chains with their relations, cycles, and
// hijacking-rating inheritance. Policies only decide.
import type {
  CatalogModel,
  CatalogOrganization,
  DeclaredRating,
  Disagreement,
  HostDecl,
  InputAncestor,
  InputHost,
  InputModel,
  LineageStep,
  MatchedBy,
  ModelDecl,
  NormalizedBom,
  OrganizationDecl,
  PolicyInput,
  Profile,
  RawFinding,
  Relation,
  ResolvedOrganization,
  ResolvedRating,
  Severity,
  Subject,
} from '../types.js';
import { escapeToken } from '../bom/pointer.js';
import {
  catalogRatingOf,
  findCatalogModel,
  findOrganizationByApiProvider,
  findOrganizationByDomain,
  findOrganizationByHfOrg,
  findOrganizationByName,
  originOfChain,
  ratingRank,
  type CatalogIndex,
} from './catalog.js';
import { apiProviderOf, domainOf, hfOrgOf, parseModelRef, refKey, type ModelRef } from '../bom/refs.js';
import { attachLicenses } from './license.js';

/** Lineage deeper than this is cut (with a finding): no real model has 64 derivation steps. */
export const MAX_LINEAGE_DEPTH = 64;

/** Work counters, for tests that check the resolver stays linear in its output. */
export interface ResolveStats {
  /** Graph nodes taken off a search queue (lineage and rating inheritance). */
  nodesExpanded: number;
  /** Derivation edges examined by those searches. */
  edgesVisited: number;
  /** Distinct external references resolved against the catalog (each once per run). */
  externalResolutions: number;
  /** Organization names looked up in the catalog (each once per file and name). */
  nameLookups: number;
}

export interface ResolveContext {
  now: string;
  profile: Profile;
  event: string | null;
  changedFiles: string[];
  /** When given, filled with work counters. */
  stats?: ResolveStats;
}

export interface ResolveResult {
  input: PolicyInput;
  findings: RawFinding[];
}

// ---------------------------------------------------------------------------------------
// Internal graph

/** An organization as resolution sees it: catalog, local, or only a name. */
interface OrgNode {
  /** Catalog id, local organizations key, or null for a bare name. */
  id: string | null;
  name: string;
  /** The country used (the catalog's where the AIBOM disagrees). */
  country: string;
  parent: { catalogId: string } | { text: string; scope: FileScope; path: string } | null;
  /** A local declaration of this organization that disagrees with the catalog. */
  disagreement: Disagreement | null;
}

interface OrgMatch {
  node: OrgNode;
  matchedBy: MatchedBy;
}

interface Edge {
  target: GraphNode;
  relation: Relation[];
  /** Pointer of the derivedFrom entry; null for catalog bases. */
  path: string | null;
  fromCatalog: boolean;
  /** False when the file did not state the relation (DerivationDecl.relationStated). */
  relationStated: boolean;
  /** Carries weights: any relation but distilled. */
  weight: boolean;
}

interface GraphNode {
  /** Local id, or the external id (normalized where it could be). */
  display: string;
  name: string;
  catalogModel: CatalogModel | null;
  /** Null until built (external nodes build from catalog bases on first use). */
  edges: Edge[] | null;
  local: { scope: FileScope; id: string; decl: ModelDecl; order: number; ref: ModelRef | null } | null;
  /** Hint for an unknown publisher's name (Hugging Face org or API provider). */
  ownerHint: string | null;
  publisher?: { resolved: ResolvedOrganization; origin: { country: string; organization: string }; disagreements: Disagreement[] };
  ownRating?: { rating: ResolvedRating; disagreement: Disagreement | null } | null;
}

interface FileScope {
  bom: NormalizedBom;
  file: string;
  orgs: Record<string, OrganizationDecl>;
  /** Local organization keys that would shadow a catalog organization (rejected). */
  shadowed: Set<string>;
  localOrgs: Map<string, OrgMatch>;
  names: Map<string, OrgMatch | null>;
  models: Map<string, GraphNode>;
  /** refKey of each local model's source → that model. */
  bySource: Map<string, GraphNode>;
  reportedOrgCycles: Set<string>;
}

const RELATIONS: ReadonlySet<string> = new Set(['finetune', 'continued-pretraining', 'rl', 'adapter', 'merge', 'quantized', 'pruned', 'distilled']);

const pointer = (...segments: string[]): string => segments.map((s) => `/${escapeToken(s)}`).join('');

function relationsOf(value: Relation | Relation[] | undefined): Relation[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(list.filter((r) => RELATIONS.has(r)))];
}

/** Keys of a reference: external ids by refKey, anything else as written. */
function sourceKey(text: string, ref: ModelRef | null): string {
  return ref && ref.kind !== 'local' ? refKey(ref) : `raw:${text.trim()}`;
}

function unresolved(name: string, declared: string | null): ResolvedOrganization {
  return { id: null, name, country: 'unknown', matchedBy: 'unknown', declared, ultimateParent: { id: null, name, country: 'unknown' } };
}

// ---------------------------------------------------------------------------------------

/**
 * Resolve normalized AIBOMs against the catalog into the policy input document, with
 * `bom/reference`, `lineage/cycle` and `lineage/too-deep` findings for what cannot be resolved.
 */
export function resolve(boms: NormalizedBom[], catalog: CatalogIndex, ctx: ResolveContext): ResolveResult {
  const stats: ResolveStats = ctx.stats ?? { nodesExpanded: 0, edgesVisited: 0, externalResolutions: 0, nameLookups: 0 };
  const findings: RawFinding[] = [];
  const catalogNodes = new Map<CatalogOrganization, OrgNode>();
  const externalNodes = new Map<string, GraphNode>();
  const chains = new Map<OrgNode, OrgNode[]>();

  function report(scope: FileScope, rule: string, severity: Severity, subject: Subject, path: string, message: string, evidence: Record<string, unknown>, extra: { key?: string; remediation?: string } = {}): void {
    findings.push({ rule, severity, message, subject, path, location: scope.bom.locate(path), evidence, ...extra });
  }

  // --- organizations -------------------------------------------------------------------

  function catalogNode(org: CatalogOrganization): OrgNode {
    let node = catalogNodes.get(org);
    if (!node) {
      node = { id: org.id, name: org.name, country: org.country, parent: org.parent === undefined ? null : { catalogId: org.parent }, disagreement: null };
      catalogNodes.set(org, node);
    }
    return node;
  }

  /** A local organization; one whose name is a catalog organization's is that organization. */
  function localOrg(scope: FileScope, key: string): OrgMatch {
    const known = scope.localOrgs.get(key);
    if (known) return known;
    const decl = scope.orgs[key] as OrganizationDecl;
    const parent = decl.parent === undefined ? null : { text: decl.parent, scope, path: pointer('organizations', key, 'parent') };
    stats.nameLookups++;
    const same = findOrganizationByName(catalog, decl.name);
    let match: OrgMatch;
    if (same) {
      const org = same.organization;
      const declared = decl.country ?? 'unknown';
      const gap = org.country === 'unknown';
      const disagreement =
        !gap && declared !== 'unknown' && declared !== org.country
          ? { field: 'publisher.country' as const, declared, catalog: org.country, used: org.country, path: pointer('organizations', key, 'country') }
          : null;
      const node: OrgNode = {
        id: org.id,
        name: org.name,
        country: gap ? declared : org.country,
        parent: parent ?? (org.parent === undefined ? null : { catalogId: org.parent }),
        disagreement,
      };
      match = { node, matchedBy: 'catalog-alias' };
    } else {
      match = { node: { id: key, name: decl.name, country: decl.country ?? 'unknown', parent, disagreement: null }, matchedBy: 'local' };
    }
    scope.localOrgs.set(key, match);
    return match;
  }

  /** A publisher or provider name: local key → catalog id → catalog alias. */
  function lookupName(scope: FileScope, text: string): OrgMatch | null {
    if (scope.names.has(text)) return scope.names.get(text) ?? null;
    let match: OrgMatch | null = null;
    if (Object.hasOwn(scope.orgs, text) && !scope.shadowed.has(text)) {
      match = localOrg(scope, text);
    } else {
      stats.nameLookups++;
      const found = findOrganizationByName(catalog, text);
      if (found) match = { node: catalogNode(found.organization), matchedBy: found.matchedBy };
    }
    scope.names.set(text, match);
    return match;
  }

  /** The organization and its parents; a local parent cycle is reported once and cut. */
  function chainOf(node: OrgNode): OrgNode[] {
    const known = chains.get(node);
    if (known) return known;
    const chain = [node];
    const seen = new Set([node]);
    let current = node;
    while (current.parent) {
      const link = current.parent;
      let next: OrgNode | null;
      if ('catalogId' in link) {
        const org = catalog.organizationsById.get(link.catalogId);
        next = org ? catalogNode(org) : null;
      } else {
        next = lookupName(link.scope, link.text)?.node ?? { id: null, name: link.text, country: 'unknown', parent: null, disagreement: null };
      }
      if (!next) break;
      if (seen.has(next)) {
        if (!('catalogId' in link)) reportOrgCycle(link.scope, link.path, [...chain.slice(chain.indexOf(next)), next]);
        break;
      }
      chain.push(next);
      seen.add(next);
      current = next;
    }
    chains.set(node, chain);
    return chain;
  }

  function reportOrgCycle(scope: FileScope, path: string, cycle: OrgNode[]): void {
    const names = cycle.map((o) => o.id ?? o.name);
    const key = [...new Set(names)].sort().join(',');
    if (scope.reportedOrgCycles.has(key)) return;
    scope.reportedOrgCycles.add(key);
    report(scope, 'bom/reference', 'error', { kind: 'bom', id: scope.file }, path, `organization parent cycle: ${names.join(' → ')}`, { cycle: names }, {
      key: `organizations/${key}`,
      remediation: 'Give each organization a parent that is not one of its own subsidiaries.',
    });
  }

  function resolvedOf(match: OrgMatch, declared: string | null): { resolved: ResolvedOrganization; origin: { country: string; organization: string } } {
    const chain = chainOf(match.node);
    const top = chain[chain.length - 1] as OrgNode;
    return {
      resolved: {
        id: match.node.id,
        name: match.node.name,
        country: match.node.country,
        matchedBy: match.matchedBy,
        declared,
        ultimateParent: { id: top.id, name: top.name, country: top.country },
      },
      origin: originOfChain(chain),
    };
  }

  /**
   * Declared name versus the catalog's evidence (source/endpoint). The declaration wins
   * unless the evidence names an organization of another known country: a PR cannot move
   * a model to a safer country by declaring it, and the disagreement is recorded.
   */
  function settle(
    declaredText: string | null,
    declared: OrgMatch | null,
    evidence: OrgMatch | null,
    field: 'publisher.country' | 'provider.country',
    path: string,
    fallbackName: string,
  ): { resolved: ResolvedOrganization; origin: { country: string; organization: string }; disagreements: Disagreement[] } {
    const disagreements: Disagreement[] = [];
    if (declared?.node.disagreement) disagreements.push({ ...declared.node.disagreement, field });
    let used = declared ?? evidence;
    if (declared && evidence && declared.node !== evidence.node) {
      const dc = declared.node.country;
      const ec = evidence.node.country;
      if (ec !== 'unknown' && dc !== ec) {
        used = evidence;
        if (dc !== 'unknown') disagreements.push({ field, declared: dc, catalog: ec, used: ec, path });
      }
    }
    if (!used) {
      const name = declaredText ?? fallbackName;
      return { resolved: unresolved(name, declaredText), origin: { country: 'unknown', organization: name }, disagreements };
    }
    return { ...resolvedOf(used, declaredText), disagreements };
  }

  /** What the catalog says about who published a model reference, without any declaration. */
  function evidenceFor(ref: ModelRef | null, text: string | null, catalogModel: CatalogModel | null): OrgMatch | null {
    if (ref?.kind === 'hf') {
      const org = findOrganizationByHfOrg(catalog, ownerOf(ref));
      if (org) return { node: catalogNode(org), matchedBy: 'hf-org' };
    } else if (ref?.kind === 'api') {
      const org = findOrganizationByApiProvider(catalog, ownerOf(ref));
      if (org) return { node: catalogNode(org), matchedBy: 'api-domain' };
    } else if (text) {
      const host = domainOf(text);
      const found = host ? findOrganizationByDomain(catalog, host) : null;
      if (found) return { node: catalogNode(found.organization), matchedBy: 'api-domain' };
    }
    const publisher = catalogModel ? catalog.organizationsById.get(catalogModel.publisher) : undefined;
    return publisher ? { node: catalogNode(publisher), matchedBy: 'catalog-model' } : null;
  }

  function publisherOf(node: GraphNode): NonNullable<GraphNode['publisher']> {
    if (node.publisher) return node.publisher;
    if (node.local) {
      const { scope, id, decl, ref } = node.local;
      const declaredText = decl.publisher ?? null;
      const declared = declaredText === null ? null : lookupName(scope, declaredText);
      const evidence = evidenceFor(ref, decl.source ?? null, node.catalogModel);
      const settled = settle(declaredText, declared, evidence, 'publisher.country', pointer('models', id, 'publisher'), 'unknown');
      node.publisher = decl.origin === undefined ? settled : withDeclaredOrigin(settled, decl.origin, pointer('models', id, 'origin'));
    } else {
      stats.externalResolutions++;
      // External refs: the catalog's model entry first, then the Hugging Face org or API domain.
      const ref = parseModelRef(node.display);
      const publisher = node.catalogModel ? catalog.organizationsById.get(node.catalogModel.publisher) : undefined;
      const match: OrgMatch | null = publisher
        ? { node: catalogNode(publisher), matchedBy: 'catalog-model' }
        : evidenceFor(ref && ref.kind !== 'local' ? ref : null, node.display, null);
      node.publisher = match
        ? { ...resolvedOf(match, null), disagreements: [] }
        : { resolved: unresolved(node.ownerHint ?? 'unknown', null), origin: { country: 'unknown', organization: node.ownerHint ?? 'unknown' }, disagreements: [] };
    }
    return node.publisher;
  }

  /**
   * The publisher's country as the file declares it (`origin`: CycloneDX manufacturer
   * address, aibom-guard:origin, ...), against the resolved publisher. Like a local
   * organization's declared country (localOrg): where the catalog knows the publisher's
   * country and it differs, the catalog's stays and the disagreement is recorded; where the
   * publisher or its country is unknown, the declaration fills the gap (matchedBy
   * `declared` when the publisher itself is unknown). A local organization's own country is
   * a declaration too: it is kept, and two declarations are not a catalog disagreement.
   */
  function withDeclaredOrigin(settled: NonNullable<GraphNode['publisher']>, origin: string, path: string): NonNullable<GraphNode['publisher']> {
    const declared = origin.trim().toUpperCase();
    const { resolved } = settled;
    if (declared === '' || declared === 'UNKNOWN') return settled;
    if (resolved.country !== 'unknown') {
      if (resolved.country === declared || resolved.matchedBy === 'local') return settled;
      const disagreement: Disagreement = { field: 'publisher.country', declared, catalog: resolved.country, used: resolved.country, path };
      return { ...settled, disagreements: [...settled.disagreements, disagreement] };
    }
    const ownTop = resolved.ultimateParent.id === resolved.id && resolved.ultimateParent.name === resolved.name;
    return {
      resolved: {
        ...resolved,
        country: declared,
        matchedBy: resolved.matchedBy === 'unknown' ? 'declared' : resolved.matchedBy,
        ultimateParent: ownTop ? { ...resolved.ultimateParent, country: declared } : resolved.ultimateParent,
      },
      // The parents' known country stays the origin; only an unknown origin takes the declared one.
      origin: settled.origin.country === 'unknown' ? { country: declared, organization: resolved.name } : settled.origin,
      disagreements: settled.disagreements,
    };
  }

  // --- ratings -------------------------------------------------------------------------

  /** A model's own rating: declared with a source, or the catalog's; the stricter where both. */
  function ownRatingOf(node: GraphNode): GraphNode['ownRating'] {
    if (node.ownRating !== undefined) return node.ownRating;
    const decl = node.local?.decl.risk?.hijacking;
    const declared = decl && decl.rating !== 'unrated' && decl.source ? decl : null;
    const listed = node.catalogModel ? catalogRatingOf(catalog, node.catalogModel) : null;
    const fromCatalog: ResolvedRating | null = listed
      ? { rating: listed.rating, source: listed.source, evaluated: listed.asOf, basis: listed.basis, provenance: 'catalog', inheritedFrom: null }
      : null;
    const fromDeclared: ResolvedRating | null = declared
      ? { rating: declared.rating, source: declared.source ?? null, evaluated: declared.evaluated ?? null, basis: declared.basis ?? null, provenance: 'declared', inheritedFrom: null }
      : null;
    let result: GraphNode['ownRating'] = null;
    if (fromDeclared && fromCatalog) {
      const used = ratingRank(fromDeclared.rating) >= ratingRank(fromCatalog.rating) ? fromDeclared : fromCatalog;
      const disagreement: Disagreement | null =
        fromDeclared.rating === fromCatalog.rating || !node.local
          ? null
          : { field: 'hijacking.rating', declared: fromDeclared.rating, catalog: fromCatalog.rating, used: used.rating, path: pointer('models', node.local.id, 'risk', 'hijacking', 'rating') };
      result = { rating: used, disagreement };
    } else if (fromDeclared ?? fromCatalog) {
      result = { rating: (fromDeclared ?? fromCatalog) as ResolvedRating, disagreement: null };
    }
    node.ownRating = result;
    return result;
  }

  /**
   * The stricter of the nearest rated ancestors along weight-carrying edges: the search
   * stops at each ancestor with its own rating (a rated fine-tune shields what is behind
   * it on that path) and never crosses a distillation.
   */
  function inheritedRating(start: GraphNode): ResolvedRating | null {
    let best: { rating: ResolvedRating; from: GraphNode } | null = null;
    const seen = new Set([start]);
    const queue: { node: GraphNode; depth: number }[] = [{ node: start, depth: 0 }];
    for (let head = 0; head < queue.length; head++) {
      const { node, depth } = queue[head] as { node: GraphNode; depth: number };
      stats.nodesExpanded++;
      if (node !== start) {
        const own = ownRatingOf(node);
        if (own) {
          if (!best || ratingRank(own.rating.rating) > ratingRank(best.rating.rating)) best = { rating: own.rating, from: node };
          continue;
        }
      }
      if (depth >= MAX_LINEAGE_DEPTH) continue;
      for (const edge of edgesOf(node)) {
        stats.edgesVisited++;
        if (!edge.weight || seen.has(edge.target)) continue;
        seen.add(edge.target);
        queue.push({ node: edge.target, depth: depth + 1 });
      }
    }
    return best ? { ...best.rating, provenance: 'inherited', inheritedFrom: best.from.display } : null;
  }

  // --- graph ---------------------------------------------------------------------------

  function externalNode(text: string, ref: ModelRef | null): GraphNode {
    const key = sourceKey(text, ref);
    let node = externalNodes.get(key);
    if (!node) {
      const display = ref && ref.kind !== 'local' ? ref.id : text.trim();
      const catalogModel = ref && ref.kind !== 'local' ? (findCatalogModel(catalog, ref.id)?.model ?? null) : null;
      node = {
        display,
        name: catalogModel?.name ?? display,
        catalogModel,
        edges: null,
        local: null,
        ownerHint: ref && ref.kind !== 'local' ? ownerOf(ref) : domainOf(display),
      };
      externalNodes.set(key, node);
    }
    return node;
  }

  function catalogBaseEdges(model: CatalogModel | null): Edge[] {
    return (model?.bases ?? []).map((base) => {
      const relation = relationsOf(base.relation);
      return { target: externalNode(base.model, parseModelRef(base.model)), relation, path: null, fromCatalog: true, relationStated: true, weight: relation.some((r) => r !== 'distilled') };
    });
  }

  function edgesOf(node: GraphNode): Edge[] {
    if (node.edges === null) node.edges = catalogBaseEdges(node.catalogModel);
    return node.edges;
  }

  /** Where a model's derivedFrom entry points: a local model, an external id, or nothing (dangling). */
  function targetOf(scope: FileScope, text: string): GraphNode | null {
    const local = scope.models.get(text);
    if (local) return local;
    const ref = parseModelRef(text);
    if (ref?.kind === 'local') return null;
    if (ref === null && !/[:/]/.test(text)) return null; // a mistyped local id, not an external one
    return scope.bySource.get(sourceKey(text, ref)) ?? externalNode(text, ref);
  }

  // --- files ---------------------------------------------------------------------------

  const scopes: FileScope[] = boms.map((bom) => {
    const scope: FileScope = {
      bom,
      file: bom.file,
      orgs: bom.aibom.organizations ?? {},
      shadowed: new Set(),
      localOrgs: new Map(),
      names: new Map(),
      models: new Map(),
      bySource: new Map(),
      reportedOrgCycles: new Set(),
    };
    for (const key of Object.keys(scope.orgs)) {
      stats.nameLookups++;
      const shadow = findOrganizationByName(catalog, key);
      if (!shadow) continue;
      scope.shadowed.add(key);
      const org = shadow.organization;
      report(scope, 'bom/reference', 'error', { kind: 'bom', id: scope.file }, pointer('organizations', key),
        `organization key "${key}" shadows catalog organization ${org.id} (${org.name}, ${org.country}) by ${shadow.matchedBy === 'catalog-id' ? 'id' : `name "${shadow.matched}"`}; the catalog entry is used`,
        { organization: key, catalogOrganization: org.id, matchedBy: shadow.matchedBy },
        { key: `organizations/${key}`, remediation: `Use the catalog id "${org.id}" as publisher, or give the local organization a key that names no catalog organization.` });
    }
    let order = 0;
    for (const [id, decl] of Object.entries(bom.aibom.models ?? {})) {
      const ref = decl.source === undefined ? null : parseModelRef(decl.source);
      const external = ref && ref.kind !== 'local' ? ref : null;
      const catalogModel = external ? (findCatalogModel(catalog, external.id)?.model ?? null) : null;
      const node: GraphNode = {
        display: id,
        name: decl.name ?? id,
        catalogModel,
        edges: null,
        local: { scope, id, decl, order: order++, ref: external },
        ownerHint: external ? ownerOf(external) : decl.source ? domainOf(decl.source) : null,
      };
      scope.models.set(id, node);
      if (decl.source !== undefined) {
        const key = sourceKey(decl.source, external);
        if (!scope.bySource.has(key)) scope.bySource.set(key, node);
      }
    }
    return scope;
  });

  // Derivation edges, once every local model of the file exists.
  for (const scope of scopes) {
    for (const node of scope.models.values()) {
      const { id, decl } = node.local as NonNullable<GraphNode['local']>;
      const edges: Edge[] = [];
      (decl.derivedFrom ?? []).forEach((entry, i) => {
        const path = pointer('models', id, 'derivedFrom', String(i));
        const target = targetOf(scope, entry.model);
        if (!target) {
          report(scope, 'bom/reference', 'error', { kind: 'model', id }, path, `${id} derives from "${entry.model}", which is not a model in ${scope.file}`, { reference: entry.model }, {
            key: `derivedFrom/${entry.model}`,
            remediation: 'Define that model under models:, or refer to it by external id (hf:<org>/<repo>, api:<provider>/<model>).',
          });
          return;
        }
        const relation = relationsOf(entry.relation);
        edges.push({ target, relation, path, fromCatalog: false, relationStated: entry.relationStated !== false, weight: relation.length === 0 || relation.some((r) => r !== 'distilled') });
      });
      // The catalog may know more about the model's own bases than the AIBOM declares.
      const declared = new Set(edges.map((e) => e.target));
      edges.push(...catalogBaseEdges(node.catalogModel).filter((e) => !declared.has(e.target)));
      node.edges = edges;
    }
    reportCycles(scope);
    // Organization parent cycles are reported even for organizations no model names.
    for (const key of Object.keys(scope.orgs)) if (!scope.shadowed.has(key)) chainOf(localOrg(scope, key).node);
  }

  function reportCycles(scope: FileScope): void {
    for (const component of stronglyConnected([...scope.models.values()])) {
      const start = component[0] as GraphNode;
      const members = new Set(component);
      const selfLoop = edgesOf(start).some((e) => e.target === start);
      if (component.length === 1 && !selfLoop) continue;
      const { cycle, closing, from } = findCycle(start, members);
      const ids = cycle.map((n) => n.display);
      const memberIds = component.map((n) => n.display).sort();
      report(scope, 'lineage/cycle', 'error', { kind: 'model', id: from.display }, closing.path ?? pointer('models', from.display), `derivation cycle: ${ids.join(' → ')}`,
        { cycle: ids, members: memberIds },
        { key: memberIds.join(','), remediation: 'A model cannot derive from itself or from its own descendants: fix the derivedFrom entry that closes the cycle.' });
    }
  }

  // --- models --------------------------------------------------------------------------

  const models: InputModel[] = [];
  for (const scope of scopes) {
    const tooDeep: string[] = [];
    for (const node of scope.models.values()) {
      const { id, decl, ref } = node.local as NonNullable<GraphNode['local']>;
      const modelPath = pointer('models', id);
      const { ancestors, truncated } = lineageOf(node, decl.source === undefined ? modelPath : pointer('models', id, 'source'));
      if (truncated) tooDeep.push(id);
      const publisher = publisherOf(node);
      const own = ownRatingOf(node);
      const hijacking: ResolvedRating = own?.rating ??
        inheritedRating(node) ?? { rating: 'unrated', source: null, evaluated: null, basis: null, provenance: 'none', inheritedFrom: null };
      const provider = providerOf(scope, id, decl);
      const disagreements = [...publisher.disagreements, ...(provider?.disagreements ?? [])];
      if (own?.disagreement) disagreements.push(own.disagreement);
      const declaredLicense = decl.license ?? null;
      const catalogLicense = node.catalogModel?.license ?? null;
      if (declaredLicense !== null && catalogLicense !== null && catalogLicense !== 'unknown' && declaredLicense.trim().toLowerCase() !== catalogLicense.toLowerCase()) {
        disagreements.push({ field: 'license', declared: declaredLicense, catalog: catalogLicense, used: catalogLicense, path: pointer('models', id, 'license') });
      }
      const tools = decl.use?.tools;
      models.push({
        key: `${scope.file}#${id}`,
        id,
        file: scope.file,
        path: modelPath,
        name: node.name,
        version: decl.version ?? null,
        ref: ref?.id ?? null,
        source: decl.source ?? null,
        publisher: publisher.resolved,
        origin: publisher.origin,
        provider: provider?.resolved ?? null,
        pins: { revision: decl.revision ?? ref?.revision ?? null, digest: decl.digest ?? null, snapshot: decl.snapshot ?? null },
        license: { declared: declaredLicense, catalog: catalogLicense },
        hijacking: { ...hijacking, declared: declaredRatingOf(decl, pointer('models', id, 'risk', 'hijacking')) },
        use: {
          agentic: decl.use?.agentic === true,
          tools: Array.isArray(tools) ? tools.length > 0 : tools === true,
          toolNames: Array.isArray(tools) ? [...tools] : [],
          dataClasses: [...(decl.use?.dataClasses ?? [])],
        },
        ancestors,
        derivedFrom: derivedFromOf(node),
        catalogId: node.catalogModel?.id ?? null,
        disagreements,
      });
    }
    if (tooDeep.length > 0) {
      const first = tooDeep[0] as string;
      report(scope, 'lineage/too-deep', 'error', { kind: 'bom', id: scope.file }, pointer('models', first),
        `lineage deeper than ${MAX_LINEAGE_DEPTH} derivation steps (${tooDeep.length} model(s), first ${first}): ancestors beyond were not evaluated`,
        { limit: MAX_LINEAGE_DEPTH, models: tooDeep.slice(0, 20), count: tooDeep.length },
        { key: 'lineage/too-deep', remediation: `Shorten the derivation chain to at most ${MAX_LINEAGE_DEPTH} steps.` });
    }
  }

  /**
   * The distributor or reseller a model comes through (CycloneDX supplier, SPDX suppliedBy),
   * resolved by name like a host's provider; never the model's origin. Null when none is declared.
   */
  function providerOf(scope: FileScope, id: string, decl: ModelDecl): ReturnType<typeof settle> | null {
    if (decl.provider === undefined) return null;
    return settle(decl.provider, lookupName(scope, decl.provider), null, 'provider.country', pointer('models', id, 'provider'), decl.provider);
  }

  function derivedFromOf(node: GraphNode): InputModel['derivedFrom'] {
    return edgesOf(node)
      .filter((e) => !e.fromCatalog)
      .map((e) => ({ ref: e.target.display, relation: e.relation, path: e.path as string, external: e.target.local === null }));
  }

  /**
   * Every ancestor once, with its shortest chain (breadth-first, in declaration order), up
   * to MAX_LINEAGE_DEPTH edges. Output-sensitive: each reachable edge is looked at once.
   */
  function lineageOf(start: GraphNode, catalogEdgePath: string): { ancestors: InputAncestor[]; truncated: boolean } {
    interface Visit { node: GraphNode; depth: number; chain: LineageStep[]; relations: Relation[]; weight: boolean; path: string }
    const ancestors: InputAncestor[] = [];
    const seen = new Set([start]);
    const queue: Visit[] = [{ node: start, depth: 0, chain: [{ model: start.display }], relations: [], weight: true, path: '' }];
    let truncated = false;
    for (let head = 0; head < queue.length; head++) {
      const visit = queue[head] as Visit;
      stats.nodesExpanded++;
      const edges = edgesOf(visit.node);
      if (visit.depth >= MAX_LINEAGE_DEPTH) {
        if (edges.some((e) => !seen.has(e.target))) truncated = true;
        continue;
      }
      for (const edge of edges) {
        stats.edgesVisited++;
        if (seen.has(edge.target)) continue;
        seen.add(edge.target);
        const step: LineageStep = {
          model: edge.target.display,
          relation: edge.relation,
          ...(edge.fromCatalog ? { fromCatalog: true } : {}),
          ...(edge.relationStated ? {} : { relationStated: false }),
        };
        const next: Visit = {
          node: edge.target,
          depth: visit.depth + 1,
          chain: [...visit.chain, step],
          relations: [...new Set([...visit.relations, ...edge.relation])],
          weight: visit.weight && edge.weight,
          path: visit.depth === 0 ? (edge.path ?? catalogEdgePath) : visit.path,
        };
        queue.push(next);
        const publisher = publisherOf(edge.target);
        ancestors.push({
          ref: next.node.display,
          name: next.node.name,
          depth: next.depth,
          chain: next.chain,
          relations: next.relations,
          weightDerived: next.weight,
          path: next.path,
          publisher: publisher.resolved,
          origin: publisher.origin,
        });
      }
    }
    return { ancestors, truncated };
  }

  // --- hosts ---------------------------------------------------------------------------

  const hosts: InputHost[] = [];
  for (const scope of scopes) {
    for (const [id, decl] of Object.entries(scope.bom.aibom.hosts ?? {})) hosts.push(hostOf(scope, id, decl));
  }

  function hostOf(scope: FileScope, id: string, decl: HostDecl): InputHost {
    const path = pointer('hosts', id);
    const endpointDomain = decl.endpoint === undefined ? null : domainOf(decl.endpoint);
    let provider: InputHost['provider'] = null;
    let disagreements: Disagreement[] = [];
    let endpointOrganization: InputHost['endpointOrganization'] = null;
    if (decl.provider !== undefined || endpointDomain !== null) {
      const declaredText = decl.provider ?? null;
      const declared = declaredText === null ? null : lookupName(scope, declaredText);
      const found = endpointDomain === null ? null : findOrganizationByDomain(catalog, endpointDomain);
      const evidence: OrgMatch | null = found ? { node: catalogNode(found.organization), matchedBy: 'api-domain' } : null;
      const settled = settle(declaredText, declared, evidence, 'provider.country', pointer('hosts', id, 'provider'), endpointDomain ?? 'unknown');
      provider = settled.resolved;
      disagreements = settled.disagreements;
      // Data sent to the endpoint goes to its domain's organization, whatever the provider is called.
      endpointOrganization = evidence ? resolvedOf(evidence, null).resolved : null;
    }
    const regions: InputHost['regions'] = [];
    if (decl.country !== undefined) regions.push({ country: decl.country, subdivision: null, path: pointer('hosts', id, 'country') });
    (decl.regions ?? []).forEach((r, i) => regions.push({ country: r.country, subdivision: r.subdivision ?? null, path: pointer('hosts', id, 'regions', String(i)) }));
    const serves: InputHost['serves'] = [];
    (decl.serves ?? []).forEach((text, i) => {
      const servedPath = pointer('hosts', id, 'serves', String(i));
      const target = targetOf(scope, text);
      if (!target) {
        report(scope, 'bom/reference', 'error', { kind: 'host', id }, servedPath, `host ${id} serves "${text}", which is not a model in ${scope.file}`, { reference: text }, {
          key: `serves/${text}`,
          remediation: 'Define that model under models:, or refer to it by external id (hf:<org>/<repo>, api:<provider>/<model>).',
        });
        serves.push({ ref: text, modelKey: null, path: servedPath });
        return;
      }
      serves.push({ ref: target.display, modelKey: target.local ? `${scope.file}#${target.local.id}` : null, path: servedPath });
    });
    return {
      key: `${scope.file}#${id}`,
      id,
      file: scope.file,
      path,
      kind: decl.kind,
      provider,
      regions,
      endpoint: decl.endpoint ?? null,
      endpointDomain,
      endpointOrganization,
      serves,
      disagreements,
    };
  }

  const licenseExpressions = attachLicenses(models, catalog);

  return {
    input: {
      version: 1,
      context: {
        now: ctx.now,
        profile: ctx.profile,
        event: ctx.event,
        changedFiles: [...ctx.changedFiles],
        catalogAgeDays: ageInDays(catalog.catalog.asOf, ctx.now),
      },
      boms: boms.map((b) => ({ file: b.file, format: b.format, system: b.aibom.system ?? null })),
      models,
      hosts,
      licenseExpressions,
    },
    findings,
  };
}

/** The rating a model's AIBOM entry declares, verbatim (used or not: see ownRatingOf); null when none. */
function declaredRatingOf(decl: ModelDecl, path: string): DeclaredRating | null {
  const declared = decl.risk?.hijacking;
  if (!declared) return null;
  return {
    rating: declared.rating,
    source: declared.source ?? null,
    evaluated: declared.evaluated === undefined ? null : String(declared.evaluated),
    basis: declared.basis ?? null,
    path,
  };
}

/**
 * Whole days from `asOf` (a date, read as UTC midnight, or a date-time) to `now`, rounded
 * down; null when either does not parse. Policies compare it with their limits (WASM has no clock).
 */
export function ageInDays(asOf: string, now: string): number | null {
  const from = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T00:00:00Z` : asOf);
  const to = Date.parse(now);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.floor((to - from) / 86_400_000);
}

/** Hugging Face org or API provider of an external reference. */
function ownerOf(ref: ModelRef): string {
  return hfOrgOf(ref) ?? apiProviderOf(ref) ?? '';
}

// ---------------------------------------------------------------------------------------
// Cycles

/**
 * Strongly connected components among the local models of one file (Tarjan, iterative so
 * a long chain cannot overflow the stack). Each component lists its members in
 * declaration order; components come in reverse topological order.
 */
function stronglyConnected(nodes: GraphNode[]): GraphNode[][] {
  const index = new Map<GraphNode, number>();
  const low = new Map<GraphNode, number>();
  const onStack = new Set<GraphNode>();
  const stack: GraphNode[] = [];
  const components: GraphNode[][] = [];
  const localTargets = (n: GraphNode): GraphNode[] => (n.edges ?? []).map((e) => e.target).filter((t) => t.local !== null && t.local.scope === n.local?.scope);
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: GraphNode; targets: GraphNode[]; next: number }[] = [];
    const open = (node: GraphNode): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: localTargets(node), next: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: GraphNode; targets: GraphNode[]; next: number };
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++] as GraphNode;
        if (!index.has(target)) open(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: GraphNode[] = [];
        let member: GraphNode;
        do {
          member = stack.pop() as GraphNode;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        component.sort((a, b) => (a.local?.order ?? 0) - (b.local?.order ?? 0));
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * One cycle inside a strongly connected component: depth-first from its first-declared
 * member, in declaration order; the edge that reaches back onto the path closes it.
 */
function findCycle(start: GraphNode, members: ReadonlySet<GraphNode>): { cycle: GraphNode[]; closing: Edge; from: GraphNode } {
  const path: GraphNode[] = [start];
  const position = new Map([[start, 0]]);
  const visited = new Set([start]);
  const cursors = [0];
  const inside = new Map<GraphNode, Edge[]>();
  for (;;) {
    const node = path[path.length - 1] as GraphNode;
    let edges = inside.get(node);
    if (!edges) {
      edges = (node.edges ?? []).filter((e) => members.has(e.target));
      inside.set(node, edges);
    }
    const at = cursors[cursors.length - 1] as number;
    if (at >= edges.length) {
      // Cannot happen inside a strongly connected component; stop rather than loop.
      if (path.length === 1) throw new Error(`no cycle found from ${start.display}`);
      position.delete(path.pop() as GraphNode);
      cursors.pop();
      continue;
    }
    cursors[cursors.length - 1] = at + 1;
    const edge = edges[at] as Edge;
    const back = position.get(edge.target);
    if (back !== undefined) return { cycle: [...path.slice(back), edge.target], closing: edge, from: node };
    if (visited.has(edge.target)) continue;
    visited.add(edge.target);
    position.set(edge.target, path.length);
    path.push(edge.target);
    cursors.push(0);
  }
}
