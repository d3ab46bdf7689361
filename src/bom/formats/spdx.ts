// SPDX 3.0.1 JSON-LD (AI profile) → the native AIBOM model.
//
// ai_AIPackage elements are models. originatedBy is the origin (publisher); suppliedBy is
// whoever distributes the package (provider). Lineage comes from ancestorOf / descendantOf
// relationships only: hasVariant and dependsOn are recorded, never lineage. The EU AI Act
// risk tier (ai_safetyRiskAssessment) and ai_autonomyType are kept as facts of their own.
// See docs/formats.md for the mapping table.

import type { DerivationDecl, LoadedFile, ModelDecl, NormalizedBom, RawFinding } from '../../types.js';
import { escapeToken } from '../pointer.js';
import { parseModelRef } from '../refs.js';
import { validateWith } from '../../schema/validate.js';
import { NativeBuilder, READER_LIMITS, allOf, asArray, asString, isObject, licenseRef, positionOf, spdxLicenseId } from '../../convert/to-native.js';
import { locator } from './native.js';

type Json = Record<string, unknown>;

/** The shape this reader relies on; a file that breaks it gets bom/schema findings at the place. */
export const SPDX_SHAPE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aibom-guard.dev/schemas/spdx3-shape.json',
  description: 'The parts of an SPDX 3.0.1 JSON-LD document that AIBOM Guard reads.',
  type: 'object',
  required: ['@context', '@graph'],
  properties: {
    '@context': {
      description: 'the SPDX 3 JSON-LD context (https://spdx.org/rdf/3.0.1/spdx-context.jsonld)',
      anyOf: [
        { type: 'string', description: 'a context URL' },
        { type: 'array', description: 'a list of contexts' },
        { type: 'object', description: 'an inline context' },
      ],
    },
    '@graph': {
      type: 'array',
      description: 'the elements of the document',
      items: {
        type: 'object',
        description: 'an SPDX element',
        required: ['type'],
        properties: {
          type: { type: 'string', minLength: 1, description: 'the element class, e.g. ai_AIPackage' },
          spdxId: { type: 'string', minLength: 1, description: 'the element IRI' },
          '@id': { type: 'string', minLength: 1, description: 'a blank node id' },
          name: { type: 'string', description: 'the element name' },
          relationshipType: { type: 'string', minLength: 1, description: 'the relationship type, e.g. ancestorOf' },
          from: { type: 'string', minLength: 1, description: 'the element IRI the relationship starts from' },
          to: { type: 'array', description: 'the element IRIs the relationship goes to', items: { type: 'string', minLength: 1, description: 'an element IRI' } },
          originatedBy: {
            type: 'array',
            description: 'the agents the artifact originates from',
            items: { anyOf: [{ type: 'string', description: 'an agent IRI' }, { type: 'object', description: 'an inline agent' }], description: 'an agent' },
          },
          suppliedBy: { anyOf: [{ type: 'string', description: 'an agent IRI' }, { type: 'object', description: 'an inline agent' }], description: 'the agent that supplies the artifact' },
          software_packageVersion: { type: 'string', description: 'the package version' },
          software_downloadLocation: { type: 'string', description: 'where the package can be downloaded' },
          software_packageUrl: { type: 'string', description: 'the package URL (purl)' },
          software_primaryPurpose: { type: 'string', description: 'the primary purpose' },
          simplelicensing_licenseExpression: { type: 'string', description: 'an SPDX license expression' },
          ai_autonomyType: { enum: ['yes', 'no', 'noAssertion'], description: 'whether the AI decides without a human in the loop: yes, no or noAssertion' },
          ai_safetyRiskAssessment: { enum: ['serious', 'high', 'medium', 'low'], description: 'the EU AI Act risk tier: serious, high, medium or low' },
          externalIdentifier: {
            type: 'array',
            description: 'external identifiers of the element',
            items: {
              type: 'object',
              description: 'an external identifier',
              properties: {
                externalIdentifierType: { type: 'string', description: 'the identifier type, e.g. packageUrl' },
                identifier: { type: 'string', description: 'the identifier' },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** An SPDX document: a JSON-LD @context naming SPDX, or an SPDX 2 spdxVersion. */
export function isSpdx(value: unknown): boolean {
  if (!isObject(value) || 'aibom' in value) return false;
  if (typeof value.spdxVersion === 'string') return true;
  const context = value['@context'];
  const names = (Array.isArray(context) ? context : [context]).filter((c): c is string => typeof c === 'string');
  return names.some((c) => /spdx\.org\/rdf\/3/i.test(c));
}

export const spdxAdapter = {
  format: 'spdx' as const,
  detect(loaded: LoadedFile): boolean {
    return isSpdx(loaded.value);
  },
  normalize(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
    return normalizeSpdx(loaded);
  },
};

const AGENT_TYPES = new Set(['Agent', 'Person', 'Organization', 'SoftwareAgent']);
const LINEAGE = new Set(['ancestorOf', 'descendantOf']);

export function normalizeSpdx(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
  const value = loaded.value;
  const subject = { kind: 'bom' as const, id: loaded.file };
  if (isObject(value) && typeof value.spdxVersion === 'string' && !('@graph' in value)) {
    return {
      bom: null,
      findings: [
        {
          rule: 'bom/unsupported-version',
          severity: 'error',
          message: `${value.spdxVersion} is not supported: AI packages are read from SPDX 3.0.1 JSON-LD (the AI profile does not exist in SPDX 2)`,
          subject,
          path: '',
          location: positionOf(loaded, '/spdxVersion'),
          evidence: { spdxVersion: value.spdxVersion, supported: ['3.0.1'] },
          remediation: 'Generate the BOM as SPDX 3.0.1 JSON-LD with the AI profile, or as CycloneDX 1.6.',
        },
      ],
    };
  }
  const shape = validateWith(SPDX_SHAPE_SCHEMA, value, locator(loaded.file, loaded.positions), 'bom/schema', subject);
  if (shape.length > 0) {
    return { bom: null, findings: shape.map((f) => ({ ...f, message: `SPDX 3: ${f.message}`, evidence: { ...f.evidence, sourcePath: f.path }, path: '' })) };
  }
  const reader = new SpdxReader(loaded, value as Json);
  reader.read();
  return { bom: reader.builder.result(), findings: reader.builder.allFindings() };
}

interface Element {
  json: Json;
  index: number;
  pointer: string;
}

class SpdxReader {
  readonly builder: NativeBuilder;
  private readonly elements: Element[] = [];
  private readonly byId = new Map<string, Element>();
  /** spdxId → local model id. */
  private readonly modelOf = new Map<string, string>();
  /** Model id → where its license relationship points. */
  private readonly licensePointers = new Map<string, string>();

  constructor(
    loaded: LoadedFile,
    private readonly doc: Json,
  ) {
    this.builder = new NativeBuilder(loaded, 'spdx');
    asArray(doc['@graph']).forEach((json, index) => {
      if (!isObject(json)) return;
      const element = { json, index, pointer: `/@graph/${index}` };
      this.elements.push(element);
      const id = asString(json.spdxId) ?? asString(json['@id']);
      if (id !== undefined && !this.byId.has(id)) this.byId.set(id, element);
    });
  }

  read(): void {
    // Only ai_AIPackage: generators also list the weights as software_Package/File with
    // primaryPurpose "model", which would count each model twice.
    const packages = this.elements.filter((e) => e.json.type === 'ai_AIPackage');
    if (packages.length === 0) {
      this.builder.finding(
        'bom/no-ai-content',
        'this SPDX document describes no AI models (no ai_AIPackage element), so there is nothing to check',
        '',
        { format: 'spdx' },
        'error',
        'Check the SPDX 3 document that has the AI profile (ai_AIPackage elements), or remove this file from the check.',
      );
      this.readSystem();
      return;
    }
    if (packages.length > READER_LIMITS.maxEntries) {
      this.builder.finding('bom/schema', `${packages.length} AI packages is more than the ${READER_LIMITS.maxEntries} one AIBOM may hold`, '/@graph');
      packages.length = READER_LIMITS.maxEntries;
    }
    this.readSystem();
    // Ids first, so that relationships can refer to every package.
    for (const element of packages) {
      const name = asString(element.json.name);
      const spdxId = asString(element.json.spdxId) ?? asString(element.json['@id']);
      const tail = spdxId !== undefined ? iriTail(spdxId) : undefined;
      const id = this.builder.allocateId('models', [name, tail], 'model');
      if (spdxId !== undefined) this.modelOf.set(spdxId, id);
      this.mapPackage(element, id);
    }
    this.readRelationships();
  }

  private readSystem(): void {
    const document = this.elements.find((e) => e.json.type === 'SpdxDocument');
    const documentName = document ? asString(document.json.name) : undefined;
    if (document && documentName !== undefined) {
      this.builder.doc.system = { name: documentName };
      this.builder.from('/system', document.pointer);
      this.builder.from('/system/name', `${document.pointer}/name`);
      return;
    }
    // Otherwise the root element of the (first) SBOM: the product the document describes.
    const sbom = this.elements.find((e) => e.json.type === 'software_Sbom');
    const rootId = sbom ? asString(asArray(sbom.json.rootElement)[0]) : undefined;
    const root = rootId !== undefined ? this.byId.get(rootId) : undefined;
    const rootName = root ? asString(root.json.name) : undefined;
    if (root && rootName !== undefined) {
      this.builder.doc.system = { name: rootName };
      this.builder.from('/system', root.pointer);
      this.builder.from('/system/name', `${root.pointer}/name`);
    }
  }

  private agentName(ref: unknown): string | undefined {
    if (isObject(ref)) return asString(ref.name) ?? asString(ref.spdxId);
    if (typeof ref !== 'string') return undefined;
    const agent = this.byId.get(ref);
    return (agent && AGENT_TYPES.has(String(agent.json.type)) ? asString(agent.json.name) : undefined) ?? ref;
  }

  private mapPackage(element: Element, id: string): void {
    const b = this.builder;
    const { json, pointer } = element;
    const at = `/models/${escapeToken(id)}`;
    const model: ModelDecl = {};
    b.from(at, pointer);
    const name = asString(json.name);
    if (name !== undefined) {
      model.name = name;
      b.from(`${at}/name`, `${pointer}/name`);
    }
    const version = asString(json.software_packageVersion);
    if (version !== undefined) {
      model.version = version;
      b.from(`${at}/version`, `${pointer}/software_packageVersion`);
    }
    const originators = asArray(json.originatedBy);
    const publisher = originators.length > 0 ? this.agentName(originators[0]) : undefined;
    if (publisher !== undefined) {
      model.publisher = publisher;
      b.from(`${at}/publisher`, `${pointer}/originatedBy/0`);
    }
    const supplier = json.suppliedBy !== undefined ? this.agentName(json.suppliedBy) : undefined;
    if (supplier !== undefined) {
      model.provider = supplier;
      b.from(`${at}/provider`, `${pointer}/suppliedBy`);
    }
    const source = this.sourceOf(json);
    if (source) {
      model.source = source.text;
      b.from(`${at}/source`, `${pointer}${source.pointer}`);
      if (source.revision !== undefined) {
        model.revision = source.revision;
        b.from(`${at}/revision`, `${pointer}${source.pointer}`);
      }
    }
    const autonomy = asString(json.ai_autonomyType);
    if (autonomy !== undefined) {
      model.autonomyType = autonomy as ModelDecl['autonomyType'];
      b.from(`${at}/autonomyType`, `${pointer}/ai_autonomyType`);
    }
    const tier = asString(json.ai_safetyRiskAssessment);
    if (tier !== undefined) {
      model.safetyRiskAssessment = tier as ModelDecl['safetyRiskAssessment'];
      b.from(`${at}/safetyRiskAssessment`, `${pointer}/ai_safetyRiskAssessment`);
    }
    (b.doc.models ??= {})[id] = model;
  }

  /** A Hugging Face id from the purl, an external identifier or the download location; else an https download URL. */
  private sourceOf(json: Json): { text: string; revision?: string; pointer: string } | undefined {
    const candidates: { text: string; pointer: string }[] = [];
    const purl = asString(json.software_packageUrl);
    if (purl !== undefined) candidates.push({ text: purl, pointer: '/software_packageUrl' });
    asArray(json.externalIdentifier).forEach((x, i) => {
      if (isObject(x) && typeof x.identifier === 'string') candidates.push({ text: x.identifier, pointer: `/externalIdentifier/${i}/identifier` });
    });
    const download = asString(json.software_downloadLocation);
    if (download !== undefined) candidates.push({ text: download, pointer: '/software_downloadLocation' });
    for (const c of candidates) {
      const ref = parseModelRef(c.text);
      if (ref && ref.kind === 'hf') return { text: ref.id, ...(ref.revision ? { revision: ref.revision } : {}), pointer: c.pointer };
    }
    if (download !== undefined && /^https:\/\/\S+$/.test(download)) return { text: download, pointer: '/software_downloadLocation' };
    return undefined;
  }

  // ----- relationships

  private readRelationships(): void {
    const models = this.builder.doc.models ?? {};
    const declared = new Map<string, string[]>();
    const concluded = new Map<string, string[]>();
    for (const element of this.elements) {
      const { json, pointer } = element;
      if (typeof json.type !== 'string' || !json.type.endsWith('Relationship')) continue;
      const type = asString(json.relationshipType);
      const from = asString(json.from);
      if (type === undefined || from === undefined) continue;
      const to = asArray(json.to).filter((t): t is string => typeof t === 'string');

      if (type === 'hasDeclaredLicense' || type === 'hasConcludedLicense') {
        const modelId = this.modelOf.get(from);
        if (modelId === undefined) continue;
        const map = type === 'hasDeclaredLicense' ? declared : concluded;
        const list = map.get(modelId) ?? [];
        to.forEach((t, k) => {
          const license = this.licenseOf(t);
          if (license === undefined) return;
          list.push(license);
          if (!this.licensePointers.has(modelId) || type === 'hasDeclaredLicense') this.licensePointers.set(modelId, `${pointer}/to/${k}`);
        });
        map.set(modelId, list);
        continue;
      }

      if (LINEAGE.has(type)) {
        // ancestorOf: from is the ancestor of each of to; descendantOf: from descends from each of to.
        const pairs = type === 'ancestorOf' ? to.map((t, k) => ({ child: t, base: from, at: `${pointer}/to/${k}`, basePointer: `${pointer}/from` })) : to.map((t, k) => ({ child: from, base: t, at: `${pointer}/to/${k}`, basePointer: `${pointer}/to/${k}` }));
        for (const pair of pairs) {
          const childId = this.modelOf.get(pair.child);
          if (childId === undefined) continue; // lineage of something that is not a model
          const child = models[childId]!;
          const derivedFrom = (child.derivedFrom ??= []);
          const base = this.baseRef(pair.base, pair.basePointer);
          if (base === undefined) continue;
          if (derivedFrom.some((d) => d.model === base)) continue;
          // SPDX states that one derives from the other, not how: weight-derived, marked as not stated.
          const entry: DerivationDecl = { model: base, relation: 'finetune', relationStated: false };
          const k = derivedFrom.length;
          derivedFrom.push(entry);
          const at = `/models/${escapeToken(childId)}/derivedFrom/${k}`;
          this.builder.from(at, pointer);
          this.builder.from(`${at}/model`, pair.basePointer);
          this.builder.from(`${at}/relation`, `${pointer}/relationshipType`);
          if (k === 0) this.builder.from(`/models/${escapeToken(childId)}/derivedFrom`, pointer);
        }
        continue;
      }

      const fromModel = this.modelOf.get(from);
      if (fromModel === undefined) continue;
      if (type === 'hasVariant') {
        const list = (models[fromModel]!.variants ??= []);
        to.forEach((t, k) => {
          const ref = this.modelOf.get(t) ?? this.externalRef(t) ?? this.nameOf(t) ?? t;
          if (list.includes(ref)) return;
          this.builder.from(`/models/${escapeToken(fromModel)}/variants/${list.length}`, `${pointer}/to/${k}`);
          list.push(ref);
        });
      } else if (type === 'dependsOn') {
        to.forEach((t, k) => {
          const used = this.modelOf.get(t);
          if (used === undefined || used === fromModel) return;
          const list = (models[fromModel]!.dependsOn ??= []);
          if (list.includes(used)) return;
          this.builder.from(`/models/${escapeToken(fromModel)}/dependsOn/${list.length}`, `${pointer}/to/${k}`);
          list.push(used);
        });
      }
    }
    // The declared license; the concluded one only when none is declared.
    for (const [id, model] of Object.entries(models)) {
      const license = allOf(declared.get(id) ?? []) ?? allOf(concluded.get(id) ?? []);
      if (license !== undefined) {
        model.license = license;
        const at = this.licensePointers.get(id);
        if (at !== undefined) this.builder.from(`/models/${escapeToken(id)}/license`, at);
      }
    }
  }


  /** The reference for a base model: a model of this document, an external id, or a new model for it. */
  private baseRef(iri: string, iriPointer: string): string | undefined {
    const local = this.modelOf.get(iri);
    if (local !== undefined) return local;
    const element = this.byId.get(iri);
    const external = element ? this.sourceOf(element.json)?.text : undefined;
    if (external !== undefined && parseModelRef(external)?.kind === 'hf') return external;
    if (!element) {
      const ref = this.externalRef(iri);
      if (ref !== undefined) return ref;
    }
    // Something the AIBOM cannot name otherwise (another kind of element, a non-https IRI):
    // a model of its own, so the chain stays visible with whatever is known about it.
    const name = element ? asString(element.json.name) : undefined;
    const id = this.builder.allocateId('models', [name, iriTail(iri)], 'base-model');
    this.modelOf.set(iri, id);
    const model: ModelDecl = { name: name ?? iri };
    if (external !== undefined) model.source = external;
    (this.builder.doc.models ??= {})[id] = model;
    this.builder.from(`/models/${escapeToken(id)}`, element ? element.pointer : iriPointer);
    if (element) {
      const publisher = asArray(element.json.originatedBy)[0];
      const publisherName = publisher !== undefined ? this.agentName(publisher) : undefined;
      if (publisherName !== undefined) {
        model.publisher = publisherName;
        this.builder.from(`/models/${escapeToken(id)}/publisher`, `${element.pointer}/originatedBy/0`);
      }
    }
    return id;
  }

  /** An IRI that is itself a model id: a Hugging Face URL or purl (hf:), or another https URL. */
  private externalRef(iri: string): string | undefined {
    const ref = parseModelRef(iri);
    if (ref && ref.kind === 'hf') return ref.id;
    return /^https:\/\/\S+$/.test(iri) ? iri : undefined;
  }

  private nameOf(iri: string): string | undefined {
    const element = this.byId.get(iri);
    return element ? asString(element.json.name) : undefined;
  }

  /** A license element (or a license IRI) as an SPDX expression term. */
  private licenseOf(iri: string): string | undefined {
    const element = this.byId.get(iri);
    const listed = /^https?:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+)$/.exec(iri);
    if (!element) {
      if (/NoAssertionLicense|NoneLicense/.test(iri)) return undefined;
      return listed ? (spdxLicenseId(listed[1]!) ?? licenseRef(listed[1]!)) : undefined;
    }
    const json = element.json;
    const expression = asString(json.simplelicensing_licenseExpression);
    if (expression !== undefined) return expression.trim();
    if (json.type === 'expandedlicensing_ListedLicense') return listed ? (spdxLicenseId(listed[1]!) ?? listed[1]!) : licenseRef(asString(json.name) ?? iri);
    if (json.type === 'expandedlicensing_CustomLicense') {
      return licenseRef(asString(json.name) ?? iriTail(iri));
    }
    return undefined;
  }
}

/** The last segment of an IRI (after "/", "#" or ":"), for ids and names. */
function iriTail(iri: string): string {
  return iri.replace(/[#/:]+$/, '').split(/[#/:]/).pop() ?? iri;
}
