// Shared helpers of the format tests: load a file (or text) as the pipeline does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadFile } from '../../src/bom/load.js';
import type { LoadedFile } from '../../src/types.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared corpus of official test files, outside the repository (never copied into it). */
export const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** Load a file of the repository (path relative to the root) as the load stage does. */
export function loadRepoFile(relative: string): LoadedFile {
  return loadText(relative, readFileSync(path.join(REPO_ROOT, relative), 'utf8'));
}

/** Load text as if it were the file `name`; fails the test if it does not parse. */
export function loadText(name: string, text: string): LoadedFile {
  const result = loadFile(name, new TextEncoder().encode(text));
  if (!result.ok) expect.fail(`${name} does not load: ${result.findings.map((f) => f.message).join('; ')}`);
  return result.loaded;
}

/** Load a JSON value serialized with two-space indentation. */
export function loadJson(name: string, value: unknown): LoadedFile {
  return loadText(name, `${JSON.stringify(value, null, 2)}\n`);
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found`);
}
