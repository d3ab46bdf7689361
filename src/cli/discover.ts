import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Names that are AIBOMs in the native format. */
const NATIVE_NAME = /^(aibom|.+\.aibom)\.(ya?ml|json)$/i;
/** Names that may be CycloneDX or SPDX BOMs; they count only when they describe models. */
const FOREIGN_NAME = /^(bom\.json|.+\.cdx\.json|.+\.spdx\.json|.+\.spdx3\.json|.+\.spdx\.jsonld)$/i;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.tools', '.hg', '.svn']);
const MAX_DEPTH = 32;
const MAX_ENTRIES = 100_000;

export interface DiscoveredFile {
  absolute: string;
  /** Found by a native name (always checked) or a CycloneDX/SPDX name (checked if it has AI content). */
  kind: 'native' | 'foreign';
}

export class DiscoveryError extends Error {}

/** Walk a directory for AIBOM files, without following symbolic links. Sorted for stable output. */
export function discoverFiles(dir: string): DiscoveredFile[] {
  const found: DiscoveredFile[] = [];
  let entries = 0;
  const walk = (current: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (++entries > MAX_ENTRIES) throw new DiscoveryError(`${dir}: more than ${MAX_ENTRIES} entries; name the AIBOM files or a smaller directory`);
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full, depth + 1);
      } else if (entry.isFile()) {
        if (NATIVE_NAME.test(entry.name)) found.push({ absolute: full, kind: 'native' });
        else if (FOREIGN_NAME.test(entry.name)) found.push({ absolute: full, kind: 'foreign' });
      }
    }
  };
  walk(dir, 0);
  return found.sort((a, b) => (a.absolute < b.absolute ? -1 : 1));
}

/** The repository root (nearest ancestor with .git), else the working directory. */
export function findRepositoryRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(cwd);
      dir = parent;
    }
  }
}

/** POSIX path relative to the repository root, as findings and reports name files. */
export function displayPath(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  const outside = rel.startsWith('..') || path.isAbsolute(rel);
  return (outside ? absolute : rel).split(path.sep).join('/');
}
