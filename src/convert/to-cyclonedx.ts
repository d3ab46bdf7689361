// Native AIBOM → CycloneDX 1.6 ML-BOM (JSON), valid against the official schema.
//
// Models become machine-learning-model components, their lineage pedigree.ancestors,
// hosts become services that the models they serve depend on. What CycloneDX has no field
// for travels in the `aibom-guard:*` property namespace (../bom/formats/properties.ts), so
// that reading the result back (../bom/formats/cyclonedx.ts) gives the same native model.
// docs/formats.md documents the mapping.

import { createHash } from 'node:crypto';
import stringify from 'json-stable-stringify';
import type { DerivationDecl, HostDecl, ModelDecl, NativeAibom, Relation } from '../types.js';
import { parseModelRef } from '../bom/refs.js';
import { PROP, properties, type Property } from '../bom/formats/properties.js';
import { UUID } from '../bom/formats/cyclonedx.js';
import { TOOL } from '../version.js';

export const CYCLONEDX_OUTPUT_VERSION = '1.6';

type Json = Record<string, unknown>;

/** The CycloneDX document for a native AIBOM. Deterministic: the same input gives the same output. */
export function toCycloneDx(aibom: NativeAibom): Json {
  const models = aibom.models ?? {};
  const hosts = aibom.hosts ?? {};
  const organizations = aibom.organizations ?? {};

  // bom-refs are unique across the BOM: models keep their ids, others avoid them.
  const usedRefs = new Set<string>(Object.keys(models));
  const freeRef = (preferred: string): string => {
    let ref = preferred;
    for (let n = 2; usedRefs.has(ref); n++) ref = `${preferred}-${n}`;
    usedRefs.add(ref);
    return ref;
  };
  const hostRefs = new Map<string, string>();
  for (const id of Object.keys(hosts)) hostRefs.set(id, freeRef(usedRefs.has(id) ? `host-${id}` : id));

  const components = Object.entries(models).map(([id, model]) => modelComponent(id, model, aibom));

  const services = Object.entries(hosts).map(([id, host]) => hostService(id, host, hostRefs.get(id)!, aibom));

  // A model depends on the services that serve it and on the local models it uses.
  const dependsOn = new Map<string, string[]>(Object.keys(models).map((id) => [id, []]));
  const add = (from: string, to: string) => {
    const list = dependsOn.get(from);
    if (list && !list.includes(to)) list.push(to);
  };
  for (const [hostId, host] of Object.entries(hosts)) {
    for (const served of host.serves ?? []) if (served in models) add(served, hostRefs.get(hostId)!);
  }
  for (const [id, model] of Object.entries(models)) {
    for (const used of model.dependsOn ?? []) if (used in models) add(id, used);
  }
  const dependencies: Json[] = [];
  let systemRef: string | undefined;
  if (aibom.system) {
    systemRef = freeRef('system');
    dependencies.push({ ref: systemRef, dependsOn: Object.keys(models) });
  }
  for (const [id, list] of dependsOn) dependencies.push({ ref: id, dependsOn: list });
  for (const ref of hostRefs.values()) dependencies.push({ ref, dependsOn: [] });

  const metadata: Json = {
    tools: { components: [{ type: 'application', name: TOOL.name, version: TOOL.version }] },
  };
  if (aibom.system) {
    const s = aibom.system;
    const props = properties([
      [PROP.systemOwner, s.owner],
      [PROP.systemCommercial, s.commercial === undefined ? undefined : String(s.commercial)],
      [PROP.systemMau, s.scale?.mau === undefined ? undefined : String(s.scale.mau)],
      [PROP.systemMonthlyRevenueUSD, s.scale?.monthlyRevenueUSD === undefined ? undefined : String(s.scale.monthlyRevenueUSD)],
    ]);
    metadata.component = { type: 'application', 'bom-ref': systemRef, name: s.name, ...(props.length ? { properties: props } : {}) };
  }
  metadata.properties = [
    { name: PROP.format, value: '1' },
    ...Object.entries(organizations).map(([id, org]) => ({
      name: PROP.organization,
      value: JSON.stringify({ id, name: org.name, ...(org.country ? { country: org.country } : {}), ...(org.parent ? { parent: org.parent } : {}) }),
    })),
  ];

  const body: Json = { metadata, components, services, dependencies };
  return {
    $schema: `http://cyclonedx.org/schema/bom-${CYCLONEDX_OUTPUT_VERSION}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_OUTPUT_VERSION,
    serialNumber: serialNumberOf(aibom),
    version: 1,
    ...body,
  };
}

/** The document as the file `convert` writes: two-space JSON and a final newline. */
export function serializeCycloneDx(bom: Json): string {
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function modelComponent(id: string, model: ModelDecl, aibom: NativeAibom): Json {
  const component: Json = { type: 'machine-learning-model', 'bom-ref': id, name: model.name ?? id };
  if (model.version !== undefined) component.version = model.version;
  if (model.publisherHint !== undefined) component.group = model.publisherHint;

  // The publisher as CycloneDX's manufacturer (the organization that made the model).
  if (model.publisher !== undefined) {
    const org = aibom.organizations?.[model.publisher];
    const manufacturer: Json = { name: org?.name ?? model.publisher };
    if (org?.country) manufacturer.address = { country: org.country };
    component.manufacturer = manufacturer;
  }
  if (model.provider !== undefined) component.supplier = { name: model.provider };

  const ref = model.source !== undefined ? parseModelRef(model.source) : null;
  if (ref && ref.kind === 'hf') {
    const [org, repo] = ref.id.slice('hf:'.length).split('/') as [string, string];
    const revision = model.revision ?? ref.revision;
    component.purl = `pkg:huggingface/${encodeURIComponent(org)}/${encodeURIComponent(repo)}${revision ? `@${revision.toLowerCase()}` : ''}`;
  } else if (model.source !== undefined && /^https?:\/\//i.test(model.source)) {
    component.externalReferences = [{ type: 'distribution', url: model.source }];
  }

  const digest = model.digest !== undefined ? /^(sha256|sha512):([0-9A-Fa-f]+)$/.exec(model.digest) : null;
  if (digest) component.hashes = [{ alg: digest[1] === 'sha256' ? 'SHA-256' : 'SHA-512', content: digest[2]!.toLowerCase() }];

  // Any SPDX expression, LicenseRef-s included, is valid as a CycloneDX license expression.
  if (model.license !== undefined) component.licenses = [{ expression: model.license }];

  const pedigree: Json = {};
  if (model.derivedFrom !== undefined) pedigree.ancestors = model.derivedFrom.map((d) => ancestorComponent(d, aibom));
  if (model.variants !== undefined) pedigree.variants = model.variants.map((v) => referenceComponent(v, aibom, [[PROP.ref, v]]));
  if (Object.keys(pedigree).length > 0) component.pedigree = pedigree;

  if (model.evidence?.occurrences !== undefined) component.evidence = { occurrences: model.evidence.occurrences.map((o) => ({ ...o })) };

  const hijacking = model.risk?.hijacking;
  const props: Property[] = [
    ...properties([
      // A uuid-like id is not taken from bom-ref when read back (generators use random uuids).
      [PROP.id, UUID.test(id) ? id : undefined],
      [PROP.unnamed, model.name === undefined ? 'true' : undefined],
      [PROP.publisher, model.publisher],
      [PROP.origin, model.origin],
      [PROP.source, model.source],
      [PROP.revision, model.revision],
      [PROP.digest, model.digest],
      [PROP.snapshot, model.snapshot],
      [PROP.hijackingRating, hijacking?.rating],
      [PROP.hijackingSource, hijacking?.source],
      [PROP.hijackingEvaluated, hijacking?.evaluated],
      [PROP.hijackingBasis, hijacking?.basis],
      [PROP.useAgentic, model.use?.agentic === undefined ? undefined : String(model.use.agentic)],
      [PROP.useTools, model.use?.tools === undefined ? undefined : JSON.stringify(model.use.tools)],
      // An empty list is written as one empty value, so that it reads back as an empty list.
      [PROP.useDataClass, listValues(model.use?.dataClasses)],
      [PROP.dependsOn, listValues(model.dependsOn)],
      [PROP.safetyRiskAssessment, model.safetyRiskAssessment],
      [PROP.autonomyType, model.autonomyType],
    ]),
    ...Object.entries(model.properties ?? {}).map(([name, value]) => ({ name, value })),
  ];
  if (props.length > 0) component.properties = props;
  return component;
}

/** A pedigree ancestor standing for the base model of one derivedFrom entry. */
function ancestorComponent(derivation: DerivationDecl, aibom: NativeAibom): Json {
  const relations: Relation[] = Array.isArray(derivation.relation) ? derivation.relation : [derivation.relation];
  // A list is written in brackets so that a one-item list reads back as a list.
  const relationText = Array.isArray(derivation.relation) ? `[${relations.join(', ')}]` : relations.join(', ');
  return referenceComponent(derivation.model, aibom, [
    [PROP.ref, derivation.model],
    [PROP.relation, relationText],
    [PROP.relationStated, derivation.relationStated === undefined ? undefined : String(derivation.relationStated)],
  ]);
}

/** A component that names a model by reference: a local model's name and purl, or an external id. */
function referenceComponent(ref: string, aibom: NativeAibom, props: [string, string | undefined][]): Json {
  const local = aibom.models?.[ref];
  const parsed = parseModelRef(local?.source ?? ref);
  const component: Json = { type: 'machine-learning-model', name: local?.name ?? ref };
  if (local?.version !== undefined) component.version = local.version;
  if (parsed && parsed.kind === 'hf') {
    const [org, repo] = parsed.id.slice('hf:'.length).split('/') as [string, string];
    const revision = (local ? local.revision : undefined) ?? parsed.revision;
    component.purl = `pkg:huggingface/${encodeURIComponent(org)}/${encodeURIComponent(repo)}${revision ? `@${revision.toLowerCase()}` : ''}`;
  }
  const list = properties(props);
  if (list.length > 0) component.properties = list;
  return component;
}

function hostService(id: string, host: HostDecl, bomRef: string, aibom: NativeAibom): Json {
  const service: Json = { 'bom-ref': bomRef, name: id };
  const providerOrg = host.provider !== undefined ? aibom.organizations?.[host.provider] : undefined;
  if (host.provider !== undefined || host.country !== undefined) {
    const provider: Json = {};
    if (host.provider !== undefined) provider.name = providerOrg?.name ?? host.provider;
    if (host.country !== undefined) provider.address = { country: host.country };
    service.provider = provider;
  }
  if (host.endpoint !== undefined) service.endpoints = [host.endpoint];
  const props = properties([
    [PROP.id, bomRef === id && !UUID.test(id) ? undefined : id],
    [PROP.hostKind, host.kind],
    [PROP.hostProvider, providerOrg ? host.provider : undefined],
    [PROP.region, host.regions?.map((r) => r.subdivision ?? r.country)],
    [PROP.serves, listValues(host.serves)],
  ]);
  if (props.length > 0) service.properties = props;
  return service;
}

function listValues(list: string[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  return list.length === 0 ? [''] : list;
}

/** A urn:uuid derived from the content (name-based, version 5 layout), so output is reproducible. */
function serialNumberOf(aibom: NativeAibom): string {
  const hex = createHash('sha256')
    .update(stringify(aibom) ?? '')
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
