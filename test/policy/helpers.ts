// Shared by the policy suites: the repository paths and a way to compile Rego with the real,
// pinned OPA under the same WASM-only capabilities as the built-in bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const opaBin = path.join(repoRoot, '.tools', 'bin', 'opa');
export const capabilitiesFile = path.join(repoRoot, 'policies', 'capabilities.json');

export function requireOpa(): string {
  if (!existsSync(opaBin)) throw new Error(`${opaBin} is missing: run bash scripts/install-tools.sh`);
  return opaBin;
}

export interface OpaResult {
  status: number;
  output: string;
}

/** Runs OPA and returns its exit status and combined output instead of throwing. */
export function runOpa(args: string[], cwd: string): OpaResult {
  try {
    const output = execFileSync(requireOpa(), args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Writes `files` (relative path → Rego) into a fresh directory and returns it. */
export function writePolicyDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'aibom-policy-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `opa build -t wasm` of `files` with the project's capabilities; returns the build result. */
export function buildWasm(files: Record<string, string>, entrypoint = 'aibom/findings'): OpaResult & { wasm?: Uint8Array } {
  const dir = writePolicyDir(files);
  try {
    const result = runOpa(
      ['build', '-t', 'wasm', '-e', entrypoint, '--capabilities', capabilitiesFile, '-o', 'bundle.tar.gz', ...Object.keys(files)],
      dir,
    );
    if (result.status !== 0) return result;
    execFileSync('tar', ['-xzf', 'bundle.tar.gz', '/policy.wasm'], { cwd: dir, stdio: 'ignore' });
    return { ...result, wasm: readFileSync(path.join(dir, 'policy.wasm')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The source of a built-in policy file, for bundles that add a team rule beside them. */
export function policySource(relative: string): string {
  return readFileSync(path.join(repoRoot, 'policies', relative), 'utf8');
}
