import type { Profile, RuleConfig } from '../types.js';

/**
 * Default parameters of the built-in rules. A config file overrides them per rule; the
 * policies read the merged result as data.config.rules[<rule id>].params.
 * Lists name catalog lists (policies/data/catalog.json), so every fact keeps its source.
 */
export const DEFAULT_RULES: Record<string, RuleConfig> = {
  'origin/country-of-concern': {
    // FY2026 NDAA (P.L. 119-60) §1532 covers AI from China, Russia, Iran and North Korea.
    params: { list: 'countries-of-concern-ndaa-1532', countries: ['CN', 'RU', 'IR', 'KP'] },
  },
  'export/sanctioned-jurisdiction': {
    params: { lists: ['ofac-comprehensive', 'ear-e1', 'ear-e2'] },
  },
  'origin/restricted-party-developer': {
    // Catalog lists of kind `parties` whose members, as publishers of weights run in-house, are reported.
    params: { lists: ['bis-entity-list'] },
  },
  'hijacking/high-risk-agent': {
    // Effective ratings that fail an agent with tool access.
    params: { ratings: ['high', 'critical'] },
  },
  'governance/catalog-age': {
    // Lists change: a catalog older than this many days (catalog asOf to --now) is reported.
    params: { maxAgeDays: 180 },
  },
};

export const DEFAULT_PROFILE: Profile = 'baseline';

/** Config file names looked up in the working directory when --config is not given. */
export const CONFIG_FILE_NAMES = ['.aibom-guard.yml', '.aibom-guard.yaml', '.aibom-guard.json'];
