import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (for colour). */
  isTTY: boolean;
}

export function processIo(): Io {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Read a file named on the command line; a missing or unreadable one is exit 2. */
export function readInputFile(absolute: string, display: string, maxBytes = 64 * 1024 * 1024): Buffer {
  let size: number;
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new CliError('unreadable', `${display}: is a directory`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('unreadable', `${display}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Refuse to pull huge files into memory at all; the loader's own size limit reports
  // smaller oversized files as findings with their location.
  if (size > maxBytes) throw new CliError('unreadable', `${display}: ${size} bytes is over the ${maxBytes}-byte read limit`);
  try {
    return readFileSync(absolute);
  } catch (error) {
    throw new CliError('unreadable', `${display}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Write a whole file or nothing: a temporary file renamed into place. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    throw new CliError('output', `${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
