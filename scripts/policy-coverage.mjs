#!/usr/bin/env node
// Runs the Rego tests with coverage and fails when the policies are covered less than the
// minimum (default 90%).
//
//   node scripts/policy-coverage.mjs [--min PERCENT] [--opa PATH] [DIR]   (DIR: policies/)
//
// Runs `opa test --coverage --format=json DIR` with the pinned OPA. The gate is the share
// of lines covered in the policy files only (*.rego except *_test.rego and the test support
// under DIR/tests/), which is stricter than OPA's own total: OPA also counts the tests,
// which are always fully covered. Both figures are printed, with the uncovered lines of
// each policy file below the minimum.
// Exit status: 0 covered enough; 1 a test failed or coverage is under the minimum;
// 2 coverage could not be measured (no OPA, bad arguments, unreadable output).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message, code) {
  console.error(`policy-coverage: ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { min: 90, opa: path.join(repoRoot, '.tools', 'bin', 'opa'), dir: 'policies/' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--min' || arg === '--opa') {
      const value = argv[++i];
      if (value === undefined) fail(`${arg} needs a value`, 2);
      if (arg === '--min') {
        options.min = Number(value);
        if (!Number.isFinite(options.min) || options.min < 0 || options.min > 100) fail(`--min must be a percentage, not ${value}`, 2);
      } else {
        options.opa = path.resolve(value);
      }
    } else if (arg === '-h' || arg === '--help') {
      console.log('usage: node scripts/policy-coverage.mjs [--min PERCENT] [--opa PATH] [DIR]');
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}`, 2);
    } else {
      options.dir = arg;
    }
  }
  return options;
}

/** A policy file counts toward the gate; tests and their support do not. */
function isPolicyFile(file, dir) {
  const testsDir = `${path.posix.join(dir.replace(/\\/g, '/'), 'tests')}/`;
  return file.endsWith('.rego') && !file.endsWith('_test.rego') && !file.startsWith(testsDir);
}

/** "12, 40-43" from OPA's not_covered ranges. */
function ranges(notCovered = []) {
  const rows = new Set();
  for (const r of notCovered) for (let row = r.start.row; row <= r.end.row; row++) rows.add(row);
  const sorted = [...rows].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(', ');
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(options.opa)) fail(`${options.opa} not found; run: bash scripts/install-tools.sh`, 2);

const run = spawnSync(options.opa, ['test', '--coverage', '--format=json', options.dir], {
  cwd: repoRoot,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (run.error) fail(`cannot run ${options.opa}: ${run.error.message}`, 2);
if (run.status !== 0) {
  // OPA prints the failing tests instead of the coverage report.
  process.stderr.write(run.stdout);
  process.stderr.write(run.stderr);
  fail(`opa test failed (exit ${run.status}); coverage is only measured when every test passes`, 1);
}

let report;
try {
  report = JSON.parse(run.stdout);
} catch (error) {
  fail(`opa test --coverage printed no JSON report: ${error.message}`, 2);
}
if (typeof report !== 'object' || report === null || typeof report.files !== 'object') fail('unexpected coverage report shape', 2);

let covered = 0;
let notCovered = 0;
const rows = [];
for (const [file, entry] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!isPolicyFile(file, options.dir)) continue;
  const c = entry.covered_lines ?? 0;
  const n = entry.not_covered_lines ?? 0;
  covered += c;
  notCovered += n;
  const percent = c + n === 0 ? 100 : (100 * c) / (c + n);
  rows.push({ file, percent, uncovered: percent < options.min ? ranges(entry.not_covered) : '' });
}
if (rows.length === 0) fail(`no policy files under ${options.dir}`, 2);

const policyCoverage = covered + notCovered === 0 ? 100 : (100 * covered) / (covered + notCovered);
for (const row of rows) {
  console.log(`${row.percent.toFixed(1).padStart(6)}%  ${row.file}${row.uncovered ? `  (not covered: lines ${row.uncovered})` : ''}`);
}
console.log(`policy files: ${policyCoverage.toFixed(2)}% of ${covered + notCovered} lines (minimum ${options.min}%); opa total with tests: ${Number(report.coverage ?? 0).toFixed(2)}%`);
if (policyCoverage < options.min) fail(`coverage ${policyCoverage.toFixed(2)}% is under the minimum ${options.min}%`, 1);
