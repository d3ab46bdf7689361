// Team policies beside the built-in ones: a directory of Rego compiled with the installed
// OPA to WebAssembly (the same capabilities as the built-in bundle), or a prebuilt
// `opa build -t wasm -e aibom/findings` bundle. Either returns a bundle the engine runs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { ENTRYPOINT } from './engine.js';
import { RuleMetadataError, rulesFromAnnotations, type RuleMetaEntry } from './metadata.js';

export class TeamPolicyError extends Error {
  override name = 'TeamPolicyError';
}

export interface CompiledTeamPolicy {
  wasm: Uint8Array;
  rules: RuleMetaEntry[];
}

/** Where the built-in policy sources live (main.rego, capabilities.json), next to dist/. */
export function policySourceDir(bundleDir: string): string {
  return path.resolve(bundleDir, '..', '..', 'policies');
}

/** The OPA binary: $AIBOM_GUARD_OPA, then `opa` on PATH, then the project's .tools/bin/opa. */
export function findOpa(env: NodeJS.ProcessEnv, projectRoot: string): string {
  if (env.AIBOM_GUARD_OPA) return env.AIBOM_GUARD_OPA;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'opa'))) return path.join(dir, 'opa');
  }
  const local = path.join(projectRoot, '.tools', 'bin', 'opa');
  if (existsSync(local)) return local;
  throw new TeamPolicyError(
    'compiling team policies needs the OPA CLI (v1.x): install it (go install github.com/open-policy-agent/opa@v1.22.2), put it on PATH or set AIBOM_GUARD_OPA, or pass a prebuilt bundle.tar.gz built with `opa build -t wasm -e aibom/findings`',
  );
}

function regoFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.rego') && !entry.name.endsWith('_test.rego')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

function run(opa: string, args: string[], cwd: string): string {
  try {
    return execFileSync(opa, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new TeamPolicyError(`opa ${args[0]} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/**
 * Compile a directory of team Rego (packages under aibom.rules.*) with the built-in
 * entrypoint package and capabilities, so a team rule may use only what WASM provides.
 */
export async function compileTeamPolicy(dir: string, options: { opa: string; sourceDir: string }): Promise<CompiledTeamPolicy> {
  const files = regoFiles(dir);
  if (files.length === 0) throw new TeamPolicyError(`${dir}: no .rego files (tests excluded) to compile`);
  const work = mkdtempSync(path.join(tmpdir(), 'aibom-team-'));
  try {
    const src = path.join(work, 'src');
    mkdirSync(src);
    files.forEach((file, i) => cpSync(file, path.join(src, `${i}-${path.basename(file)}`)));
    cpSync(path.join(options.sourceDir, 'main.rego'), path.join(src, 'aibom-guard-main.rego'));
    const capabilities = path.join(options.sourceDir, 'capabilities.json');
    run(options.opa, ['check', '--strict', '--capabilities', capabilities, src], work);
    run(options.opa, ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--capabilities', capabilities, '-o', path.join(work, 'bundle.tar.gz'), src], work);
    const wasm = await wasmFromBundle(readFileSync(path.join(work, 'bundle.tar.gz')));
    const inspect = JSON.parse(run(options.opa, ['inspect', '--annotations', '--format', 'json', src], work)) as Parameters<typeof rulesFromAnnotations>[0];
    let rules: RuleMetaEntry[];
    try {
      rules = rulesFromAnnotations(inspect);
    } catch (error) {
      if (error instanceof RuleMetadataError) throw new TeamPolicyError(`${dir}: ${error.message.replace(`${src}/`, '')}`);
      throw error;
    }
    return { wasm, rules };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** policy.wasm out of an OPA bundle (.tar.gz), with a cap on the unpacked size. */
export async function wasmFromBundle(tarGz: Uint8Array): Promise<Uint8Array> {
  let tar: Buffer;
  try {
    tar = gunzipSync(tarGz, { maxOutputLength: 256 * 1024 * 1024 });
  } catch (error) {
    throw new TeamPolicyError(`not a gzip-compressed OPA bundle: ${(error as Error).message}`);
  }
  const entries = extract();
  entries.end(tar);
  try {
    for await (const entry of entries) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.name.replace(/^\/+/, '') === 'policy.wasm') return new Uint8Array(Buffer.concat(chunks));
    }
  } catch (error) {
    throw new TeamPolicyError(`not a readable OPA bundle: ${(error as Error).message}`);
  }
  throw new TeamPolicyError('the bundle has no policy.wasm: build it with `opa build -t wasm -e aibom/findings`');
}
