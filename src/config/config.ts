import type { Catalog, FailOn, LoadedFile, Location, Profile, ResolvedConfig, RuleConfig, WaiverDecl } from '../types.js';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { validateWith } from '../schema/validate.js';
import { pointerOf } from '../bom/pointer.js';
import { DEFAULT_PROFILE, DEFAULT_RULES } from './defaults.js';

/** A configuration that cannot be used: the check stops with exit 2 and this location. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly location: Location | null,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface ConfigFile {
  profile?: Profile;
  failOn?: FailOn;
  rules?: Record<string, RuleConfig>;
  waivers?: Omit<WaiverDecl, 'location'>[];
}

/** Position of a pointer in a loaded side file, falling back to the nearest ancestor node. */
export function locatorFor(loaded: LoadedFile) {
  return (pointer: string): Location => {
    let p = pointer;
    for (;;) {
      const pos = loaded.positions.get(p);
      if (pos) return { file: loaded.file, ...pos };
      if (p === '') return { file: loaded.file, line: 1, column: 1 };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
}

/**
 * Merge the built-in defaults, the config file (if any) and command-line overrides.
 * Throws ConfigError (with the line at fault) when the file breaks its schema.
 */
export function resolveConfig(
  loaded: LoadedFile | null,
  overrides: { profile?: Profile; failOn?: FailOn } = {},
): ResolvedConfig {
  let file: ConfigFile = {};
  if (loaded) {
    const locate = locatorFor(loaded);
    const errors = validateWith(configSchema, loaded.value, locate, 'config/schema', { kind: 'bom', id: loaded.file });
    const first = errors[0];
    if (first) {
      const rest = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      throw new ConfigError(`${first.message}${rest}`, first.location);
    }
    file = loaded.value as ConfigFile;
    for (const rule of Object.keys(file.rules ?? {})) {
      if (rule.startsWith('bom/') && file.rules?.[rule]?.severity !== undefined) {
        throw new ConfigError(
          `${rule}: bom/* findings cannot be downgraded: an AIBOM that cannot be read cannot be judged`,
          locate(pointerOf(['rules', rule, 'severity'])),
        );
      }
    }
  }

  const rules: Record<string, RuleConfig> = {};
  for (const id of new Set([...Object.keys(DEFAULT_RULES), ...Object.keys(file.rules ?? {})])) {
    const base = DEFAULT_RULES[id] ?? {};
    const override = file.rules?.[id] ?? {};
    const merged: RuleConfig = { params: { ...(base.params ?? {}), ...(override.params ?? {}) } };
    const severity = override.severity ?? base.severity;
    if (severity) merged.severity = severity;
    rules[id] = merged;
  }

  const waivers: WaiverDecl[] = (file.waivers ?? []).map((w, i) => ({
    ...w,
    expires: String(w.expires),
    ...(loaded ? { location: locatorFor(loaded)(pointerOf(['waivers', i])) } : {}),
  }));

  return {
    file: loaded?.file ?? null,
    sha256: loaded?.sha256 ?? null,
    profile: overrides.profile ?? file.profile ?? DEFAULT_PROFILE,
    failOn: overrides.failOn ?? file.failOn ?? null,
    rules,
    waivers,
  };
}

/**
 * Rule parameters that name catalog lists (`list`, `lists`) must name lists the catalog has:
 * inside Rego an unknown id would silently match nothing, which would turn a typo into a pass.
 */
export function checkListReferences(config: ResolvedConfig, catalog: Catalog, loaded: LoadedFile | null): void {
  const known = new Set(catalog.lists.map((l) => l.id));
  for (const [rule, { params }] of Object.entries(config.rules)) {
    const named: [string, (string | number)[]][] = [];
    if (typeof params?.list === 'string') named.push([params.list, ['rules', rule, 'params', 'list']]);
    if (Array.isArray(params?.lists)) {
      params.lists.forEach((id, i) => typeof id === 'string' && named.push([id, ['rules', rule, 'params', 'lists', i]]));
    }
    for (const [id, where] of named) {
      if (known.has(id)) continue;
      const location = loaded ? locatorFor(loaded)(pointerOf(where)) : null;
      throw new ConfigError(`${rule}: the catalog has no list "${id}" (lists: ${[...known].sort().join(', ')})`, location);
    }
  }
}
