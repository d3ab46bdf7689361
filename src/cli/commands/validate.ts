import path from 'node:path';
import { parseCommandLine } from '../args.js';
import { readBoms } from '../../check.js';
import { resolve } from '../../lineage/resolve.js';
import { indexCatalog } from '../../lineage/catalog.js';
import { decide } from '../../verdict/decide.js';
import { resolveConfig } from '../../config/config.js';
import type { BomFormat, Finding } from '../../types.js';
import { CliError } from '../errors.js';
import { displayPath, findRepositoryRoot } from '../discover.js';
import { readInputFile, type Io } from '../io.js';
import { loadCatalog } from '../inputs.js';

export const VALIDATE_USAGE = `Usage: aibom-guard validate FILES... [--input-format FORMAT] [--format text|json]

Parses each file, validates it against its schema and checks every reference and
derivation chain. No policy runs. Exit codes: 0 valid, 1 invalid, 2 usage or read error.
`;

/** Structural checks only: what makes an AIBOM readable, not whether policy accepts it. */
export async function runValidate(argv: string[], io: Io): Promise<number> {
  const options = { 'input-format': { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
  const parsed = parseCommandLine('validate', argv, options, VALIDATE_USAGE, io);
  if (!parsed) return 2;
  if (parsed.values.help) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  const format = parsed.values.format ?? 'text';
  const inputFormat = parsed.values['input-format'];
  if (!['text', 'json'].includes(format) || (inputFormat && !['native', 'cyclonedx', 'spdx', 'modelcard'].includes(inputFormat))) {
    io.stderr(`aibom-guard validate: --format is text or json; --input-format is native, cyclonedx, spdx or modelcard\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    io.stderr(`aibom-guard validate: name at least one file\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  const root = findRepositoryRoot(io.cwd);
  let findings: Finding[];
  let files: string[];
  try {
    const inputs = parsed.positionals.map((p) => {
      const absolute = path.resolve(io.cwd, p);
      const file = displayPath(root, absolute);
      return { file, bytes: readInputFile(absolute, file) };
    });
    files = inputs.map((i) => i.file);
    const request: Parameters<typeof readBoms>[0] = { files: inputs };
    if (inputFormat) request.forcedFormat = inputFormat as BomFormat;
    const read = readBoms(request);
    const now = new Date().toISOString();
    const resolved = resolve(read.boms, indexCatalog(loadCatalog([], root, io.cwd)), { now, profile: 'baseline', event: null, changedFiles: [] });
    const raw = [...read.findings, ...resolved.findings];
    findings = decide(raw, { config: resolveConfig(null), failOn: 'error', now }).findings;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`aibom-guard validate: ${error.describe()}\n`);
      return 2;
    }
    throw error;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ valid: findings.length === 0, files, findings }, null, 2)}\n`);
  } else {
    for (const f of findings) io.stdout(`${f.location.file}:${f.location.line}:${f.location.column}  ${f.severity}  ${f.message}  ${f.rule}\n`);
    io.stdout(findings.length === 0 ? `✔ valid: ${files.join(', ')}\n` : `✖ invalid: ${findings.length} problem(s)\n`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
