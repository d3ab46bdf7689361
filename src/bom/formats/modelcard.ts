// Hugging Face model cards → the native AIBOM model: the YAML front matter of a README.md
// (https://huggingface.co/docs/hub/model-cards). The card describes one model; its bases
// are `base_model` (a string or a list) with `base_model_relation`, its license `license`
// (with `license_name` when it is "other"). The load stage parses the front matter and
// keeps positions in the whole file, so findings point at the README's lines.

import type { DerivationDecl, LoadedFile, ModelDecl, NormalizedBom, RawFinding, Relation } from '../../types.js';
import { parseModelRef } from '../refs.js';
import { validateWith } from '../../schema/validate.js';
import { NativeBuilder, asArray, asString, isObject, licenseFromName, licenseRef, spdxLicenseId } from '../../convert/to-native.js';
import { escapeToken } from '../pointer.js';
import { locator } from './native.js';

/** base_model_relation values of the Hub, which are native relations as they are. */
export const HF_RELATIONS: readonly Relation[] = ['adapter', 'merge', 'quantized', 'finetune'];

const stringOrList = (what: string) => ({
  description: `${what}: a string or a list of strings`,
  anyOf: [
    { type: 'string', minLength: 1, description: what },
    { type: 'array', description: `a list of ${what}`, items: { type: 'string', minLength: 1, description: what } },
  ],
});

/** The front matter fields this reader uses; others are free. */
export const MODEL_CARD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aibom-guard.dev/schemas/hf-model-card.json',
  description: 'The fields of a Hugging Face model card front matter that AIBOM Guard reads.',
  type: 'object',
  properties: {
    base_model: stringOrList('a Hugging Face model id (org/name)'),
    base_model_relation: { enum: HF_RELATIONS, description: 'how the model derives from base_model: adapter, merge, quantized or finetune' },
    license: stringOrList('a Hugging Face license id (e.g. apache-2.0, mit, other)'),
    license_name: { type: 'string', minLength: 1, description: 'the name of a license that is "other"' },
    license_link: { type: 'string', minLength: 1, description: 'a link to the license text' },
    model_name: { type: 'string', minLength: 1, description: 'the model name' },
    model_creator: { type: 'string', minLength: 1, description: 'who created the model' },
  },
} as const;

export function isModelCard(loaded: LoadedFile): boolean {
  return /\.(md|markdown)$/i.test(loaded.file) && !(isObject(loaded.value) && 'aibom' in loaded.value);
}

export const modelcardAdapter = {
  format: 'modelcard' as const,
  detect: isModelCard,
  normalize(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
    return normalizeModelCard(loaded);
  },
};

export function normalizeModelCard(loaded: LoadedFile): { bom: NormalizedBom | null; findings: RawFinding[] } {
  const builder = new NativeBuilder(loaded, 'modelcard');
  if (!/\.(md|markdown)$/i.test(loaded.file)) {
    // Forced with --input-format modelcard on another file.
    builder.finding('bom/parse', 'not a Hugging Face model card: a model card is the YAML front matter of a Markdown file (README.md)', '', { reason: 'unknown-format', format: 'modelcard' });
    return { bom: null, findings: builder.allFindings() };
  }
  const card = loaded.value;
  if (card === null || card === undefined) {
    builder.finding(
      'bom/no-ai-content',
      'this Markdown file has no YAML front matter, so it is not a Hugging Face model card and describes no model',
      '',
      { format: 'modelcard' },
      'error',
      'Add the model card metadata between --- lines at the top of the README (base_model, license), or remove this file from the check.',
    );
    return { bom: builder.result(), findings: builder.allFindings() };
  }
  const subject = { kind: 'bom' as const, id: loaded.file };
  if (!isObject(card)) {
    const findings = validateWith(MODEL_CARD_SCHEMA, card, locator(loaded.file, loaded.positions), 'bom/schema', subject);
    return { bom: null, findings: findings.map((f) => ({ ...f, message: `model card: ${f.message}` })) };
  }
  const shape = validateWith(MODEL_CARD_SCHEMA, card, locator(loaded.file, loaded.positions), 'bom/schema', subject);
  if (shape.length > 0) {
    return { bom: null, findings: shape.map((f) => ({ ...f, message: `model card: ${f.message}`, evidence: { ...f.evidence, sourcePath: f.path }, path: '' })) };
  }

  // The card names no repository; the model is named by the card, else by its folder.
  const modelIndex = asArray(card['model-index'])[0];
  const name = asString(card.model_name) ?? (isObject(modelIndex) ? asString(modelIndex.name) : undefined);
  const folder = loaded.file.split('/').slice(-2, -1)[0];
  const id = builder.allocateId('models', [name, folder], 'model');
  const at = `/models/${escapeToken(id)}`;
  const model: ModelDecl = {};
  builder.from(at, '');
  if (name !== undefined) {
    model.name = name;
    builder.from(`${at}/name`, asString(card.model_name) !== undefined ? '/model_name' : '/model-index/0/name');
  }
  const creator = asString(card.model_creator);
  if (creator !== undefined) {
    model.publisher = creator;
    builder.from(`${at}/publisher`, '/model_creator');
  }

  const license = licenseOfCard(card);
  if (license !== undefined) {
    model.license = license;
    builder.from(`${at}/license`, '/license');
  }

  const bases = typeof card.base_model === 'string' ? [card.base_model] : asArray(card.base_model);
  const listed = Array.isArray(card.base_model);
  const relation = asString(card.base_model_relation) as Relation | undefined;
  const derivedFrom: DerivationDecl[] = [];
  bases.forEach((base, index) => {
    const text = String(base).trim();
    const sourcePointer = listed ? `/base_model/${index}` : '/base_model';
    const ref = parseModelRef(text.includes(':') ? text : `hf:${text}`);
    if (!ref || ref.kind !== 'hf') {
      builder.finding('bom/schema', `model card: base_model ${JSON.stringify(text)} is not a Hugging Face model id (org/name)`, sourcePointer, { baseModel: text });
      return;
    }
    const entry: DerivationDecl = relation !== undefined ? { model: ref.revision ? `${ref.id}@${ref.revision}` : ref.id, relation } : { model: ref.revision ? `${ref.id}@${ref.revision}` : ref.id, relation: 'finetune', relationStated: false };
    const k = derivedFrom.length;
    derivedFrom.push(entry);
    builder.from(`${at}/derivedFrom/${k}`, sourcePointer);
    builder.from(`${at}/derivedFrom/${k}/model`, sourcePointer);
    builder.from(`${at}/derivedFrom/${k}/relation`, relation !== undefined ? '/base_model_relation' : sourcePointer);
  });
  if (derivedFrom.length > 0) {
    model.derivedFrom = derivedFrom;
    builder.from(`${at}/derivedFrom`, '/base_model');
  }
  (builder.doc.models ??= {})[id] = model;
  return { bom: builder.result(), findings: builder.allFindings() };
}

/** The card's license as SPDX: Hub ids that are SPDX ids as they are, `other` by its license_name, others as LicenseRef. */
function licenseOfCard(card: Record<string, unknown>): string | undefined {
  const ids = typeof card.license === 'string' ? [card.license] : asArray(card.license).filter((l): l is string => typeof l === 'string');
  const terms: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (id === '' || id.toLowerCase() === 'unknown') continue;
    if (id.toLowerCase() === 'other') {
      const name = asString(card.license_name);
      terms.push(licenseFromName(name ?? 'other'));
      continue;
    }
    terms.push(spdxLicenseId(id) ?? licenseRef(id));
  }
  const unique = [...new Set(terms)];
  return unique.length === 0 ? undefined : unique.join(' AND ');
}
