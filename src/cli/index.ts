#!/usr/bin/env node
import { main } from './main.js';
import { processIo } from './io.js';

const code = await main(process.argv.slice(2), processIo());
// Let stdout drain before exiting (large JSON reports on a pipe).
process.exitCode = code;
