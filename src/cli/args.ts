import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

type Parsed<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

/**
 * Every command parses strictly: an unknown flag or a missing value is a usage error, said
 * once with the command's usage, and the command exits 2 (null here).
 */
export function parseCommandLine<T extends ParseArgsOptionsConfig>(
  command: string,
  argv: string[],
  options: T,
  usage: string,
  io: { stderr: (s: string) => void },
): Parsed<T> | null {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`aibom-guard ${command}: ${(error as Error).message}\n\n${usage}`);
    return null;
  }
}
