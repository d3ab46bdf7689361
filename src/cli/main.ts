import { runCheckCommand } from './commands/check.js';
import { runValidate } from './commands/validate.js';
import { runExplain } from './commands/explain.js';
import { runConvert } from './commands/convert.js';
import { runVerify } from './commands/verify.js';
import { TOOL } from '../version.js';
import type { Io } from './io.js';

export const USAGE = `Usage: aibom-guard <command> [options]

Commands:
  check [FILES|DIRS...]   check AIBOMs against policy (exit 0 pass, 1 violation, 2 error)
  validate FILES...       parse and validate AIBOMs without running policy
  explain MODEL_REF       what the catalog knows about a model or organization
  convert FILE --to cyclonedx   write a native AIBOM as a CycloneDX 1.6 ML-BOM
  verify BUNDLE           verify a signed report (exit 0 verified, 1 not verified, 2 usage)

Run aibom-guard <command> --help for a command's options.
`;

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  check: runCheckCommand,
  validate: runValidate,
  explain: runExplain,
  convert: runConvert,
  verify: runVerify,
};

/** Dispatch a command line; every failure is an exit code and a message, never a stack trace. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout(`${TOOL.name} ${TOOL.version}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`aibom-guard: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    // A command that throws is a bug or an environment failure: fail closed with exit 2.
    io.stderr(`aibom-guard ${command}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.AIBOM_GUARD_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return 2;
  }
}
