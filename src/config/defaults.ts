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
  'export/restricted-party': {
    // Catalog lists of kind `parties`: a host, provider or hosted API of a listed party receives data or payment.
    params: { lists: ['bis-entity-list'] },
  },
  'export/data-to-country-of-concern': {
    // Where a model that sees declared data classes is served.
    params: { list: 'countries-of-concern-ndaa-1532', countries: ['CN', 'RU', 'IR', 'KP'] },
  },
  'export/closed-weights-4e091': {
    // ECCN 4E091 (90 FR 4544) was rescinded on 2025-05-13: off unless a team enables it and lists
    // its closed-weights models trained with more than 1e26 operations (ids, <file>#<id> keys or refs).
    params: { enabled: false, models: [] },
  },
  'license/denied': {
    // SPDX ids or LicenseRef-* (case-insensitive); includeBases also checks weight-derived ancestors.
    params: { deny: [], includeBases: true },
  },
  'license/not-allowed': {
    // Empty allow list: the rule is off.
    params: { allow: [], includeBases: true },
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
