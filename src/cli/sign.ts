import type { Report } from '../types.js';
import { keyFromEnvOrFile, signReport, SigningError } from '../attest/index.js';
import { CliError } from './errors.js';
import { writeFileAtomic } from './io.js';

/**
 * `check [--sign-key KEY] --attest FILE`: sign the report over its input files into FILE.
 * A signature asked for on the command line that cannot be made is exit 2.
 */
export async function signReportToFile(
  report: Report,
  options: { key: string | null; out: string; cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  try {
    // With a key: key-based (local, air-gapped). Without: keyless, from the CI's OIDC identity.
    const result = options.key
      ? await signReport(report, report.inputs, { mode: 'key', key: keyFromEnvOrFile({ file: options.key, env: options.env, cwd: options.cwd }) })
      : await signReport(report, report.inputs, { mode: 'keyless', required: true, env: options.env });
    if (result.status !== 'signed') throw new CliError('signing', result.warning);
    writeFileAtomic(options.out, `${JSON.stringify(result.bundle)}\n`);
  } catch (error) {
    if (error instanceof SigningError) throw new CliError('signing', `cannot sign the report: ${error.message}`);
    throw error;
  }
}
