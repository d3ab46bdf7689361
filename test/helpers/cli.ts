import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const NOW = '2026-11-24T00:00:00Z';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a subprocess, as users and the action do. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; cli?: string } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  // A run inside GitHub Actions would otherwise put its own repository into the report.
  for (const key of ['GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_EVENT_NAME', 'FORCE_COLOR']) if (!(options.env && key in options.env)) delete env[key];
  const result = spawnSync(process.execPath, [options.cli ?? CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A throwaway repository directory (with .git so paths are relative to it) holding `files`. */
export function tempRepo(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'aibom-guard-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * A small AIBOM: one pinned model of a US publisher (Northwind, fictional), optionally
 * licensed, optionally served by one host. Line numbers are stable: with `license: false`
 * and a provider the host's `country:` is line 14; with a license and no provider, too.
 */
export function relayAibom(options: { license?: boolean; host?: { id: string; country: string; provider?: string } } = {}): string {
  const { license = true, host } = options;
  const lines = [
    'aibom: 1',
    'system: { name: relay }',
    'organizations:',
    '  northwind: { name: Northwind Robotics LLC, country: US }',
    'models:',
    '  relay-model:',
    '    name: Relay',
    '    publisher: northwind',
    '    revision: 0123456789abcdef0123456789abcdef01234567',
  ];
  if (license) lines.push('    license: Apache-2.0');
  if (host) {
    lines.push('hosts:', `  ${host.id}:`);
    if (host.provider) lines.push(`    provider: ${host.provider}`);
    lines.push('    kind: managed', `    country: ${host.country}`, '    serves: [relay-model]');
  }
  return `${lines.join('\n')}\n`;
}
