import path from 'node:path';
import { parseCommandLine } from '../args.js';
import type { BomFormat, RawFinding } from '../../types.js';
import { loadFile } from '../../bom/load.js';
import { normalize } from '../../bom/formats/index.js';
import { cycloneDxSchemaFindings } from '../../bom/formats/cyclonedx.js';
import { validateAibom } from '../../schema/validate.js';
import { serializeCycloneDx, toCycloneDx } from '../../convert/to-cyclonedx.js';
import { CliError } from '../errors.js';
import { displayPath, findRepositoryRoot } from '../discover.js';
import { readInputFile, writeFileAtomic, type Io } from '../io.js';

export const CONVERT_USAGE = `Usage: aibom-guard convert FILE --to cyclonedx [--output FILE] [--input-format FORMAT]

Writes an AIBOM (native, or any format check reads) as a CycloneDX 1.6 ML-BOM: models as
machine-learning-model components, lineage in pedigree.ancestors, hosts as services, and
the facts CycloneDX has no field for as aibom-guard:* properties (docs/formats.md).
Reading the result back gives the same AIBOM. Without --output it prints to stdout.

Options:
  --to cyclonedx          the output format (the only one)
  --output FILE           write to FILE instead of stdout
  --input-format FORMAT   read FILE as native, cyclonedx, spdx or modelcard (default: detect)

Exit codes: 0 written, 2 the input cannot be read or is invalid, or bad arguments.
`;

const INPUT_FORMATS: readonly BomFormat[] = ['native', 'cyclonedx', 'spdx', 'modelcard'];

export async function runConvert(argv: string[], io: Io): Promise<number> {
  const options = {
    to: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'input-format': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parsed = parseCommandLine('convert', argv, options, CONVERT_USAGE, io);
  if (!parsed) return 2;
  if (parsed.values.help) {
    io.stdout(CONVERT_USAGE);
    return 0;
  }
  const { to, output } = parsed.values;
  const inputFormat = parsed.values['input-format'];
  if (to !== 'cyclonedx') {
    io.stderr(`aibom-guard convert: ${to === undefined ? '--to is required' : `cannot convert to ${JSON.stringify(to)}`}: the output format is cyclonedx\n\n${CONVERT_USAGE}`);
    return 2;
  }
  if (inputFormat !== undefined && !INPUT_FORMATS.includes(inputFormat as BomFormat)) {
    io.stderr(`aibom-guard convert: --input-format is one of ${INPUT_FORMATS.join(', ')}, not ${JSON.stringify(inputFormat)}\n`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr(`aibom-guard convert: name exactly one file to convert\n\n${CONVERT_USAGE}`);
    return 2;
  }

  const root = findRepositoryRoot(io.cwd);
  const absolute = path.resolve(io.cwd, parsed.positionals[0]!);
  const file = displayPath(root, absolute);
  let text: string;
  try {
    const bytes = readInputFile(absolute, file);
    const result = convertToCycloneDx(file, bytes, inputFormat as BomFormat | undefined);
    if (!result.ok) {
      for (const f of result.findings) io.stderr(`${f.location.file}:${f.location.line}:${f.location.column}: ${f.severity}: ${f.message} (${f.rule})\n`);
      io.stderr(`aibom-guard convert: ${file} cannot be converted: ${result.findings.length} problem(s)\n`);
      return 2;
    }
    text = result.text;
    if (output !== undefined) writeFileAtomic(path.resolve(io.cwd, output), text);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`aibom-guard convert: ${error.describe()}\n`);
      return 2;
    }
    throw error;
  }
  if (output === undefined) io.stdout(text);
  else io.stderr(`aibom-guard convert: wrote ${output} (CycloneDX 1.6)\n`);
  return 0;
}

/**
 * Read one AIBOM file and write it as CycloneDX 1.6 JSON text. Fails (with the findings)
 * when the input cannot be read or is invalid, and fails closed if the output would not
 * validate against the official schema.
 */
export function convertToCycloneDx(file: string, bytes: Uint8Array, inputFormat?: BomFormat): { ok: true; text: string } | { ok: false; findings: RawFinding[] } {
  const loaded = loadFile(file, bytes);
  if (!loaded.ok) return { ok: false, findings: loaded.findings };
  const normalized = normalize(loaded.loaded, inputFormat);
  const blocking = normalized.findings.filter((f) => f.severity === 'error' || f.rule.startsWith('bom/'));
  if (!normalized.bom || blocking.length > 0) return { ok: false, findings: blocking.length > 0 ? blocking : normalized.findings };
  const schemaFindings = validateAibom(normalized.bom);
  if (schemaFindings.length > 0) return { ok: false, findings: schemaFindings };

  const text = serializeCycloneDx(toCycloneDx(normalized.bom.aibom));
  const written = loadFile('(converted)', new TextEncoder().encode(text));
  const outputFindings = written.ok ? cycloneDxSchemaFindings(written.loaded, '1.6') : written.findings;
  if (outputFindings.length > 0) {
    throw new Error(`the CycloneDX output does not validate against the official 1.6 schema: ${outputFindings[0]!.message}`);
  }
  return { ok: true, text };
}
