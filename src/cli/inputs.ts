// Reading the check's other inputs (config, catalog, policies, baseline) from disk.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, LoadedFile } from '../types.js';
import defaultCatalog from '../../policies/data/catalog.json' with { type: 'json' };
import catalogSchema from '../../schemas/catalog.schema.json' with { type: 'json' };
import { loadFile } from '../bom/load.js';
import { validateWith } from '../schema/validate.js';
import { mergeCatalogs } from '../lineage/catalog.js';
import { locatorFor } from '../config/config.js';
import { defaultBundlePath, loadPolicyBundle, PolicyEngineError, type RuleMeta } from '../policy/engine.js';
import { compileTeamPolicy, findOpa, policySourceDir, TeamPolicyError, wasmFromBundle, type CompiledTeamPolicy } from '../policy/team.js';
import type { LoadedPolicy } from '../check.js';
import { sha256Hex } from '../check.js';
import { CliError, type ErrorCode } from './errors.js';
import { displayPath } from './discover.js';
import { readInputFile } from './io.js';

/** Parse a YAML or JSON side file (config, catalog overlay); any problem is exit 2 at its location. */
export function loadYamlOrJson(absolute: string, display: string, code: ErrorCode): LoadedFile {
  const result = loadFile(display, readInputFile(absolute, display));
  if (!result.ok) {
    const first = result.findings[0];
    throw new CliError(code, first ? first.message : `${display}: cannot parse`, first?.location ?? null);
  }
  return result.loaded;
}

/** An overlay may carry any subset of the catalog's sections. */
const overlaySchema = { ...catalogSchema, $id: 'https://aibom-guard.dev/schemas/catalog-overlay-v1.json', required: ['version'] };

export function loadCatalog(dataFiles: string[], root: string, cwd: string): Catalog {
  const base = defaultCatalog as unknown as Catalog;
  const overlays: Partial<Catalog>[] = [];
  for (const file of dataFiles) {
    const absolute = path.resolve(cwd, file);
    const display = displayPath(root, absolute);
    const loaded = loadYamlOrJson(absolute, display, 'data');
    const errors = validateWith(overlaySchema, loaded.value, locatorFor(loaded), 'data/schema', { kind: 'bom', id: display });
    const first = errors[0];
    if (first) throw new CliError('data', `invalid catalog data: ${first.message}`, first.location);
    overlays.push(loaded.value as Partial<Catalog>);
  }
  return overlays.length ? mergeCatalogs(base, ...overlays) : base;
}

/** The built-in policy bundle that the build compiled into dist/policy. */
export async function loadDefaultPolicies(dir = defaultBundlePath()): Promise<LoadedPolicy[]> {
  let wasm: Buffer;
  let rules: RuleMeta[];
  try {
    wasm = readFileSync(path.join(dir, 'policy.wasm'));
    rules = JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8')) as RuleMeta[];
  } catch (error) {
    throw new CliError('policy', `built-in policy bundle missing or unreadable in ${dir}: ${(error as Error).message} (run npm run build)`);
  }
  try {
    const bundle = await loadPolicyBundle(wasm, rules);
    return [{ name: 'builtin', sha256: sha256Hex(wasm), bundle, rules }];
  } catch (error) {
    throw new CliError('policy', `built-in policy bundle cannot be loaded: ${(error as Error).message}`);
  }
}

/** Fingerprints of an earlier JSON report (--baseline). */
export function readBaseline(absolute: string, display: string): Set<string> {
  const text = readInputFile(absolute, display).toString('utf8');
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new CliError('baseline', `${display}: not a JSON report: ${(error as Error).message}`);
  }
  const findings = (report as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new CliError('baseline', `${display}: not an aibom-guard JSON report (no findings array)`);
  const fingerprints = new Set<string>();
  for (const f of findings) {
    const fp = (f as { fingerprint?: unknown }).fingerprint;
    if (typeof fp !== 'string') throw new CliError('baseline', `${display}: a finding has no fingerprint`);
    fingerprints.add(fp);
  }
  return fingerprints;
}

/** --policy DIR|BUNDLE: team Rego compiled with the installed OPA, or a prebuilt WASM bundle. */
export async function loadTeamPolicies(specs: string[], root: string, cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedPolicy[]> {
  const loaded: LoadedPolicy[] = [];
  const sourceDir = policySourceDir(defaultBundlePath());
  for (const spec of specs) {
    const absolute = path.resolve(cwd, spec);
    const display = displayPath(root, absolute);
    try {
      let compiled: CompiledTeamPolicy;
      if (!existsSync(absolute)) throw new CliError('policy', `${display}: no such policy directory or bundle`);
      if (statSync(absolute).isDirectory()) {
        compiled = await compileTeamPolicy(absolute, { opa: findOpa(env, path.dirname(sourceDir)), sourceDir });
      } else {
        compiled = { wasm: await wasmFromBundle(readInputFile(absolute, display)), rules: [] };
      }
      const bundle = await loadPolicyBundle(compiled.wasm, compiled.rules);
      loaded.push({ name: `team:${display}`, sha256: bundle.sha256, bundle, rules: compiled.rules });
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (error instanceof TeamPolicyError || error instanceof PolicyEngineError) throw new CliError('policy', `${display}: ${error.message}`);
      throw error;
    }
  }
  return loaded;
}
