// Rule metadata from `opa inspect --annotations --format json`: one entry per custom.id.
// Used by the build (scripts/build-policy.sh, for dist/policy/rules.json) and by team
// policies compiled at run time, so both apply the same requirements.
// No runtime imports: the build script loads this file directly with Node's type stripping.

export interface RuleMetaEntry {
  id: string;
  title: string;
  description: string;
  remediation: string;
}

interface Term {
  type: string;
  value: unknown;
}

interface InspectAnnotation {
  location?: { file?: string; row?: number };
  path?: Term[];
  annotations?: { scope?: string; title?: unknown; description?: unknown; custom?: Record<string, unknown> };
}

const RULE_ID = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

export class RuleMetadataError extends Error {
  override name = 'RuleMetadataError';
}

/**
 * Every rule that yields findings under data.aibom.rules must carry custom.id, a title, a
 * description and custom.remediation; rule bodies sharing an id must agree. Sorted by id.
 */
export function rulesFromAnnotations(inspect: { annotations?: InspectAnnotation[] }): RuleMetaEntry[] {
  const rules = new Map<string, Omit<RuleMetaEntry, 'id'>>();
  for (const entry of inspect.annotations ?? []) {
    const a = entry.annotations ?? {};
    const where = `${entry.location?.file ?? '?'}:${entry.location?.row ?? '?'}`;
    const path = (entry.path ?? []).map((t) => String(t.value)).join('.');
    const isFindingsRule = a.scope === 'rule' && /^data\.aibom\.rules\.[^.]+\.findings$/.test(path);
    const id = a.custom?.id;
    if (id === undefined) {
      if (isFindingsRule) throw new RuleMetadataError(`${where}: the METADATA of ${path} has no custom.id`);
      continue;
    }
    if (typeof id !== 'string' || !RULE_ID.test(id)) throw new RuleMetadataError(`${where}: custom.id ${JSON.stringify(id)} is not <family>/<name>`);
    const meta = {
      title: String(a.title ?? '').trim(),
      description: String(a.description ?? '').trim().replace(/\s+/g, ' '),
      remediation: String(a.custom?.remediation ?? '').trim().replace(/\s+/g, ' '),
    };
    for (const [k, v] of Object.entries(meta)) {
      if (!v) throw new RuleMetadataError(`${where}: rule ${id} has no ${k === 'remediation' ? 'custom.remediation' : k}`);
    }
    const seen = rules.get(id);
    if (seen && JSON.stringify(seen) !== JSON.stringify(meta)) throw new RuleMetadataError(`${where}: rule ${id} has different METADATA in two places`);
    rules.set(id, meta);
  }
  if (rules.size === 0) throw new RuleMetadataError('no rule METADATA with custom.id found');
  return [...rules.keys()].sort().map((id) => ({ id, ...(rules.get(id) as Omit<RuleMetaEntry, 'id'>) }));
}
