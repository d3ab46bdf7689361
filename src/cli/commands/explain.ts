import { explainRef, indexCatalog } from '../../lineage/catalog.js';
import { parseCommandLine } from '../args.js';
import { CliError } from '../errors.js';
import { findRepositoryRoot } from '../discover.js';
import type { Io } from '../io.js';
import { loadCatalog } from '../inputs.js';

export const EXPLAIN_USAGE = `Usage: aibom-guard explain MODEL_REF|ORGANIZATION [--data FILE ...] [--format text|json]

Prints what the catalog knows about a model (hf:org/repo, api:provider/model, a Hugging Face
URL or purl) or an organization (id, name or alias): each fact with its source and date,
and how the name matched.
`;

export async function runExplain(argv: string[], io: Io): Promise<number> {
  const options = { data: { type: 'string', multiple: true }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
  const parsed = parseCommandLine('explain', argv, options, EXPLAIN_USAGE, io);
  if (!parsed) return 2;
  if (parsed.values.help) {
    io.stdout(EXPLAIN_USAGE);
    return 0;
  }
  const [ref, ...extra] = parsed.positionals;
  if (!ref || extra.length > 0) {
    io.stderr(`aibom-guard explain: name exactly one model or organization\n\n${EXPLAIN_USAGE}`);
    return 2;
  }
  try {
    const catalog = loadCatalog(parsed.values.data ?? [], findRepositoryRoot(io.cwd), io.cwd);
    const explanation = explainRef(ref, indexCatalog(catalog));
    if (parsed.values.format === 'json') io.stdout(`${JSON.stringify(explanation, null, 2)}\n`);
    else io.stdout(formatExplanation(explanation));
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`aibom-guard explain: ${error.describe()}\n`);
      return 2;
    }
    throw error;
  }
}

/** An indented outline of the explanation: what a person reads at a terminal. */
function formatExplanation(value: unknown, indent = ''): string {
  let out = '';
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      if (v.every((item) => item === null || typeof item !== 'object')) {
        out += `${indent}${key}: ${v.join(', ')}\n`;
      } else {
        out += `${indent}${key}:\n`;
        for (const item of v) {
          const body = formatExplanation(item, `${indent}    `);
          out += `${indent}  - ${body.trimStart()}`;
        }
      }
    } else if (v !== null && typeof v === 'object') {
      out += `${indent}${key}:\n${formatExplanation(v, `${indent}  `)}`;
    } else {
      out += `${indent}${key}: ${String(v)}\n`;
    }
  }
  return out;
}
