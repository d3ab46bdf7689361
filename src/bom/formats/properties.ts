// The `aibom-guard:*` property namespace: facts of the native AIBOM that CycloneDX has no
// field for, carried as CycloneDX `properties` (name/value strings). `convert --to
// cyclonedx` writes them and the CycloneDX reader reads them back, so a round trip keeps
// the normalized model exact. docs/formats.md documents every name.
//
// Names follow the CycloneDX property taxonomy syntax (`namespace:name`, ":" only as the
// delimiter); values are plain strings, booleans are "true"/"false", lists repeat the name.

export const NAMESPACE = 'aibom-guard';

/** Property names, grouped by where they may appear. */
export const PROP = {
  // On metadata: marks a BOM written by `aibom-guard convert` (the native format version).
  format: 'aibom-guard:format',
  // On metadata.component: the native `system`.
  systemOwner: 'aibom-guard:system:owner',
  systemCommercial: 'aibom-guard:system:commercial',
  systemMau: 'aibom-guard:system:mau',
  systemMonthlyRevenueUSD: 'aibom-guard:system:monthly-revenue-usd',
  // On metadata: one native organization per property, value JSON {id,name,country?,parent?}.
  organization: 'aibom-guard:organization',

  // On a model component or a service: the native id when bom-ref cannot carry it.
  id: 'aibom-guard:id',
  // On a model component.
  unnamed: 'aibom-guard:unnamed',
  publisher: 'aibom-guard:publisher',
  origin: 'aibom-guard:origin',
  source: 'aibom-guard:source',
  revision: 'aibom-guard:revision',
  digest: 'aibom-guard:digest',
  snapshot: 'aibom-guard:snapshot',
  hijackingRating: 'aibom-guard:hijacking:rating',
  hijackingSource: 'aibom-guard:hijacking:source',
  hijackingEvaluated: 'aibom-guard:hijacking:evaluated',
  hijackingBasis: 'aibom-guard:hijacking:basis',
  useAgentic: 'aibom-guard:use:agentic',
  /** JSON: true, false or a list of tool names. */
  useTools: 'aibom-guard:use:tools',
  useDataClass: 'aibom-guard:use:data-class',
  dependsOn: 'aibom-guard:depends-on',
  safetyRiskAssessment: 'aibom-guard:safety-risk-assessment',
  autonomyType: 'aibom-guard:autonomy-type',

  // On a pedigree ancestor: which model it stands for, and how the component derives from it.
  ref: 'aibom-guard:ref',
  relation: 'aibom-guard:relation',
  /** "false" when the relation was not stated by the source (the relation is then a default). */
  relationStated: 'aibom-guard:relation-stated',

  // On a service: the native host.
  hostKind: 'aibom-guard:host:kind',
  /** The provider as the native AIBOM wrote it (an organizations key), when provider.name is its full name. */
  hostProvider: 'aibom-guard:host:provider',
  region: 'aibom-guard:host:region',
  serves: 'aibom-guard:host:serves',
} as const;

/** The official CycloneDX AI/ML property that names how a model was tuned from its base. */
export const CDX_TUNE_METHODS = 'cdx:ai-ml:model:parameter:tune_methods';
export const CDX_AI_ML_PREFIX = 'cdx:ai-ml:';

export interface Property {
  name: string;
  value?: string;
}

/** Read access to a `properties` array that may hold anything (it comes from a file). */
export class PropertyBag {
  private readonly entries: { name: string; value: string; index: number }[] = [];

  constructor(raw: unknown) {
    if (!Array.isArray(raw)) return;
    raw.forEach((p, index) => {
      if (p && typeof p === 'object' && typeof (p as Property).name === 'string') {
        const value = (p as Property).value;
        this.entries.push({ name: (p as Property).name, value: typeof value === 'string' ? value : '', index });
      }
    });
  }

  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined {
    return this.entries.find((e) => e.name === name)?.value;
  }

  /** Index in the properties array of the first `name`, for locating findings. */
  indexOf(name: string): number | undefined {
    return this.entries.find((e) => e.name === name)?.index;
  }

  /** Every value of `name`, in order. */
  all(name: string): string[] {
    return this.entries.filter((e) => e.name === name).map((e) => e.value);
  }

  has(name: string): boolean {
    return this.entries.some((e) => e.name === name);
  }

  /** Whether any property is in our namespace (a BOM written by `convert`, or annotated by hand). */
  hasOwnNamespace(): boolean {
    return this.entries.some((e) => e.name.startsWith(`${NAMESPACE}:`));
  }

  /** Entries whose name starts with `prefix`, in order, first value per name. */
  withPrefix(prefix: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.entries) if (e.name.startsWith(prefix) && !(e.name in out)) out[e.name] = e.value;
    return out;
  }
}

/** Build a properties array, skipping undefined values; lists repeat the name. */
export function properties(pairs: [string, string | string[] | undefined][]): Property[] {
  const out: Property[] = [];
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push({ name, value: v });
    else out.push({ name, value });
  }
  return out;
}
