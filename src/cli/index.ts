#!/usr/bin/env node
import { main } from './main.js';
import { processIo } from './io.js';

// A reader that closes the pipe early (`| head`) is not an error of the check.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await main(process.argv.slice(2), processIo());
// Let stdout drain before exiting (large JSON reports on a pipe).
process.exitCode = code;
