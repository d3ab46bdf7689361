// CycloneDX 1.5, 1.6 and 1.7 JSON → the native AIBOM model.
//
// The file is first validated against the official CycloneDX JSON schema that the
// @cyclonedx/cyclonedx-library package ships. Those schemas do not compile under ajv's
// strict mode (meta:enum, iri-reference), so they get their own non-strict ajv instance;
// our own schemas keep strict mode. Then the BOM is mapped, keeping meaning exact (see
// docs/formats.md): machine-learning-model components are models, pedigree.ancestors is
// lineage, services are hosts of the models that depend on them, and the `aibom-guard:*`
// properties (properties.ts) carry what CycloneDX has no field for.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';
import bom15Schema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.5.SNAPSHOT.schema.json' with { type: 'json' };
import bom16Schema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.6.SNAPSHOT.schema.json' with { type: 'json' };
import bom17Schema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.7.SNAPSHOT.schema.json' with { type: 'json' };
import spdxIdsSchema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/spdx.SNAPSHOT.schema.json' with { type: 'json' };
import jsfSchema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/jsf-0.82.SNAPSHOT.schema.json' with { type: 'json' };
import cryptoDefsSchema from '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/cryptography-defs.SNAPSHOT.schema.json' with { type: 'json' };
import type {
  DerivationDecl,
  HijackingRating,
  HostDecl,
  HostRegion,
  LoadedFile,
  ModelDecl,
  ModelOccurrence,
  NormalizedBom,
  OrganizationDecl,
  RawFinding,
  Relation,
  SystemDecl,
} from '../../types.js';
import { childPointer, displayPath, escapeToken } from '../pointer.js';
import { LOCAL_ID, parseModelRef } from '../refs.js';
import {
  NativeBuilder,
  READER_LIMITS,
  allOf,
  asArray,
  asString,
  countryCode,
  isObject,
  licenseFromName,
  parseRelations,
  positionOf,
} from '../../convert/to-native.js';
import { CDX_AI_ML_PREFIX, CDX_TUNE_METHODS, PROP, PropertyBag } from './properties.js';

export const CYCLONEDX_VERSIONS = ['1.5', '1.6', '1.7'] as const;
export type CycloneDxVersion = (typeof CYCLONEDX_VERSIONS)[number];

/** Most schema problems reported for one file; the last one says how many more there were. */
export const MAX_SCHEMA_FINDINGS = 20;

// ---------------------------------------------------------------------------------------
// Detection and validation

/** A CycloneDX JSON BOM: it says so in bomFormat, or its $schema is a CycloneDX BOM schema. */
export function isCycloneDx(value: unknown): boolean {
  if (!isObject(value)) return false;
  if ('aibom' in value) return false;
  if (typeof value.bomFormat === 'string') return true;
  return typeof value.$schema === 'string' && /cyclonedx\.org\/schema\/bom-/i.test(value.$schema);
}

const SCHEMAS: Record<CycloneDxVersion, object> = { '1.5': bom15Schema, '1.6': bom16Schema, '1.7': bom17Schema };
let cdxAjv: Ajv | undefined;
const validators = new Map<CycloneDxVersion, ValidateFunction>();

/** The official schema of one CycloneDX version, compiled once (non-strict, every error). */
export function cycloneDxValidator(version: CycloneDxVersion): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  if (!cdxAjv) {
    // The schemas refer to these by their SNAPSHOT ids; remote loading stays off.
    cdxAjv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      schemas: {
        'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': spdxIdsSchema,
        'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': jsfSchema,
        'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': cryptoDefsSchema,
      },
    });
    addFormatsModule.default(cdxAjv);
    addDraft2019Formats(cdxAjv, { formats: ['idn-email'] });
    // Not checked by the official tooling either (ajv has no IRI parser).
    cdxAjv.addFormat('iri-reference', true);
    cdxAjv.addKeyword({ keyword: LINEAR_UNIQUE_ITEMS, type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItemsLinear });
  }
  const validate = cdxAjv.compile(withLinearUniqueItems(SCHEMAS[version]) as object);
  validators.set(version, validate);
  return validate;
}

/**
 * ajv checks `uniqueItems` on arrays of objects by comparing every pair: 20,000 components
 * take seconds, a 10 MB file minutes. The official schemas put it on components,
 * services, dependencies and more, so it is replaced by the same check in linear time
 * (items compared by their canonical JSON).
 */
const LINEAR_UNIQUE_ITEMS = 'x-aibom-guard-unique-items';

function withLinearUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withLinearUniqueItems);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Only where it is a keyword (a boolean), not a property of that name.
    if (key === 'uniqueItems' && typeof value === 'boolean') {
      if (value) out[LINEAR_UNIQUE_ITEMS] = true;
    } else out[key] = withLinearUniqueItems(value);
  }
  return out;
}

function uniqueItemsLinear(this: unknown, enabled: boolean, data: unknown[]): boolean {
  if (!enabled) return true;
  const seen = new Map<string, number>();
  for (let j = 0; j < data.length; j++) {
    const key = stableJson(data[j]);
    const i = seen.get(key);
    if (i !== undefined) {
      (uniqueItemsLinear as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${i} and ${j} are identical)`, params: { i, j } },
      ];
      return false;
    }
    seen.set(key, j);
  }
  return true;
}

/** JSON with object keys sorted, so equal values give equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The spec version a file claims, from specVersion or else from its $schema. */
function claimedVersion(value: Record<string, unknown>): string | undefined {
  if (typeof value.specVersion === 'string') return value.specVersion;
  const fromSchema = typeof value.$schema === 'string' ? /bom-(\d+\.\d+)\.schema/.exec(value.$schema)?.[1] : undefined;
  return fromSchema;
}

/** bom/schema findings for a CycloneDX document, at most MAX_SCHEMA_FINDINGS, in file order. */
export function cycloneDxSchemaFindings(loaded: LoadedFile, version: CycloneDxVersion): RawFinding[] {
  const validate = cycloneDxValidator(version);
  if (validate(loaded.value)) return [];
  return schemaErrorsToFindings(validate.errors ?? [], loaded, `CycloneDX ${version} schema`, MAX_SCHEMA_FINDINGS);
}

/**
 * ajv errors as findings. Alternatives (anyOf/oneOf) report every branch's failure; the
 * combinator error itself is kept only where no more precise error lies beneath it.
 */
export function schemaErrorsToFindings(errors: ErrorObject[], loaded: LoadedFile, schemaName: string, max: number): RawFinding[] {
  const combinators = new Set(['anyOf', 'oneOf', 'if', 'not']);
  const precise = errors.filter((e) => !combinators.has(e.keyword));
  const kept = errors.filter((e) => !combinators.has(e.keyword) || !precise.some((p) => p.instancePath.startsWith(e.instancePath)));
  const seen = new Set<string>();
  const located: { finding: RawFinding; line: number; column: number }[] = [];
  for (const error of kept) {
    const finding = schemaErrorFinding(error, loaded, schemaName);
    const key = `${finding.path}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    located.push({ finding, line: finding.location.line, column: finding.location.column });
  }
  located.sort((a, b) => a.line - b.line || a.column - b.column || (a.finding.message < b.finding.message ? -1 : 1));
  const findings = located.map((l) => l.finding);
  if (findings.length <= max) return findings;
  const shown = findings.slice(0, max);
  const last = shown[max - 1]!;
  const omitted = findings.length - max;
  shown[max - 1] = { ...last, message: `${last.message} (and ${omitted} more schema problems not shown)`, evidence: { ...last.evidence, omitted } };
  return shown;
}

function schemaErrorFinding(error: ErrorObject, loaded: LoadedFile, schemaName: string): RawFinding {
  let pointer = error.instancePath;
  let located = positionOf(loaded, pointer);
  const where = displayPath(pointer);
  let message: string;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      pointer = childPointer(pointer, property);
      const keyPos = loaded.positions.get(`${pointer}#key`);
      if (keyPos) located = { file: loaded.file, line: keyPos.line, column: keyPos.column };
      message = `${where}: property "${property}" is not allowed here`;
      break;
    }
    case 'required':
      message = `${where}: required property "${String(params.missingProperty)}" is missing`;
      break;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      const list = allowed.slice(0, 12).map((v) => JSON.stringify(v)).join(', ');
      message = `${where} must be one of ${list}${allowed.length > 12 ? ', …' : ''}`;
      break;
    }
    case 'const':
      message = `${where} must be ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'uniqueItems': {
      const later = Number(params.j);
      pointer = childPointer(pointer, later);
      located = positionOf(loaded, pointer);
      message = `${where}: items ${String(params.i)} and ${later} are identical; each item must be unique`;
      break;
    }
    default:
      message = `${where} ${error.message ?? 'is invalid'}`;
  }
  return {
    rule: 'bom/schema',
    severity: 'error',
    message: `${schemaName}: ${message}`,
    subject: { kind: 'bom', id: loaded.file },
    path: '',
    location: located,
    evidence: { schema: schemaName, keyword: error.keyword, sourcePath: pointer, ...(Object.keys(params).length ? { params } : {}) },
    remediation: 'Fix the BOM so that it validates against the official CycloneDX JSON schema of its specVersion (the generator may need an update).',
  };
}

// ---------------------------------------------------------------------------------------
// The adapter

export const cyclonedxAdapter = {
  format: 'cyclonedx' as const,
  detect(loaded: LoadedFile): boolean {
    return isCycloneDx(loaded.value);
  },
  normalize(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
    return normalizeCycloneDx(loaded);
  },
};

export function normalizeCycloneDx(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
  const value = loaded.value;
  const bomFinding = (rule: string, message: string, evidence: Record<string, unknown>, remediation: string): RawFinding => ({
    rule,
    severity: 'error',
    message,
    subject: { kind: 'bom', id: loaded.file },
    path: '',
    location: positionOf(loaded, ''),
    evidence,
    remediation,
  });
  if (!isObject(value)) {
    return {
      bom: null,
      findings: [bomFinding('bom/schema', 'a CycloneDX BOM is a JSON object', { reason: 'not-an-object' }, 'Give a CycloneDX JSON BOM (an object with bomFormat "CycloneDX").')],
    };
  }
  const claimed = claimedVersion(value);
  const version = (CYCLONEDX_VERSIONS as readonly string[]).includes(claimed ?? '') ? (claimed as CycloneDxVersion) : claimed === undefined ? '1.6' : undefined;
  if (version === undefined) {
    const pointer = typeof value.specVersion === 'string' ? '/specVersion' : '/$schema';
    return {
      bom: null,
      findings: [
        {
          ...bomFinding(
            'bom/unsupported-version',
            `CycloneDX ${String(claimed)} is not supported: AIBOMs are read from CycloneDX 1.5, 1.6 and 1.7 (machine-learning-model components exist since 1.5)`,
            { specVersion: claimed, supported: [...CYCLONEDX_VERSIONS] },
            'Generate the BOM as CycloneDX 1.6 (or 1.5, 1.7) JSON.',
          ),
          location: positionOf(loaded, pointer),
        },
      ],
    };
  }
  const schemaFindings = cycloneDxSchemaFindings(loaded, version);
  // A BOM that breaks its schema cannot be judged: report why, and map nothing.
  if (schemaFindings.length > 0) return { bom: null, findings: schemaFindings };

  const reader = new CycloneDxReader(loaded, value);
  reader.read();
  return { bom: reader.builder.result(), findings: reader.builder.allFindings() };
}

// ---------------------------------------------------------------------------------------
// Mapping

type Json = Record<string, unknown>;

interface ModelSite {
  component: Json;
  pointer: string;
  id: string;
  props: PropertyBag;
}

export const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_KINDS = ['api', 'managed', 'self-hosted'] as const;
const RATINGS: readonly HijackingRating[] = ['low', 'medium', 'high', 'critical', 'unrated'];
const RISK_TIERS = ['serious', 'high', 'medium', 'low'] as const;
const AUTONOMY = ['yes', 'no', 'noAssertion'] as const;

class CycloneDxReader {
  readonly builder: NativeBuilder;
  /** bom-ref → local model id, for components read as models (top level and synthesized ancestors). */
  private readonly modelByRef = new Map<string, string>();
  /** Normalized external id → local model id that declares it as source. */
  private readonly modelBySource = new Map<string, string>();
  /** bom-ref → host ids (one service may become several hosts, one per endpoint). */
  private readonly hostsByRef = new Map<string, string[]>();
  private readonly modelSites: ModelSite[] = [];
  private readonly hostsWithOwnServes = new Set<string>();

  constructor(
    loaded: LoadedFile,
    private readonly bom: Json,
  ) {
    this.builder = new NativeBuilder(loaded, 'cyclonedx');
  }

  read(): void {
    this.readOrganizations();
    this.readSystem();
    const components = this.collectModelComponents();
    if (components.length === 0) {
      this.builder.finding(
        'bom/no-ai-content',
        'this CycloneDX BOM describes no AI models (no component of type machine-learning-model or with a pkg:huggingface purl), so there is nothing to check',
        '',
        { format: 'cyclonedx' },
        'error',
        'Check the ML-BOM that lists your models (generators such as cdxgen, the OWASP AIBOM generator or `aibom-guard convert` write machine-learning-model components), or remove this file from the check.',
      );
      return;
    }
    this.assignModelIds(components);
    for (const site of this.modelSites) this.readModel(site);
    this.readServices();
    this.readDependencies();
  }

  // ----- metadata

  private readOrganizations(): void {
    const metadata = this.bom.metadata;
    if (!isObject(metadata)) return;
    asArray(metadata.properties).forEach((p, index) => {
      if (!isObject(p) || p.name !== PROP.organization) return;
      const pointer = `/metadata/properties/${index}/value`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(p.value ?? ''));
      } catch {
        parsed = undefined;
      }
      const id = isObject(parsed) ? asString(parsed.id) : undefined;
      const name = isObject(parsed) ? asString(parsed.name) : undefined;
      if (!isObject(parsed) || id === undefined || !LOCAL_ID.test(id) || name === undefined) {
        this.builder.finding('bom/schema', `property ${PROP.organization} must be JSON {"id": <local id>, "name": …, "country"?: …, "parent"?: …}`, pointer, { property: PROP.organization });
        return;
      }
      if (!this.builder.claimExact('organizations', id)) {
        this.builder.finding('bom/schema', `organization "${id}" is declared twice in ${PROP.organization} properties`, pointer, { organization: id });
        return;
      }
      const org: OrganizationDecl = { name };
      if (parsed.country !== undefined) {
        const country = countryCode(parsed.country);
        if (country === undefined) this.builder.finding('bom/schema', `organization "${id}": country ${JSON.stringify(parsed.country)} is not an ISO 3166-1 country`, pointer, { organization: id });
        else org.country = country;
      }
      const parent = asString(parsed.parent);
      if (parent !== undefined) org.parent = parent;
      const organizations = (this.builder.doc.organizations ??= {});
      organizations[id] = org;
      this.builder.from(`/organizations/${escapeToken(id)}`, pointer);
    });
  }

  private readSystem(): void {
    const metadata = this.bom.metadata;
    if (!isObject(metadata) || !isObject(metadata.component)) return;
    const component = metadata.component;
    const name = asString(component.name);
    if (name === undefined) return;
    const props = new PropertyBag(component.properties);
    const system: SystemDecl = { name };
    this.builder.from('/system', '/metadata/component');
    this.builder.from('/system/name', '/metadata/component/name');
    const owner = props.get(PROP.systemOwner);
    if (owner) system.owner = owner;
    const commercial = props.get(PROP.systemCommercial);
    if (commercial !== undefined) {
      const b = this.readBoolean(commercial, PROP.systemCommercial, `/metadata/component/properties/${props.indexOf(PROP.systemCommercial)}`);
      if (b !== undefined) system.commercial = b;
    }
    const mau = props.get(PROP.systemMau);
    const revenue = props.get(PROP.systemMonthlyRevenueUSD);
    if (mau !== undefined || revenue !== undefined) {
      const scale: NonNullable<SystemDecl['scale']> = {};
      if (mau !== undefined) {
        const n = Number(mau);
        if (Number.isInteger(n) && n >= 0) scale.mau = n;
        else this.builder.finding('bom/schema', `property ${PROP.systemMau} must be a whole number, not ${JSON.stringify(mau)}`, `/metadata/component/properties/${props.indexOf(PROP.systemMau)}`);
      }
      if (revenue !== undefined) {
        const n = Number(revenue);
        if (Number.isFinite(n) && n >= 0 && revenue.trim() !== '') scale.monthlyRevenueUSD = n;
        else this.builder.finding('bom/schema', `property ${PROP.systemMonthlyRevenueUSD} must be a number, not ${JSON.stringify(revenue)}`, `/metadata/component/properties/${props.indexOf(PROP.systemMonthlyRevenueUSD)}`);
      }
      system.scale = scale;
    }
    this.builder.doc.system = system;
  }

  // ----- models

  /** Model components: metadata.component and components at any depth (not pedigree). */
  private collectModelComponents(): { component: Json; pointer: string }[] {
    const found: { component: Json; pointer: string }[] = [];
    const seenRefs = new Set<string>();
    const consider = (component: unknown, pointer: string) => {
      if (!isObject(component) || !isModelComponent(component)) return;
      const ref = asString(component['bom-ref']);
      // metadata.component may repeat a component of the list (same bom-ref): read it once.
      if (ref !== undefined) {
        if (seenRefs.has(ref)) return;
        seenRefs.add(ref);
      }
      found.push({ component, pointer });
    };
    if (isObject(this.bom.metadata)) consider(this.bom.metadata.component, '/metadata/component');
    // Iterative walk: nested `components` may go as deep as the loader allows.
    const stack: { list: unknown; pointer: string }[] = [{ list: this.bom.components, pointer: '/components' }];
    while (stack.length > 0) {
      const { list, pointer } = stack.pop()!;
      const items = asArray(list);
      const nested: { list: unknown; pointer: string }[] = [];
      items.forEach((item, index) => {
        const itemPointer = `${pointer}/${index}`;
        consider(item, itemPointer);
        if (isObject(item) && Array.isArray(item.components)) nested.push({ list: item.components, pointer: `${itemPointer}/components` });
      });
      stack.push(...nested.reverse());
    }
    return found;
  }

  private assignModelIds(components: { component: Json; pointer: string }[]): void {
    if (components.length > READER_LIMITS.maxEntries) {
      this.builder.finding('bom/schema', `${components.length} models is more than the ${READER_LIMITS.maxEntries} one AIBOM may hold`, '/components', { models: components.length });
      components = components.slice(0, READER_LIMITS.maxEntries);
    }
    // Explicit ids first (our property, then a usable bom-ref), so derived ids never take them.
    const ids = new Map<Json, string>();
    for (const { component, pointer } of components) {
      const props = new PropertyBag(component.properties);
      const own = props.get(PROP.id);
      if (own !== undefined) {
        if (!LOCAL_ID.test(own)) {
          this.builder.finding('bom/schema', `property ${PROP.id} must be a local id (lower-case letters, digits, ".", "_", "-"), not ${JSON.stringify(own)}`, `${pointer}/properties/${props.indexOf(PROP.id)}`);
        } else if (this.builder.claimExact('models', own)) {
          ids.set(component, own);
          continue;
        } else {
          this.builder.finding('bom/schema', `two components claim the model id "${own}"`, `${pointer}/properties/${props.indexOf(PROP.id)}`, { id: own });
        }
      }
      const ref = asString(component['bom-ref']);
      if (ref !== undefined && LOCAL_ID.test(ref) && !UUID.test(ref) && this.builder.claimExact('models', ref)) ids.set(component, ref);
    }
    for (const { component, pointer } of components) {
      let id = ids.get(component);
      if (id === undefined) {
        const name = asString(component.name);
        const version = asString(component.version);
        id = this.builder.allocateId('models', [name, name && version ? `${name}-${version}` : undefined], 'model');
      }
      const ref = asString(component['bom-ref']);
      if (ref !== undefined) this.modelByRef.set(ref, id);
      this.modelSites.push({ component, pointer, id, props: new PropertyBag(component.properties) });
    }
    // Sources of top-level models, so an ancestor naming the same model refers to it.
    for (const site of this.modelSites) {
      const source = this.sourceOf(site.component, site.props)?.id;
      if (source !== undefined && !this.modelBySource.has(source.toLowerCase())) this.modelBySource.set(source.toLowerCase(), site.id);
    }
  }

  private readModel(site: ModelSite): void {
    const model = this.mapComponent(site.component, site.pointer, site.props, site.id);
    const models = (this.builder.doc.models ??= {});
    // Insertion order follows the file; synthesized ancestors are added as they are found.
    models[site.id] = model;
    this.readPedigree(model, site.component, site.pointer, site.props, site.id, 0);
  }

  /** Lineage (ancestors) and variants of a component; a list present but empty stays empty. */
  private readPedigree(model: ModelDecl, component: Json, pointer: string, props: PropertyBag, id: string, depth: number): void {
    const pedigree = isObject(component.pedigree) ? component.pedigree : undefined;
    if (pedigree === undefined) return;
    const derivedFrom = this.readAncestors(component, pointer, props, id, depth);
    if (derivedFrom.length > 0 || Array.isArray(pedigree.ancestors)) model.derivedFrom = derivedFrom;
    const variants = this.readVariants(component, pointer, id);
    if (variants.length > 0 || Array.isArray(pedigree.variants)) model.variants = variants;
  }

  /** The fields of a model that a component states about itself (not lineage). */
  private mapComponent(component: Json, pointer: string, props: PropertyBag, id: string): ModelDecl {
    const b = this.builder;
    const at = `/models/${escapeToken(id)}`;
    const propPointer = (name: string) => `${pointer}/properties/${props.indexOf(name)}`;
    const model: ModelDecl = {};
    b.from(at, pointer);

    // Name.
    const unnamed = props.get(PROP.unnamed) === 'true';
    const name = asString(component.name);
    if (name !== undefined && !unnamed) {
      model.name = name;
      b.from(`${at}/name`, `${pointer}/name`);
    }
    const version = asString(component.version);
    if (version !== undefined) {
      model.version = version;
      b.from(`${at}/version`, `${pointer}/version`);
    }

    // Publisher: who made the model. supplier may be a distributor, so it is the provider.
    const ownPublisher = props.get(PROP.publisher);
    const manufacturer = isObject(component.manufacturer) ? component.manufacturer : undefined;
    const authors = asArray(component.authors);
    const firstAuthor = authors.findIndex((a) => isObject(a) && asString(a.name) !== undefined);
    let publisherPointer: string | undefined;
    if (ownPublisher) {
      model.publisher = ownPublisher;
      publisherPointer = propPointer(PROP.publisher);
    } else if (manufacturer && asString(manufacturer.name)) {
      model.publisher = asString(manufacturer.name)!;
      publisherPointer = `${pointer}/manufacturer/name`;
    } else if (asString(component.publisher)) {
      model.publisher = asString(component.publisher)!;
      publisherPointer = `${pointer}/publisher`;
    } else if (firstAuthor !== -1) {
      model.publisher = asString((authors[firstAuthor] as Json).name)!;
      publisherPointer = `${pointer}/authors/${firstAuthor}/name`;
    } else if (asString(component.author)) {
      model.publisher = asString(component.author)!;
      publisherPointer = `${pointer}/author`;
    }
    if (publisherPointer) b.from(`${at}/publisher`, publisherPointer);
    const group = asString(component.group);
    if (group !== undefined) {
      model.publisherHint = group;
      b.from(`${at}/publisherHint`, `${pointer}/group`);
    }

    // Origin: our property, else the manufacturer's address (not when our writer named the publisher).
    const ownOrigin = props.get(PROP.origin);
    if (ownOrigin !== undefined) {
      const country = countryCode(ownOrigin);
      if (country === undefined) b.finding('bom/schema', `property ${PROP.origin} must be an ISO 3166-1 country, not ${JSON.stringify(ownOrigin)}`, propPointer(PROP.origin));
      else {
        model.origin = country;
        b.from(`${at}/origin`, propPointer(PROP.origin));
      }
    } else if (!ownPublisher && manufacturer && isObject(manufacturer.address) && manufacturer.address.country !== undefined) {
      const country = countryCode(manufacturer.address.country);
      const countryPointer = `${pointer}/manufacturer/address/country`;
      if (country === undefined) b.finding('bom/schema', `manufacturer country ${JSON.stringify(manufacturer.address.country)} is neither an ISO 3166-1 code nor a country name`, countryPointer);
      else {
        model.origin = country;
        b.from(`${at}/origin`, countryPointer);
      }
    }

    const supplier = isObject(component.supplier) ? asString(component.supplier.name) : undefined;
    if (supplier !== undefined) {
      model.provider = supplier;
      b.from(`${at}/provider`, `${pointer}/supplier/name`);
    }

    // Source and pins.
    const source = this.sourceOf(component, props);
    if (source) {
      model.source = source.text;
      b.from(`${at}/source`, `${pointer}${source.pointer}`);
    }
    const ownRevision = props.get(PROP.revision);
    if (ownRevision !== undefined) {
      model.revision = ownRevision;
      b.from(`${at}/revision`, propPointer(PROP.revision));
    } else if (source?.revision !== undefined && !props.has(PROP.source)) {
      model.revision = source.revision;
      b.from(`${at}/revision`, `${pointer}${source.pointer}`);
    }
    const ownDigest = props.get(PROP.digest);
    if (ownDigest !== undefined) {
      model.digest = ownDigest;
      b.from(`${at}/digest`, propPointer(PROP.digest));
    } else {
      const hashes = asArray(component.hashes);
      const sha256 = hashes.findIndex((h) => isObject(h) && h.alg === 'SHA-256' && typeof h.content === 'string');
      const sha512 = hashes.findIndex((h) => isObject(h) && h.alg === 'SHA-512' && typeof h.content === 'string');
      if (sha256 !== -1) {
        model.digest = `sha256:${String((hashes[sha256] as Json).content).toLowerCase()}`;
        b.from(`${at}/digest`, `${pointer}/hashes/${sha256}`);
      } else if (sha512 !== -1) {
        model.digest = `sha512:${String((hashes[sha512] as Json).content).toLowerCase()}`;
        b.from(`${at}/digest`, `${pointer}/hashes/${sha512}`);
      }
    }
    const snapshot = props.get(PROP.snapshot);
    if (snapshot !== undefined) {
      model.snapshot = snapshot;
      b.from(`${at}/snapshot`, propPointer(PROP.snapshot));
    }

    // License.
    const license = this.licenseOf(component.licenses);
    if (license !== undefined) {
      model.license = license;
      b.from(`${at}/license`, `${pointer}/licenses`);
    }

    // Declared risk and use (our namespace).
    this.readRisk(model, props, at, propPointer);
    this.readUse(model, props, at, propPointer);

    const safety = props.get(PROP.safetyRiskAssessment);
    if (safety !== undefined) {
      if ((RISK_TIERS as readonly string[]).includes(safety)) {
        model.safetyRiskAssessment = safety as ModelDecl['safetyRiskAssessment'];
        b.from(`${at}/safetyRiskAssessment`, propPointer(PROP.safetyRiskAssessment));
      } else b.finding('bom/schema', `property ${PROP.safetyRiskAssessment} must be one of ${RISK_TIERS.join(', ')}, not ${JSON.stringify(safety)}`, propPointer(PROP.safetyRiskAssessment));
    }
    const autonomy = props.get(PROP.autonomyType);
    if (autonomy !== undefined) {
      if ((AUTONOMY as readonly string[]).includes(autonomy)) {
        model.autonomyType = autonomy as ModelDecl['autonomyType'];
        b.from(`${at}/autonomyType`, propPointer(PROP.autonomyType));
      } else b.finding('bom/schema', `property ${PROP.autonomyType} must be one of ${AUTONOMY.join(', ')}, not ${JSON.stringify(autonomy)}`, propPointer(PROP.autonomyType));
    }

    // Where the model was found.
    const occurrences = this.occurrencesOf(component);
    if (occurrences !== undefined) {
      model.evidence = { occurrences };
      b.from(`${at}/evidence`, `${pointer}/evidence`);
    }

    // Official cdx:ai-ml properties, verbatim (on the component and on its model card).
    const modelCardProps = new PropertyBag(isObject(component.modelCard) ? component.modelCard.properties : undefined);
    const aiMl = { ...modelCardProps.withPrefix(CDX_AI_ML_PREFIX), ...props.withPrefix(CDX_AI_ML_PREFIX) };
    if (Object.keys(aiMl).length > 0) {
      model.properties = aiMl;
      b.from(`${at}/properties`, `${pointer}/properties`);
    }

    // Declared uses of other models (our writer; otherwise read from `dependencies`).
    const dependsOn = props.all(PROP.dependsOn);
    if (props.has(PROP.dependsOn)) {
      model.dependsOn = dependsOn.filter((d) => d !== '');
      b.from(`${at}/dependsOn`, propPointer(PROP.dependsOn));
    }
    return model;
  }

  /** Where a component's model comes from: our property, a pkg:huggingface purl, or a Hugging Face URL. */
  private sourceOf(component: Json, props: PropertyBag): { text: string; id: string; revision?: string; pointer: string } | undefined {
    const own = props.get(PROP.source);
    if (own !== undefined) {
      const ref = parseModelRef(own);
      return { text: own, id: ref && ref.kind !== 'local' ? ref.id : own, pointer: `/properties/${props.indexOf(PROP.source)}` };
    }
    const purl = asString(component.purl);
    if (purl !== undefined) {
      const ref = parseModelRef(purl);
      if (ref && ref.kind === 'hf') return { text: ref.id, id: ref.id, ...(ref.revision ? { revision: ref.revision } : {}), pointer: '/purl' };
    }
    const refs = asArray(component.externalReferences);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const url = isObject(r) ? asString(r.url) : undefined;
      if (url === undefined) continue;
      const ref = parseModelRef(url);
      if (ref && ref.kind === 'hf') return { text: ref.id, id: ref.id, ...(ref.revision ? { revision: ref.revision } : {}), pointer: `/externalReferences/${i}/url` };
    }
    return undefined;
  }

  /** CycloneDX licenses as one SPDX expression (all listed licenses apply: AND). */
  private licenseOf(raw: unknown): string | undefined {
    const entries = asArray(raw).filter(isObject);
    const declared = entries.filter((e) => (isObject(e.license) ? e.license.acknowledgement : e.acknowledgement) === 'declared');
    const chosen = declared.length > 0 ? declared : entries;
    const expressions: string[] = [];
    for (const entry of chosen) {
      const expression = asString(entry.expression);
      if (expression !== undefined) expressions.push(expression);
      else if (isObject(entry.license)) {
        const id = asString(entry.license.id);
        const name = asString(entry.license.name);
        if (id !== undefined) expressions.push(id);
        else if (name !== undefined) expressions.push(licenseFromName(name));
      }
    }
    return allOf(expressions);
  }

  private readRisk(model: ModelDecl, props: PropertyBag, at: string, propPointer: (name: string) => string): void {
    const rating = props.get(PROP.hijackingRating);
    if (rating === undefined) return;
    if (!RATINGS.includes(rating as HijackingRating)) {
      this.builder.finding('bom/schema', `property ${PROP.hijackingRating} must be one of ${RATINGS.join(', ')}, not ${JSON.stringify(rating)}`, propPointer(PROP.hijackingRating));
      return;
    }
    const hijacking: NonNullable<NonNullable<ModelDecl['risk']>['hijacking']> = { rating: rating as HijackingRating };
    const source = props.get(PROP.hijackingSource);
    const evaluated = props.get(PROP.hijackingEvaluated);
    const basis = props.get(PROP.hijackingBasis);
    if (source !== undefined) hijacking.source = source;
    if (evaluated !== undefined) hijacking.evaluated = evaluated;
    if (basis !== undefined) {
      if (basis === 'absolute' || basis === 'relative') hijacking.basis = basis;
      else this.builder.finding('bom/schema', `property ${PROP.hijackingBasis} must be absolute or relative, not ${JSON.stringify(basis)}`, propPointer(PROP.hijackingBasis));
    }
    model.risk = { hijacking };
    this.builder.from(`${at}/risk`, propPointer(PROP.hijackingRating));
    this.builder.from(`${at}/risk/hijacking`, propPointer(PROP.hijackingRating));
    if (source !== undefined) this.builder.from(`${at}/risk/hijacking/source`, propPointer(PROP.hijackingSource));
    if (evaluated !== undefined) this.builder.from(`${at}/risk/hijacking/evaluated`, propPointer(PROP.hijackingEvaluated));
    if (hijacking.basis !== undefined) this.builder.from(`${at}/risk/hijacking/basis`, propPointer(PROP.hijackingBasis));
  }

  private readUse(model: ModelDecl, props: PropertyBag, at: string, propPointer: (name: string) => string): void {
    const use: NonNullable<ModelDecl['use']> = {};
    const agentic = props.get(PROP.useAgentic);
    if (agentic !== undefined) {
      const b = this.readBoolean(agentic, PROP.useAgentic, propPointer(PROP.useAgentic));
      if (b !== undefined) {
        use.agentic = b;
        this.builder.from(`${at}/use/agentic`, propPointer(PROP.useAgentic));
      }
    }
    const tools = props.get(PROP.useTools);
    if (tools !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(tools);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed === 'boolean' || (Array.isArray(parsed) && parsed.every((t) => typeof t === 'string' && t !== ''))) {
        use.tools = parsed as boolean | string[];
        this.builder.from(`${at}/use/tools`, propPointer(PROP.useTools));
      } else {
        this.builder.finding('bom/schema', `property ${PROP.useTools} must be true, false or a JSON list of tool names, not ${JSON.stringify(tools)}`, propPointer(PROP.useTools));
      }
    }
    if (props.has(PROP.useDataClass)) {
      use.dataClasses = props.all(PROP.useDataClass).filter((d) => d !== '');
      this.builder.from(`${at}/use/dataClasses`, propPointer(PROP.useDataClass));
    }
    if (Object.keys(use).length > 0) {
      model.use = use;
      this.builder.from(`${at}/use`, propPointer(agentic !== undefined ? PROP.useAgentic : tools !== undefined ? PROP.useTools : PROP.useDataClass));
    }
  }

  private readBoolean(value: string, name: string, pointer: string): boolean | undefined {
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.builder.finding('bom/schema', `property ${name} must be "true" or "false", not ${JSON.stringify(value)}`, pointer);
    return undefined;
  }

  /** evidence.occurrences, or undefined when the component has none (an empty list stays empty). */
  private occurrencesOf(component: Json): ModelOccurrence[] | undefined {
    const evidence = component.evidence;
    if (!isObject(evidence)) return undefined;
    if (!Array.isArray(evidence.occurrences)) return undefined;
    const out: ModelOccurrence[] = [];
    for (const o of evidence.occurrences) {
      if (!isObject(o) || typeof o.location !== 'string') continue;
      const occurrence: ModelOccurrence = { location: o.location };
      if (typeof o.line === 'number') occurrence.line = o.line;
      if (typeof o.offset === 'number') occurrence.offset = o.offset;
      if (typeof o.symbol === 'string') occurrence.symbol = o.symbol;
      if (typeof o.additionalContext === 'string') occurrence.additionalContext = o.additionalContext;
      out.push(occurrence);
    }
    return out;
  }

  // ----- lineage

  /**
   * pedigree.ancestors of a component as derivedFrom entries. An ancestor that only names
   * a model (a purl or Hugging Face URL) is referred to by its external id; one that says
   * more about itself (publisher, license, its own ancestors) or has no external id becomes
   * a model of its own, so that nothing it states is lost and its lineage continues.
   */
  private readAncestors(component: Json, pointer: string, props: PropertyBag, ownerId: string, depth: number): DerivationDecl[] {
    const pedigree = component.pedigree;
    if (!isObject(pedigree) || !Array.isArray(pedigree.ancestors)) return [];
    const ancestors = pedigree.ancestors;
    if (depth >= READER_LIMITS.maxLineageDepth) {
      this.builder.finding(
        'bom/schema',
        `pedigree ancestors are nested more than ${READER_LIMITS.maxLineageDepth} levels deep; lineage beyond this point is not read`,
        `${pointer}/pedigree/ancestors`,
        { maxLineageDepth: READER_LIMITS.maxLineageDepth },
        'error',
        'List each base model once, as a component with its own pedigree, instead of nesting ancestors this deep.',
      );
      return [];
    }
    // The cdx:ai-ml tune methods say how the model was tuned from its base; with several
    // ancestors it is unknown which base they apply to, so they are used only for one.
    const tuneMethods = props.get(CDX_TUNE_METHODS) ?? new PropertyBag(isObject(component.modelCard) ? component.modelCard.properties : undefined).get(CDX_TUNE_METHODS);
    let tuneRelations: Relation[] = [];
    if (tuneMethods !== undefined && ancestors.length === 1) tuneRelations = parseRelations(tuneMethods).relations;

    const out: DerivationDecl[] = [];
    const at = `/models/${escapeToken(ownerId)}/derivedFrom`;
    ancestors.forEach((ancestor, index) => {
      if (!isObject(ancestor)) return;
      const ancestorPointer = `${pointer}/pedigree/ancestors/${index}`;
      const ancestorProps = new PropertyBag(ancestor.properties);
      const ref = this.ancestorRef(ancestor, ancestorPointer, ancestorProps, depth);
      if (ref === undefined) return;
      const entry: DerivationDecl = { model: ref.ref, relation: 'finetune' };
      const relationText = ancestorProps.get(PROP.relation);
      if (relationText !== undefined) {
        const list = /^\s*\[.*\]\s*$/.test(relationText);
        const { relations, unknown } = parseRelations(relationText.replace(/^\s*\[|\]\s*$/g, ''));
        const relationPointer = `${ancestorPointer}/properties/${ancestorProps.indexOf(PROP.relation)}`;
        if (unknown.length > 0 || relations.length === 0) {
          this.builder.finding(
            'bom/schema',
            `property ${PROP.relation} names ${unknown.length > 0 ? `unknown relation(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}` : 'no relation'}; relations are finetune, continued-pretraining, rl, adapter, merge, quantized, pruned, distilled`,
            relationPointer,
            { unknown },
          );
        }
        if (relations.length > 0) entry.relation = list || relations.length > 1 ? relations : relations[0]!;
        else entry.relationStated = false;
      } else if (tuneRelations.length > 0) {
        entry.relation = tuneRelations.length > 1 ? tuneRelations : tuneRelations[0]!;
      } else {
        // CycloneDX says only that the model derives from the ancestor: weight-derived,
        // the conservative reading, and marked as not stated.
        entry.relationStated = false;
      }
      const stated = ancestorProps.get(PROP.relationStated);
      if (stated !== undefined) {
        const value = this.readBoolean(stated, PROP.relationStated, `${ancestorPointer}/properties/${ancestorProps.indexOf(PROP.relationStated)}`);
        if (value !== undefined) entry.relationStated = value;
      }
      const k = out.length;
      out.push(entry);
      this.builder.from(`${at}/${k}`, ancestorPointer);
      this.builder.from(`${at}/${k}/model`, ref.pointer);
      if (relationText !== undefined) this.builder.from(`${at}/${k}/relation`, `${ancestorPointer}/properties/${ancestorProps.indexOf(PROP.relation)}`);
      else this.builder.from(`${at}/${k}/relation`, ancestorPointer);
    });
    if (out.length > 0) this.builder.from(at, `${pointer}/pedigree/ancestors`);
    return out;
  }

  /** The reference an ancestor stands for, creating a model for it when needed. */
  private ancestorRef(ancestor: Json, pointer: string, props: PropertyBag, depth: number): { ref: string; pointer: string } | undefined {
    const own = props.get(PROP.ref);
    if (own !== undefined) return { ref: own, pointer: `${pointer}/properties/${props.indexOf(PROP.ref)}` };
    // A generator may repeat the bom-ref of a component of the BOM to point at it.
    const bomRef = asString(ancestor['bom-ref']);
    if (bomRef !== undefined && this.modelByRef.has(bomRef)) return { ref: this.modelByRef.get(bomRef)!, pointer: `${pointer}/bom-ref` };

    const source = this.sourceOf(ancestor, props);
    const sourcePointer = source ? `${pointer}${source.pointer}` : pointer;
    const hasOwnLineage = isObject(ancestor.pedigree) && Array.isArray(ancestor.pedigree.ancestors) && ancestor.pedigree.ancestors.length > 0;
    const saysMore =
      (isObject(ancestor.manufacturer) && asString(ancestor.manufacturer.name) !== undefined) ||
      asString(ancestor.publisher) !== undefined ||
      asArray(ancestor.authors).length > 0 ||
      asString(ancestor.author) !== undefined ||
      asArray(ancestor.licenses).length > 0;
    if (source) {
      const existing = this.modelBySource.get(source.id.toLowerCase());
      // The same model as a component of the BOM (or an ancestor already read): refer to it.
      if (existing !== undefined || (!hasOwnLineage && !saysMore)) return { ref: source.text, pointer: sourcePointer };
    }
    if (!source && !asString(ancestor.name)) {
      this.builder.finding('bom/schema', 'a pedigree ancestor names no model: give it a name, a purl or a Hugging Face URL', pointer);
      return undefined;
    }

    // A model of its own: the ancestor's facts and its own ancestors are kept.
    const name = asString(ancestor.name);
    const version = asString(ancestor.version);
    const id = this.builder.allocateId('models', [name, name && version ? `${name}-${version}` : undefined], 'base-model');
    const models = (this.builder.doc.models ??= {});
    if (Object.keys(models).length >= READER_LIMITS.maxEntries) {
      this.builder.finding('bom/schema', `more than ${READER_LIMITS.maxEntries} models`, pointer);
      return undefined;
    }
    const model = this.mapComponent(ancestor, pointer, props, id);
    models[id] = model;
    if (source) this.modelBySource.set(source.id.toLowerCase(), id);
    this.readPedigree(model, ancestor, pointer, props, id, depth + 1);
    return source ? { ref: source.text, pointer: sourcePointer } : { ref: id, pointer };
  }

  /** pedigree.variants: recorded by reference (relationship unknown), never lineage. */
  private readVariants(component: Json, pointer: string, ownerId: string): string[] {
    const pedigree = component.pedigree;
    if (!isObject(pedigree)) return [];
    const out: string[] = [];
    asArray(pedigree.variants).forEach((variant, index) => {
      if (!isObject(variant)) return;
      const props = new PropertyBag(variant.properties);
      const bomRef = asString(variant['bom-ref']);
      const ref =
        props.get(PROP.ref) ??
        (bomRef !== undefined ? this.modelByRef.get(bomRef) : undefined) ??
        this.sourceOf(variant, props)?.text ??
        asString(variant.name);
      if (ref === undefined) return;
      this.builder.from(`/models/${escapeToken(ownerId)}/variants/${out.length}`, `${pointer}/pedigree/variants/${index}`);
      out.push(ref);
    });
    if (out.length > 0) this.builder.from(`/models/${escapeToken(ownerId)}/variants`, `${pointer}/pedigree/variants`);
    return out;
  }

  // ----- services → hosts

  private readServices(): void {
    const services: { service: Json; pointer: string }[] = [];
    const stack: { list: unknown; pointer: string }[] = [{ list: this.bom.services, pointer: '/services' }];
    while (stack.length > 0) {
      const { list, pointer } = stack.pop()!;
      const nested: { list: unknown; pointer: string }[] = [];
      asArray(list).forEach((item, index) => {
        if (!isObject(item)) return;
        const itemPointer = `${pointer}/${index}`;
        services.push({ service: item, pointer: itemPointer });
        if (Array.isArray(item.services)) nested.push({ list: item.services, pointer: `${itemPointer}/services` });
      });
      stack.push(...nested.reverse());
    }
    if (services.length > READER_LIMITS.maxEntries) {
      this.builder.finding('bom/schema', `${services.length} services is more than the ${READER_LIMITS.maxEntries} one AIBOM may hold`, '/services');
      services.length = READER_LIMITS.maxEntries;
    }
    // Explicit ids first, as for models.
    const explicit = new Map<Json, string>();
    for (const { service, pointer } of services) {
      const props = new PropertyBag(service.properties);
      const own = props.get(PROP.id);
      const ref = asString(service['bom-ref']);
      if (own !== undefined && LOCAL_ID.test(own) && this.builder.claimExact('hosts', own)) explicit.set(service, own);
      else if (own !== undefined) this.builder.finding('bom/schema', `property ${PROP.id} must be an unused local id, not ${JSON.stringify(own)}`, `${pointer}/properties/${props.indexOf(PROP.id)}`);
      else if (ref !== undefined && LOCAL_ID.test(ref) && !UUID.test(ref) && this.builder.claimExact('hosts', ref)) explicit.set(service, ref);
    }
    for (const { service, pointer } of services) {
      const id = explicit.get(service) ?? this.builder.allocateId('hosts', [asString(service.name)], 'host');
      this.readService(service, pointer, id);
    }
  }

  private readService(service: Json, pointer: string, baseId: string): void {
    const b = this.builder;
    const props = new PropertyBag(service.properties);
    const propPointer = (name: string) => `${pointer}/properties/${props.indexOf(name)}`;
    const host: HostDecl = { kind: 'api' };
    const kind = props.get(PROP.hostKind);
    if (kind !== undefined) {
      if ((HOST_KINDS as readonly string[]).includes(kind)) host.kind = kind as HostDecl['kind'];
      else b.finding('bom/schema', `property ${PROP.hostKind} must be one of ${HOST_KINDS.join(', ')}, not ${JSON.stringify(kind)}`, propPointer(PROP.hostKind));
    }
    const provider = isObject(service.provider) ? service.provider : undefined;
    const ownProvider = props.get(PROP.hostProvider);
    const providerName = ownProvider ?? (provider ? asString(provider.name) : undefined);
    if (providerName !== undefined) host.provider = providerName;
    let countryPointer: string | undefined;
    if (provider && isObject(provider.address) && provider.address.country !== undefined) {
      countryPointer = `${pointer}/provider/address/country`;
      const country = countryCode(provider.address.country);
      if (country === undefined) b.finding('bom/schema', `service provider country ${JSON.stringify(provider.address.country)} is neither an ISO 3166-1 code nor a country name`, countryPointer);
      else host.country = country;
    }
    const regions: { region: HostRegion; pointer: string }[] = [];
    props.all(PROP.region).forEach((text) => {
      const m = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$/.exec(text.trim());
      const country = m ? countryCode(m[1]) : undefined;
      if (!m || country === undefined) {
        b.finding('bom/schema', `property ${PROP.region} must be an ISO 3166-1 country or ISO 3166-2 subdivision (US, UA-43), not ${JSON.stringify(text)}`, propPointer(PROP.region));
        return;
      }
      regions.push({ region: m[2] ? { country, subdivision: `${country}-${m[2].toUpperCase()}` } : { country }, pointer: propPointer(PROP.region) });
    });
    if (regions.length > 0) host.regions = regions.map((r) => r.region);

    const ownServes = props.has(PROP.serves) ? props.all(PROP.serves).filter((s) => s !== '') : undefined;
    if (ownServes !== undefined) host.serves = ownServes;

    // One host per http(s) endpoint: each endpoint's domain is checked on its own.
    const endpoints: { url: string; pointer: string }[] = [];
    asArray(service.endpoints).forEach((e, index) => {
      if (typeof e === 'string' && /^https?:\/\/[^\s/]+/i.test(e)) endpoints.push({ url: e, pointer: `${pointer}/endpoints/${index}` });
    });
    const ids: string[] = [];
    const count = Math.max(1, endpoints.length);
    for (let i = 0; i < count; i++) {
      const id = i === 0 ? baseId : this.builder.allocateId('hosts', [`${baseId}-endpoint-${i + 1}`], 'host');
      const copy: HostDecl = { ...host, ...(host.regions ? { regions: host.regions.map((r) => ({ ...r })) } : {}), ...(host.serves ? { serves: [...host.serves] } : {}) };
      const at = `/hosts/${escapeToken(id)}`;
      b.from(at, pointer);
      if (providerName !== undefined) b.from(`${at}/provider`, ownProvider !== undefined ? propPointer(PROP.hostProvider) : `${pointer}/provider/name`);
      if (kind !== undefined) b.from(`${at}/kind`, propPointer(PROP.hostKind));
      if (countryPointer !== undefined) b.from(`${at}/country`, countryPointer);
      regions.forEach((r, k) => b.from(`${at}/regions/${k}`, r.pointer));
      if (ownServes !== undefined) b.from(`${at}/serves`, propPointer(PROP.serves));
      const endpoint = endpoints[i];
      if (endpoint) {
        copy.endpoint = endpoint.url;
        b.from(`${at}/endpoint`, endpoint.pointer);
      }
      const hosts = (b.doc.hosts ??= {});
      hosts[id] = copy;
      if (ownServes !== undefined) this.hostsWithOwnServes.add(id);
      ids.push(id);
    }
    const ref = asString(service['bom-ref']);
    if (ref !== undefined) this.hostsByRef.set(ref, ids);
  }

  // ----- dependencies

  /**
   * A model that depends on a service is served by it (the service's hosts serve the
   * model); a model that depends on another model uses it. Neither is lineage.
   */
  private readDependencies(): void {
    const models = this.builder.doc.models ?? {};
    const hosts = this.builder.doc.hosts ?? {};
    const usesFromDependencies = new Map<string, string[]>();
    asArray(this.bom.dependencies).forEach((dependency, index) => {
      if (!isObject(dependency)) return;
      const ref = asString(dependency.ref);
      const modelId = ref !== undefined ? this.modelByRef.get(ref) : undefined;
      if (modelId === undefined) return;
      asArray(dependency.dependsOn).forEach((target, k) => {
        if (typeof target !== 'string') return;
        const targetPointer = `/dependencies/${index}/dependsOn/${k}`;
        for (const hostId of this.hostsByRef.get(target) ?? []) {
          const host = hosts[hostId]!;
          // A host that lists what it serves in our property (our writer) is exact as it is.
          if (this.hostsWithOwnServes.has(hostId)) continue;
          const serves = (host.serves ??= []);
          if (!serves.includes(modelId)) {
            this.builder.from(`/hosts/${escapeToken(hostId)}/serves/${serves.length}`, targetPointer);
            if (serves.length === 0) this.builder.from(`/hosts/${escapeToken(hostId)}/serves`, targetPointer);
            serves.push(modelId);
          }
        }
        const usedModel = this.modelByRef.get(target);
        if (usedModel !== undefined && usedModel !== modelId) {
          const list = usesFromDependencies.get(modelId) ?? [];
          if (!list.includes(usedModel)) {
            list.push(usedModel);
            this.builder.from(`/models/${escapeToken(modelId)}/dependsOn/${list.length - 1}`, targetPointer);
          }
          usesFromDependencies.set(modelId, list);
        }
      });
    });
    for (const [modelId, uses] of usesFromDependencies) {
      const model = models[modelId];
      if (model && model.dependsOn === undefined) model.dependsOn = uses;
    }
  }
}

/** A component that is a model: type machine-learning-model, or a Hugging Face purl on a non-data component. */
function isModelComponent(component: Json): boolean {
  if (component.type === 'machine-learning-model') return true;
  if (component.type === 'data') return false;
  const purl = asString(component.purl);
  return purl !== undefined && /^pkg:\/*huggingface\//i.test(purl) && parseModelRef(purl)?.kind === 'hf';
}
