#!/usr/bin/env node
// Generates policies/capabilities.json: the capabilities of the pinned OPA, with `builtins`
// cut down to what a policy compiled with `opa build -t wasm` can actually call at run time
// under @open-policy-agent/opa-wasm. `opa build --capabilities` then rejects any other builtin
// (time.now_ns, graph.reachable_paths, semver.*, ...) when the policy is built, instead of the
// SDK throwing "not implemented" in a user's CI run.
//
//   node scripts/gen-capabilities.mjs            write policies/capabilities.json
//   node scripts/gen-capabilities.mjs --check    fail if the committed file differs
//   node scripts/gen-capabilities.mjs --verify-source "$(go env GOMODCACHE)/github.com/open-policy-agent/opa@v1.22.2"
//       also prove WASM_NATIVE_BUILTINS equals the map in that OPA source tree
//   --opa PATH          OPA binary (default .tools/bin/opa)
//   --from FILE         use saved `opa capabilities --current` output instead of running OPA
//
// `features` and `future_keywords` are kept exactly as OPA reports them.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OPA_VERSION = '1.22.2';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(repoRoot, 'policies', 'capabilities.json');

// Builtins the OPA v1.22.2 WASM compiler implements natively: the keys of `builtinsFunctions`
// in internal/compiler/wasm/wasm.go, resolved to their names in v1/ast/builtins.go, plus `eq`
// and `assign`, which `IsWasmEnabled` accepts because the planner compiles them away.
// (Identical to the builtins with `"wasm": true` in that release's builtin_metadata.json.)
// Re-check with --verify-source when the pinned OPA changes.
const WASM_NATIVE_BUILTINS = [
  'abs', 'all', 'and', 'any', 'array.concat', 'array.flatten', 'array.reverse', 'array.slice',
  'assign', 'base64.decode', 'base64.encode', 'base64.is_valid', 'base64url.decode',
  'base64url.encode', 'bits.and', 'bits.lsh', 'bits.negate', 'bits.or', 'bits.rsh', 'bits.xor',
  'ceil', 'concat', 'contains', 'count', 'div', 'endswith', 'eq', 'equal', 'floor', 'format_int',
  'glob.match', 'graph.reachable', 'gt', 'gte', 'indexof', 'internal.member_2',
  'internal.member_3', 'internal.template_string', 'intersection', 'is_array', 'is_boolean',
  'is_null', 'is_number', 'is_object', 'is_set', 'is_string', 'json.filter', 'json.is_valid',
  'json.marshal', 'json.remove', 'json.unmarshal', 'lower', 'lt', 'lte', 'max', 'min', 'minus',
  'mul', 'neq', 'net.cidr_contains', 'net.cidr_intersects', 'net.cidr_overlap', 'numbers.range',
  'object.filter', 'object.get', 'object.keys', 'object.remove', 'object.union',
  'object.union_n', 'or', 'plus', 'product', 're_match', 'regex.find_all_string_submatch_n',
  'regex.is_valid', 'regex.match', 'rem', 'replace', 'round', 'set_diff', 'sort', 'split',
  'startswith', 'strings.replace_n', 'strings.reverse', 'substring', 'sum', 'to_number', 'trim',
  'trim_left', 'trim_prefix', 'trim_right', 'trim_space', 'trim_suffix', 'type_name', 'union',
  'upper', 'walk',
];

function parseArgs(argv) {
  const args = { check: false, opa: join(repoRoot, '.tools', 'bin', 'opa'), from: null, verifySource: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--check') args.check = true;
    else if (arg === '--opa') args.opa = value();
    else if (arg === '--from') args.from = value();
    else if (arg === '--verify-source') args.verifySource = value();
    else fail(`unknown argument ${arg}`);
  }
  return args;
}

function fail(message) {
  console.error(`gen-capabilities: ${message}`);
  process.exit(1);
}

function opaCapabilities(args) {
  if (args.from) return JSON.parse(readFileSync(args.from, 'utf8'));
  if (!existsSync(args.opa)) fail(`OPA not found at ${args.opa}; run scripts/install-tools.sh`);
  const version = execFileSync(args.opa, ['version'], { encoding: 'utf8' });
  if (!new RegExp(`^Version: ${OPA_VERSION.replaceAll('.', '\\.')}$`, 'm').test(version)) {
    fail(`${args.opa} is not OPA ${OPA_VERSION}:\n${version}`);
  }
  return JSON.parse(execFileSync(args.opa, ['capabilities', '--current'], { encoding: 'utf8' }));
}

/** The builtins the JS SDK implements itself (src/builtins of the installed package) and its ABI versions. */
function sdkSupport() {
  const require = createRequire(join(repoRoot, 'package.json'));
  // The package's exports hide package.json; its CommonJS entry is <pkg>/src/index.cjs.
  const pkgDir = dirname(dirname(require.resolve('@open-policy-agent/opa-wasm')));
  const pkgJson = join(pkgDir, 'package.json');
  const sdkBuiltins = Object.keys(createRequire(pkgJson)(join(pkgDir, 'src', 'builtins', 'index.js')));
  const sdkCaps = JSON.parse(readFileSync(join(pkgDir, 'capabilities.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  return { version, sdkBuiltins, abiVersions: sdkCaps.wasm_abi_versions };
}

/** Reads the native builtin list out of an OPA source tree, as --verify-source. */
function nativeBuiltinsFromSource(dir) {
  const wasmGo = readFileSync(join(dir, 'internal', 'compiler', 'wasm', 'wasm.go'), 'utf8');
  const astGo = readFileSync(join(dir, 'v1', 'ast', 'builtins.go'), 'utf8');
  const map = /var builtinsFunctions = map\[string\]string\{([\s\S]*?)\n\}/.exec(wasmGo);
  if (!map) fail(`builtinsFunctions not found in ${dir}`);
  const names = new Set(['eq', 'assign']);
  for (const [, ident] of map[1].matchAll(/ast\.(\w+)\.Name:/g)) {
    const decl = new RegExp(`^var ${ident} = &Builtin\\{\\s*Name:\\s*"([^"]+)"`, 'm').exec(astGo);
    if (!decl) fail(`cannot resolve ast.${ident} in v1/ast/builtins.go`);
    names.add(decl[1]);
  }
  return [...names].sort();
}

function main() {
  const args = parseArgs(process.argv.slice(2));

  if (args.verifySource) {
    const fromSource = nativeBuiltinsFromSource(args.verifySource);
    const embedded = [...WASM_NATIVE_BUILTINS].sort();
    const missing = fromSource.filter((n) => !embedded.includes(n));
    const extra = embedded.filter((n) => !fromSource.includes(n));
    if (missing.length || extra.length) {
      fail(`WASM_NATIVE_BUILTINS is out of date: missing [${missing.join(', ')}], not native [${extra.join(', ')}]`);
    }
    console.error(`gen-capabilities: native list matches ${args.verifySource} (${fromSource.length} builtins)`);
  }

  const current = opaCapabilities(args);
  const { version: sdkVersion, sdkBuiltins, abiVersions } = sdkSupport();
  const allowed = new Set([...WASM_NATIVE_BUILTINS, ...sdkBuiltins]);
  const known = new Set(current.builtins.map((b) => b.name));
  const unknown = [...allowed].filter((n) => !known.has(n));
  if (unknown.length) fail(`not builtins of OPA ${OPA_VERSION}: ${unknown.join(', ')}`);

  const caps = {
    builtins: current.builtins.filter((b) => allowed.has(b.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    future_keywords: current.future_keywords,
    features: current.features,
    // The ABI versions the SDK loads; `opa build -t wasm` refuses to emit another major version.
    wasm_abi_versions: abiVersions,
  };
  const text = `${JSON.stringify(caps, null, 2)}\n`;

  if (args.check) {
    const committed = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (committed !== text) fail(`${outFile} is stale; run node scripts/gen-capabilities.mjs`);
    console.error(`gen-capabilities: ${outFile} is up to date`);
    return;
  }
  writeFileSync(outFile, text);
  console.error(
    `gen-capabilities: wrote ${caps.builtins.length} builtins (${WASM_NATIVE_BUILTINS.length} native in OPA ${OPA_VERSION} WASM, ` +
      `SDK ${sdkVersion}: ${sdkBuiltins.join(', ')}) to ${outFile}`,
  );
}

main();
