// Benchmark: time and memory of the whole pipeline (load → … → decide) on generated AIBOMs
// of growing size. Speed and memory targets are checked here, never in timed tests.
//   npm run bench            (requires a prior `npm run build` for dist/policy)
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Typical AIBOMs: derivation chains up to 3 deep. The deep case (chains of 10, where every
// ancestor carries its whole chain as evidence) is reported too, without a target.
const RUNS = [
  { models: 100, depth: 3 },
  { models: 1000, depth: 3 },
  { models: 5000, depth: 3 },
  { models: 1000, depth: 10 },
];
// Targets for a 2-core CI machine, on the largest typical run.
const TARGET_MS_PER_1000_MODELS = 2000;
const TARGET_PEAK_RSS_MB = 1024;

const work = mkdtempSync(path.join(tmpdir(), 'aibom-bench-'));
const entry = path.join(work, 'bench-entry.mjs');
await build({
  stdin: {
    contents: `export { runCheck } from './src/check.ts';
export { resolveConfig } from './src/config/config.ts';
export { loadDefaultPolicies, loadCatalog } from './src/cli/inputs.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile: entry,
  bundle: true,
  platform: 'node',
  format: 'esm',
  define: { __AIBOM_GUARD_VERSION__: '"bench"' },
  alias: { punycode: 'punycode/' },
  banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  logLevel: 'error',
});
const lib = await import(pathToFileURL(entry).href);

/**
 * An AIBOM with n models. `depth` bounds the local derivation chains: every `depth`-th model
 * starts a chain from a catalog base (Kimi K2.5, so origin, license and rating rules fire),
 * the others fine-tune the model before them. A host serves every 50th model.
 */
function generate(n, depth) {
  const lines = ['aibom: 1', 'system: { name: bench, commercial: true }', 'organizations:', '  bench-org: { name: Bench Org, country: US }', 'models:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  m${i}:`, `    name: Model ${i}`, '    publisher: bench-org', `    revision: ${i.toString(16).padStart(40, 'a')}`, '    license: Apache-2.0');
    const base = i % depth === 0 ? 'hf:moonshotai/Kimi-K2.5' : `m${i - 1}`;
    lines.push('    derivedFrom:', `      - model: ${base}`, '        relation: [finetune]');
  }
  lines.push('hosts:');
  for (let i = 0; i < n; i += 50) lines.push(`  h${i}:`, '    kind: api', `    country: ${i % 100 === 0 ? 'US' : 'IR'}`, `    serves: [m${i}]`);
  return `${lines.join('\n')}\n`;
}

const catalog = lib.loadCatalog([], root, root);
// The bundled module would look for dist/policy beside itself; point it at the real one.
const policies = await lib.loadDefaultPolicies(path.join(root, 'dist', 'policy'));
const config = lib.resolveConfig(null);
const results = [];
for (const { models: n, depth } of RUNS) {
  const bytes = Buffer.from(generate(n, depth));
  const start = performance.now();
  const report = lib.runCheck({
    files: [{ file: 'bench.aibom.yaml', bytes }],
    catalog,
    config,
    policies,
    context: { now: '2026-11-24T00:00:00Z', profile: 'baseline', failOn: 'error', event: null, changedFiles: [], source: {} },
  });
  const ms = performance.now() - start;
  results.push({ models: n, chainDepth: depth, bytes: bytes.length, ms: Math.round(ms), findings: report.findings.length, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
}
rmSync(work, { recursive: true, force: true });
console.table(results);
const largest = results.filter((r) => r.chainDepth === 3).at(-1);
const perThousand = (largest.ms / largest.models) * 1000;
const ok = perThousand <= TARGET_MS_PER_1000_MODELS && largest.peakRssMB <= TARGET_PEAK_RSS_MB;
console.log(`${ok ? 'within' : 'OVER'} targets: ${Math.round(perThousand)} ms per 1000 models (target ${TARGET_MS_PER_1000_MODELS}), peak RSS ${largest.peakRssMB} MB (target ${TARGET_PEAK_RSS_MB})`);
process.exitCode = ok ? 0 : 1;
