// Shared machinery of the foreign-format readers (CycloneDX, SPDX, model cards): build a
// native-shaped AIBOM while remembering, for every node written, the node of the source
// file it came from, so that findings on the normalized document point at the source line.

import spdxLicenseIds from 'spdx-license-ids/index.json' with { type: 'json' };
import spdxDeprecatedIds from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import type { BomFormat, LoadedFile, Location, NativeAibom, NormalizedBom, RawFinding, Relation, Severity } from '../types.js';
import { childPointer, parentPointer } from '../bom/pointer.js';

/** A local id of the native format. */
export const LOCAL_ID = /^[a-z0-9][a-z0-9._-]*$/;

export const RELATIONS: readonly Relation[] = [
  'finetune',
  'continued-pretraining',
  'rl',
  'adapter',
  'merge',
  'quantized',
  'pruned',
  'distilled',
];

/** Limits of the readers themselves, beyond the loader's (size, depth, aliases). */
export const READER_LIMITS = Object.freeze({
  /** Most models or hosts one foreign file may produce. */
  maxEntries: 10_000,
  /** Deepest chain of nested pedigree ancestors followed. */
  maxLineageDepth: 32,
  /** Most findings one reader reports for a file. */
  maxFindings: 100,
});

export class NativeBuilder {
  readonly doc: NativeAibom = { aibom: 1 };
  readonly findings: RawFinding[] = [];
  private dropped = 0;
  /** Native pointer → pointer of the source node it was read from. */
  private readonly origins = new Map<string, string>();
  private readonly used = { models: new Set<string>(), hosts: new Set<string>(), organizations: new Set<string>() };

  constructor(
    readonly loaded: LoadedFile,
    readonly format: BomFormat,
  ) {}

  /** Record that the native node at `nativePointer` comes from `sourcePointer`. */
  from(nativePointer: string, sourcePointer: string): void {
    this.origins.set(nativePointer, sourcePointer);
  }

  /** Position of a source pointer (nearest recorded ancestor). */
  sourceLocation(sourcePointer: string): Location {
    return positionOf(this.loaded, sourcePointer);
  }

  /**
   * A free id in `space` for something named by the candidates, best first: each candidate
   * as it is when it is a local id, else as a slug; the first unused one wins, else the
   * first numbered (-2, -3, ...).
   */
  allocateId(space: 'models' | 'hosts' | 'organizations', candidates: (string | undefined)[], fallback: string): string {
    const used = this.used[space];
    const ids = candidates
      .filter((c): c is string => typeof c === 'string' && c.trim() !== '')
      .map((c) => (LOCAL_ID.test(c) ? c : slugId(c)))
      .filter((c) => c !== '');
    for (const id of ids) if (!used.has(id)) return this.claim(space, id);
    const base = ids[0] ?? fallback;
    if (!used.has(base)) return this.claim(space, base);
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!used.has(candidate)) return this.claim(space, candidate);
    }
  }

  /** Claim an exact id; false when it is taken. */
  claimExact(space: 'models' | 'hosts' | 'organizations', id: string): boolean {
    if (this.used[space].has(id)) return false;
    this.used[space].add(id);
    return true;
  }

  isUsed(space: 'models' | 'hosts' | 'organizations', id: string): boolean {
    return this.used[space].has(id);
  }

  private claim(space: 'models' | 'hosts' | 'organizations', id: string): string {
    this.used[space].add(id);
    return id;
  }

  /** A `bom/*` finding at a source pointer. */
  finding(rule: string, message: string, sourcePointer: string, evidence: Record<string, unknown> = {}, severity: Severity = 'error', remediation?: string): void {
    if (this.findings.length >= READER_LIMITS.maxFindings) {
      this.dropped++;
      return;
    }
    this.findings.push({
      rule,
      severity,
      message,
      subject: { kind: 'bom', id: this.loaded.file },
      path: '',
      location: this.sourceLocation(sourcePointer),
      evidence: { ...evidence, sourcePath: sourcePointer },
      ...(remediation ? { remediation } : {}),
    });
  }

  /** Findings, with a note on the last one when some were left out. */
  allFindings(): RawFinding[] {
    if (this.dropped === 0) return this.findings;
    const kept = [...this.findings];
    const last = kept[kept.length - 1]!;
    kept[kept.length - 1] = { ...last, message: `${last.message} (and ${this.dropped} more problems not shown)`, evidence: { ...last.evidence, omitted: this.dropped } };
    return kept;
  }

  /** The normalized BOM: the document and a locator from native pointers to source positions. */
  result(): NormalizedBom {
    const { loaded, origins } = this;
    return {
      file: loaded.file,
      format: this.format,
      sha256: loaded.sha256,
      aibom: this.doc,
      locate: (pointer: string): Location => {
        // "<pointer>#key" asks for the key of a member: the source node's key if it has one.
        const wantsKey = pointer.endsWith('#key');
        let p: string | null = wantsKey ? pointer.slice(0, -'#key'.length) : pointer;
        let exact = true;
        while (p !== null) {
          const source = origins.get(p);
          if (source !== undefined) {
            const key = wantsKey && exact ? loaded.positions.get(`${source}#key`) : undefined;
            return key ? { file: loaded.file, line: key.line, column: key.column } : positionOf(loaded, source);
          }
          p = parentPointer(p);
          exact = false;
        }
        return { file: loaded.file, line: 1, column: 1 };
      },
    };
  }
}

/** Position of the node at `pointer` in a loaded file, or of its nearest recorded ancestor. */
export function positionOf(loaded: LoadedFile, pointer: string): Location {
  let p: string | null = pointer;
  while (p !== null) {
    const pos = loaded.positions.get(p);
    if (pos) return { file: loaded.file, line: pos.line, column: pos.column };
    p = parentPointer(p);
  }
  return { file: loaded.file, line: 1, column: 1 };
}

export { childPointer };

/** A local id made from free text: lower case, runs of other characters become "-". */
export function slugId(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '')
    .slice(0, 80);
}

// ---------------------------------------------------------------------------------------
// Licenses

const LICENSE_IDS = new Map<string, string>([...(spdxDeprecatedIds as string[]), ...(spdxLicenseIds as string[])].map((id) => [id.toLowerCase(), id]));

/** The SPDX id spelled canonically, when `text` is one (case-insensitive); else undefined. */
export function spdxLicenseId(text: string): string | undefined {
  return LICENSE_IDS.get(text.trim().toLowerCase());
}

/** A custom license as an SPDX `LicenseRef-` id (idstring: letters, digits, "." and "-"). */
export function licenseRef(name: string): string {
  const trimmed = name.trim();
  if (/^LicenseRef-[A-Za-z0-9.-]+$/.test(trimmed)) return trimmed;
  const idstring = trimmed
    .replace(/^LicenseRef-/i, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return `LicenseRef-${idstring || 'unnamed'}`;
}

/** An SPDX id if the text is one, else a LicenseRef for it. */
export function licenseFromName(text: string): string {
  return spdxLicenseId(text) ?? licenseRef(text);
}

/** Join license expressions with AND (every listed license applies), parenthesizing compound ones. */
export function allOf(expressions: string[]): string | undefined {
  const unique = [...new Set(expressions.map((e) => e.trim()).filter((e) => e !== ''))];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return unique.map((e) => (/\s(AND|OR|WITH)\s/i.test(e) && !/^\(.*\)$/.test(e) ? `(${e})` : e)).join(' AND ');
}

// ---------------------------------------------------------------------------------------
// Relations

/** Tune methods of the cdx:ai-ml taxonomy, and common spellings, as native relations. */
const RELATION_WORDS: Record<string, Relation> = {
  finetune: 'finetune',
  'fine-tune': 'finetune',
  'fine-tuned': 'finetune',
  finetuned: 'finetune',
  'fine-tuning': 'finetune',
  full: 'finetune',
  sft: 'finetune',
  'continued-pretraining': 'continued-pretraining',
  'continued-pre-training': 'continued-pretraining',
  cpt: 'continued-pretraining',
  rl: 'rl',
  rlhf: 'rl',
  rlaif: 'rl',
  dpo: 'rl',
  grpo: 'rl',
  ppo: 'rl',
  adapter: 'adapter',
  adapters: 'adapter',
  lora: 'adapter',
  qlora: 'adapter',
  alora: 'adapter',
  prompt: 'adapter',
  peft: 'adapter',
  merge: 'merge',
  merged: 'merge',
  quantized: 'quantized',
  quantization: 'quantized',
  pruned: 'pruned',
  pruning: 'pruned',
  distilled: 'distilled',
  distillation: 'distilled',
};

/**
 * Relations named by a comma-separated text; unknown words are returned separately so the
 * caller can report them (an unknown relation is never silently dropped).
 */
export function parseRelations(text: string): { relations: Relation[]; unknown: string[] } {
  const relations: Relation[] = [];
  const unknown: string[] = [];
  for (const word of text.split(/[,;]/).map((w) => w.trim().toLowerCase().replace(/[\s_]+/g, '-')).filter((w) => w !== '')) {
    const relation = RELATION_WORDS[word];
    if (relation === undefined) unknown.push(word);
    else if (!relations.includes(relation)) relations.push(relation);
  }
  return { relations, unknown };
}

/** Whether a value is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// ---------------------------------------------------------------------------------------
// Countries: CycloneDX addresses give "the country name or the two-letter ISO 3166-1 code".

// Groupings and pseudo-regions that Intl names but that are no countries, and withdrawn codes
// (which Intl still names, e.g. UK, SU, YU).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB', 'AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);
const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US', 'united states of america': 'US', america: 'US', us: 'US',
  uk: 'GB', 'great britain': 'GB', england: 'GB', britain: 'GB',
  prc: 'CN', 'peoples republic of china': 'CN', 'mainland china': 'CN', chn: 'CN',
  'russian federation': 'RU', rus: 'RU',
  'republic of korea': 'KR', 'korea republic of': 'KR', 'korea south': 'KR',
  'democratic peoples republic of korea': 'KP', dprk: 'KP', 'korea north': 'KP',
  iran: 'IR', 'islamic republic of iran': 'IR', syria: 'SY', 'syrian arab republic': 'SY',
  uae: 'AE', deu: 'DE', fra: 'FR', gbr: 'GB', jpn: 'JP', ind: 'IN', can: 'CA', isr: 'IL', myanmar: 'MM', burma: 'MM',
};
let countryNames: Map<string, string> | undefined;
let countryCodes: Set<string> | undefined;

function squash(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z ]+/g, '').replace(/\s+/g, ' ').trim();
}

function countryTable(): Map<string, string> {
  if (countryNames) return countryNames;
  const names = new Map<string, string>();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      if (NOT_COUNTRIES.has(code)) continue;
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code) names.set(squash(name), code);
    }
  }
  countryCodes = new Set(names.values());
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) names.set(squash(alias), code);
  countryNames = names;
  return names;
}

/** ISO 3166-1 alpha-2 (upper case) for a code or an English country name; undefined when unknown. */
export function countryCode(value: unknown): string | undefined {
  const text = asString(value)?.trim();
  if (text === undefined) return undefined;
  const table = countryTable();
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    return countryCodes!.has(code) ? code : COUNTRY_ALIASES[text.toLowerCase()];
  }
  return table.get(squash(text));
}
