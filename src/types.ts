// Data shared by the pipeline stages (see ../README.md "Architecture").
// Each stage is a plain function from one of these shapes to the next; only the CLI,
// the action and the signer do I/O.

export type Severity = 'error' | 'warning' | 'info';
export type Profile = 'baseline' | 'strict';
export type FailOn = 'error' | 'warning' | 'never';
export type BomFormat = 'native' | 'cyclonedx' | 'spdx' | 'modelcard';

/** 1-based line and column in a file whose path is POSIX and relative to the repository root. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface Subject {
  kind: 'model' | 'host' | 'bom';
  id: string;
}

/** A finding as a stage produces it, before `decide` adds fingerprint and waiver. */
export interface RawFinding {
  rule: string;
  severity: Severity;
  message: string;
  subject: Subject;
  /** JSON Pointer into the (normalized) AIBOM document; "" for the whole file. */
  path: string;
  location: Location;
  evidence: Record<string, unknown>;
  remediation?: string;
  /**
   * What distinguishes this finding from others of the same rule and subject (e.g. the
   * base model that carries the origin). Part of the fingerprint; not printed in the report.
   */
  key?: string;
}

export interface AppliedWaiver {
  reason: string;
  approver: string;
  expires: string;
}

/** A finding as the report contract prints it. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  subject: Subject;
  path: string;
  location: Location;
  evidence: Record<string, unknown>;
  fingerprint: string;
  remediation: string;
  waiver: AppliedWaiver | null;
}

// ---------------------------------------------------------------------------------------
// Load stage

/** Line and column (1-based) of a node, keyed by its JSON Pointer. */
export type PositionMap = Map<string, { line: number; column: number }>;

export interface LoadedFile {
  file: string;
  sha256: string;
  syntax: 'yaml' | 'json';
  /** Plain data (objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  positions: PositionMap;
  /** The file's text, for front matter and format detection. */
  text: string;
}

// ---------------------------------------------------------------------------------------
// Native AIBOM format v1 (design contract). Every format normalizes into this shape.

export type Relation =
  | 'finetune'
  | 'continued-pretraining'
  | 'rl'
  | 'adapter'
  | 'merge'
  | 'quantized'
  | 'pruned'
  | 'distilled';

export type HijackingRating = 'low' | 'medium' | 'high' | 'critical' | 'unrated';

export interface RatingDecl {
  rating: HijackingRating;
  source?: string;
  evaluated?: string;
  basis?: 'absolute' | 'relative';
}

export interface DerivationDecl {
  model: string;
  relation: Relation | Relation[];
  /**
   * False when the source (e.g. a CycloneDX pedigree ancestor) did not say how the model
   * was derived: `relation` then holds the conservative weight-derived default `finetune`.
   */
  relationStated?: boolean;
}

export interface ModelDecl {
  name?: string;
  version?: string;
  publisher?: string;
  source?: string;
  revision?: string;
  digest?: string;
  snapshot?: string;
  license?: string;
  derivedFrom?: DerivationDecl[];
  risk?: { hijacking?: RatingDecl };
  use?: { agentic?: boolean; tools?: boolean | string[]; dataClasses?: string[] };
  // Facts that foreign formats (CycloneDX, SPDX, model cards) carry; see docs/formats.md.
  /** Distributor or reseller the model comes through (CycloneDX supplier, SPDX suppliedBy): a provider, never the origin. */
  provider?: string;
  /** Country (ISO 3166-1 alpha-2) the source declares for the publisher (CycloneDX manufacturer address, aibom-guard:origin). */
  origin?: string;
  /** A name that suggests the publisher without declaring it (CycloneDX group). */
  publisherHint?: string;
  /** Variants of this model (CycloneDX pedigree.variants, SPDX hasVariant): relationship unknown, not lineage. */
  variants?: string[];
  /** Models this one uses (CycloneDX dependencies, SPDX dependsOn): use, not derivation. */
  dependsOn?: string[];
  /** Where the model was found (CycloneDX evidence.occurrences). */
  evidence?: { occurrences?: ModelOccurrence[] };
  /** EU AI Act risk tier (SPDX ai_safetyRiskAssessment); not a hijacking rating. */
  safetyRiskAssessment?: 'serious' | 'high' | 'medium' | 'low';
  /** Whether a human is in the loop of the model's decisions (SPDX ai_autonomyType). */
  autonomyType?: 'yes' | 'no' | 'noAssertion';
  /** Standard properties of the source kept verbatim (CycloneDX cdx:ai-ml:*). */
  properties?: Record<string, string>;
}

export interface ModelOccurrence {
  location: string;
  line?: number;
  offset?: number;
  symbol?: string;
  additionalContext?: string;
}

export interface HostRegion {
  country: string;
  subdivision?: string;
}

export interface HostDecl {
  provider?: string;
  kind: 'api' | 'managed' | 'self-hosted';
  country?: string;
  regions?: HostRegion[];
  endpoint?: string;
  serves?: string[];
}

export interface OrganizationDecl {
  name: string;
  country?: string;
  parent?: string;
}

export interface SystemDecl {
  name: string;
  owner?: string;
  commercial?: boolean;
  scale?: { mau?: number; monthlyRevenueUSD?: number };
}

export interface NativeAibom {
  aibom: 1;
  system?: SystemDecl;
  organizations?: Record<string, OrganizationDecl>;
  models?: Record<string, ModelDecl>;
  hosts?: Record<string, HostDecl>;
}

/** One AIBOM file after `normalize`: native-shaped, with a way back to source positions. */
export interface NormalizedBom {
  file: string;
  format: BomFormat;
  sha256: string;
  aibom: NativeAibom;
  /** Position in the source file of the node at `pointer` in `aibom` (nearest ancestor if absent). */
  locate(pointer: string): Location;
}

// ---------------------------------------------------------------------------------------
// Catalog (policies/data/catalog.json, schemas/catalog.schema.json)

export interface Sourced {
  source: string;
  asOf: string;
  confidence?: 'verified' | 'unverified';
  note?: string;
}

export interface CatalogOrganization extends Sourced {
  id: string;
  name: string;
  legalNames?: string[];
  aliases?: string[];
  /** ISO 3166-1 alpha-2, or "unknown". */
  country: string;
  parent?: string;
  hfOrgs?: string[];
  apiDomains?: string[];
}

export interface CatalogModel extends Sourced {
  /** External id: hf:<org>/<repo> or api:<provider>/<model>. */
  id: string;
  name: string;
  publisher: string;
  /** SPDX expression or "unknown". */
  license: string;
  aliases?: string[];
  bases?: { model: string; relation: Relation[] }[];
}

export interface CatalogRating extends Sourced {
  model: string;
  rating: HijackingRating;
  basis: 'absolute' | 'relative';
  reference?: string;
}

export interface CatalogList extends Sourced {
  id: string;
  name: string;
  kind: 'jurisdictions' | 'parties';
  countries?: string[];
  /** ISO 3166-2 subdivisions. */
  regions?: string[];
  organizations?: string[];
  /** Per-party provenance, when parties of one list come from different sources or are unverified. */
  parties?: CatalogParty[];
}

/** One party of a `parties` list, with the source that listed it. */
export interface CatalogParty extends Sourced {
  organization: string;
}

export interface Catalog {
  version: 1;
  asOf: string;
  organizations: CatalogOrganization[];
  models: CatalogModel[];
  hijackingRatings: CatalogRating[];
  lists: CatalogList[];
  /** License terms by license id (optional: team --data files and older catalogs may omit it). */
  licenses?: CatalogLicense[];
}

/** What a license says about commercial use. */
export type CommercialUse = 'allowed' | 'non-commercial' | 'unknown';

/** One obligation of a license (display, attribution, naming, license-required, territory). */
export interface LicenseObligation {
  kind: 'display' | 'attribution' | 'naming' | 'license-required' | 'territory';
  /** What the product must do, in the license's terms. */
  text: string;
  /** The words required: the name to display, the attribution, or the prefix of derivative names. */
  term?: string;
  /** The obligation applies above any of these figures (absent: at any scale). */
  threshold?: { mau?: number; monthlyRevenueUSD?: number; annualRevenueUSD?: number };
  /** Also binds models derived from the licensed model by weight-derived relations. */
  coversDerivatives: boolean;
  /** Also binds models trained on the licensed model's outputs (distilled). */
  coversOutputsTraining?: boolean;
  /** territory: ISO 3166-1 alpha-2 countries outside the licensed territory. */
  excludedCountries?: string[];
  confidence?: 'verified' | 'unverified';
  note?: string;
}

export interface CatalogLicense extends Sourced {
  id: string;
  name: string;
  /** SPDX license id, or LicenseRef-* for a license outside the SPDX list. */
  spdx: string;
  commercialUse: CommercialUse;
  obligations: LicenseObligation[];
}

// ---------------------------------------------------------------------------------------
// Configuration, resolved (defaults merged). Policies read it as data.config.

export interface RuleConfig {
  severity?: Severity | 'off';
  params?: Record<string, unknown>;
}

export interface WaiverDecl {
  rule: string;
  subject: string;
  evidence?: Record<string, unknown>;
  reason: string;
  approver: string;
  expires: string;
  /** Where the waiver is written (config file), for governance findings. */
  location?: Location;
}

export interface ResolvedConfig {
  file: string | null;
  sha256: string | null;
  profile: Profile;
  failOn: FailOn | null;
  /** Parameters per rule id, defaults merged with the config file. */
  rules: Record<string, RuleConfig>;
  waivers: WaiverDecl[];
}

// ---------------------------------------------------------------------------------------
// Evaluation context and report

export interface EvaluationContext {
  now: string;
  profile: Profile;
  failOn: FailOn;
  event: string | null;
  changedFiles: string[];
  source: { repository?: string; commit?: string; baseCommit?: string; event?: string };
}

export type Verdict = 'pass' | 'fail' | 'error';

export interface Report {
  tool: { name: string; version: string };
  verdict: Verdict;
  profile: Profile;
  failOn: FailOn;
  evaluatedAt: string;
  source: Record<string, string>;
  inputs: { file: string; format: BomFormat; sha256: string }[];
  config: { file: string; sha256: string; ref?: string } | null;
  policies: { name: string; sha256: string; rules: { id: string; title: string }[] }[];
  data: { sha256: string; asOf: string };
  counts: { error: number; warning: number; info: number; waived: number };
  findings: Finding[];
  error?: { code: string; message: string };
}

// ---------------------------------------------------------------------------------------
// The policy input document, version 1 (design contract; schemas/input.schema.json).
// TypeScript computes everything structural or time-based; policies only decide.

/** How a publisher or provider name was matched to an organization. */
export type MatchedBy =
  | 'local' // the file's own organizations map
  | 'catalog-id'
  | 'catalog-alias'
  | 'hf-org' // the Hugging Face org of the model's source
  | 'api-domain' // the domain of an API endpoint or api: provider
  | 'catalog-model' // the model itself is in the catalog, which names its publisher
  | 'declared' // unknown to the catalog; the country is the one the file declares (ModelDecl.origin)
  | 'unknown';

export interface ResolvedOrganization {
  /** Catalog id or local organizations key; null when unresolved. */
  id: string | null;
  name: string;
  /** ISO 3166-1 alpha-2 or "unknown". */
  country: string;
  matchedBy: MatchedBy;
  /** What the AIBOM said, verbatim, if anything. */
  declared: string | null;
  /** The ultimate parent organization (itself when it has none). */
  ultimateParent: { id: string | null; name: string; country: string };
}

export interface ResolvedRating {
  rating: HijackingRating;
  source: string | null;
  evaluated: string | null;
  basis: 'absolute' | 'relative' | null;
  /** declared | catalog | inherited | none */
  provenance: 'declared' | 'catalog' | 'inherited' | 'none';
  /** For inherited ratings, the ancestor ref the rating came from. */
  inheritedFrom: string | null;
  /**
   * The model's own rating as its AIBOM declares it, verbatim, whether or not it was used
   * (a declaration without a source is not); null when none. Set on input models only.
   */
  declared?: DeclaredRating | null;
}

/** A hijacking rating as written in the AIBOM (risk.hijacking). */
export interface DeclaredRating {
  rating: HijackingRating;
  source: string | null;
  evaluated: string | null;
  basis: 'absolute' | 'relative' | null;
  /** Pointer of risk/hijacking in the model's file. */
  path: string;
}

/** One step of a lineage chain, as the report's evidence shows it. */
export interface LineageStep {
  model: string;
  relation?: Relation[];
  /** True when this edge comes from the catalog's `bases`, not from the AIBOM. */
  fromCatalog?: boolean;
  /** False (and only then present) when the file did not state the relation: `relation` is the assumed `finetune`. */
  relationStated?: false;
}

/**
 * A fact on which the AIBOM and the catalog disagree. The more restrictive value (for
 * countries and licenses: the catalog's) is `used`; the policies report the disagreement.
 */
export interface Disagreement {
  field: 'hijacking.rating' | 'publisher.country' | 'provider.country' | 'license';
  declared: string;
  catalog: string;
  used: string;
  /** Pointer of the declaration in the AIBOM. */
  path: string;
}

export interface InputAncestor {
  /** Local id (same file) or external id. */
  ref: string;
  name: string;
  depth: number;
  /** The chain from the model to this ancestor; the first step is the model itself. */
  chain: LineageStep[];
  /** Every relation along the chain. */
  relations: Relation[];
  /** True when every edge of the chain carries weights (any relation but distilled alone). */
  weightDerived: boolean;
  /** Pointer of the first derivedFrom entry of the chain, in the model's file. */
  path: string;
  publisher: ResolvedOrganization;
  origin: { country: string; organization: string };
}

export interface InputModel {
  /** "<file>#<id>": unique across files. */
  key: string;
  id: string;
  file: string;
  path: string;
  name: string;
  version: string | null;
  /** Normalized external id of `source`, or null. */
  ref: string | null;
  source: string | null;
  publisher: ResolvedOrganization;
  origin: { country: string; organization: string };
  /**
   * The distributor or reseller the model comes through (ModelDecl.provider), resolved like
   * a host's provider; null when none is declared (always present from resolve).
   */
  provider?: ResolvedOrganization | null;
  pins: { revision: string | null; digest: string | null; snapshot: string | null };
  license: { declared: string | null; catalog: string | null };
  hijacking: ResolvedRating;
  use: { agentic: boolean; tools: boolean; toolNames: string[]; dataClasses: string[] };
  ancestors: InputAncestor[];
  /** Derivation edges declared in the AIBOM, with their pointers. */
  derivedFrom: { ref: string; relation: Relation[]; path: string; external: boolean }[];
  /** Catalog entry of this model, when it is itself a catalog model. */
  catalogId: string | null;
  /** Declared facts that disagree with the catalog (always present from resolve; optional for compatibility). */
  disagreements?: Disagreement[];
  /** Licenses parsed and matched to the catalog's terms (src/lineage/license.ts; always present from resolve). */
  licenses?: InputLicenses;
}

/** A license expression, parsed (spdx-expression-parse) and matched to the catalog's licenses. */
export interface ParsedLicense {
  /** The expression as written, trimmed. */
  expression: string;
  /** True when it is a valid SPDX expression (LicenseRef-* included). */
  valid: boolean;
  /** Why it is not valid; null when it is. */
  error: string | null;
  /** License ids and LicenseRefs it names, distinct, in order ("+" kept, WITH exceptions left out). */
  ids: string[];
  /** Disjunctive normal form: the licensee complies with every id of one choice. */
  choices: string[][];
  /** non-commercial when every choice names a non-commercial license; allowed when one choice is all allowed. */
  commercialUse: CommercialUse;
  /** Ids that restrict use to non-commercial purposes (catalog, or the CC-BY-NC-* and PolyForm-Noncommercial-* SPDX families). */
  nonCommercialIds: string[];
  /** Catalog licenses for its ids. */
  known: LicenseInfo[];
}

export interface LicenseInfo {
  id: string;
  name: string;
  spdx: string;
  commercialUse: CommercialUse;
  source: string;
  asOf: string;
  confidence: 'verified' | 'unverified' | null;
}

/**
 * One of a model's own licenses: the declared one or the catalog's. The parsed expression is
 * in PolicyInput.licenseExpressions (once per distinct expression).
 */
export interface OwnLicense {
  origin: 'declared' | 'catalog';
  /** Pointer of the declaration (or of the model's source, for the catalog's). */
  path: string;
  /** The expression, trimmed: its key in PolicyInput.licenseExpressions. */
  expression: string;
}

/**
 * The valid licenses of one ancestor, by origin (each an expression, trimmed: its key in
 * PolicyInput.licenseExpressions); {} when it has none. InputLicenses.ancestors is
 * index-aligned with InputModel.ancestors, which holds the chain that leads to it.
 */
export interface AncestorLicense {
  declared?: string;
  catalog?: string;
}

/**
 * An obligation of a catalog license that binds the model, and how. The license and the
 * obligation's terms are the catalog's (data.catalog.licenses), named by id and index.
 */
export interface AppliedObligation {
  /** Catalog id of the license (CatalogLicense.id). */
  license: string;
  /** Position of the obligation in the catalog license's list. */
  index: number;
  /** own: the model's license; derivative: a weight-derived ancestor's; outputs-training: a distilled-from ancestor's. */
  via: 'own' | 'derivative' | 'outputs-training';
  /** Where it comes from: index in InputModel.licenses.own (via own), else in InputModel.ancestors. */
  from: number;
}

export interface InputLicenses {
  /** The model's own licenses: declared and catalog (one entry when equal); empty when neither is known. */
  own: OwnLicense[];
  /** Valid licenses of each ancestor: ancestors[i] are those of InputModel.ancestors[i]. */
  ancestors: AncestorLicense[];
  /** Obligations that bind the model, once per license obligation (the nearest source wins). */
  obligations: AppliedObligation[];
}

export interface InputHost {
  key: string;
  id: string;
  file: string;
  path: string;
  kind: 'api' | 'managed' | 'self-hosted';
  provider: ResolvedOrganization | null;
  regions: { country: string; subdivision: string | null; path: string }[];
  endpoint: string | null;
  endpointDomain: string | null;
  /** The catalog organization whose API domain the endpoint is on, or null (always present from resolve). */
  endpointOrganization?: ResolvedOrganization | null;
  serves: { ref: string; modelKey: string | null; path: string }[];
  /** Declared provider facts that disagree with the catalog (always present from resolve). */
  disagreements?: Disagreement[];
}

export interface PolicyInput {
  version: 1;
  context: {
    now: string;
    profile: Profile;
    event: string | null;
    changedFiles: string[];
    /**
     * Whole days from the catalog's asOf to `now` (negative if the catalog is newer);
     * null when either is not a date. Computed here because WASM policies have no clock.
     */
    catalogAgeDays?: number | null;
  };
  boms: { file: string; format: BomFormat; system: SystemDecl | null }[];
  models: InputModel[];
  hosts: InputHost[];
  /**
   * Every license expression the models' `licenses` name, parsed once, by the trimmed
   * expression (src/lineage/license.ts; always present from resolve).
   */
  licenseExpressions?: Record<string, ParsedLicense>;
}

/** What a policy returns for each finding (the entrypoint aibom/findings yields a list). */
export interface PolicyFinding {
  rule: string;
  severity: Severity;
  message: string;
  subject: Subject;
  file: string;
  path: string;
  evidence?: Record<string, unknown>;
  remediation?: string;
  key?: string;
}
