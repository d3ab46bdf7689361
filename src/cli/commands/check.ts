import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BomFormat, EvaluationContext, FailOn, LoadedFile, Profile, Report, ResolvedConfig } from '../../types.js';
import { reportFrame, runCheck, sha256Hex, type CheckRequest, type LoadedPolicy } from '../../check.js';
import { checkListReferences, resolveConfig, ConfigError } from '../../config/config.js';
import { CONFIG_FILE_NAMES } from '../../config/defaults.js';
import { renderText } from '../../report/text.js';
import { CliError } from '../errors.js';
import { discoverFiles, DiscoveryError, displayPath, findRepositoryRoot } from '../discover.js';
import { readInputFile, writeFileAtomic, type Io } from '../io.js';
import { loadYamlOrJson, loadCatalog, loadDefaultPolicies, loadTeamPolicies, readBaseline } from '../inputs.js';
import { renderFormat, OUTPUT_FORMATS, type OutputFormat, type RenderOptions } from '../render.js';
import { PolicyEngineError } from '../../policy/engine.js';
import { CatalogError } from '../../lineage/catalog.js';
import { signReportToFile } from '../sign.js';

export const CHECK_USAGE = `Usage: aibom-guard check [FILES|DIRS...] [options]

Checks AIBOM files against the policies. With no files, finds AIBOMs in the working tree
(aibom.yaml, aibom.yml, aibom.json, *.aibom.{yaml,yml,json}, and CycloneDX/SPDX files that
describe models).

Options:
  --profile baseline|strict      rule profile (default: baseline, or the config file's)
  --config FILE                  configuration (default: .aibom-guard.yml at the repository root)
  --policy DIR|BUNDLE            team policies to run beside the built-in ones (repeatable)
  --data FILE                    catalog additions or overrides (repeatable)
  --input-format FORMAT          native|cyclonedx|spdx|modelcard: skip format detection
  --format FORMAT                stdout format: text|json|sarif|markdown|html (default: text)
  --output FORMAT=FILE           also write FORMAT to FILE (repeatable)
  --fail-on error|warning|never  lowest severity that fails (default: error)
  --baseline REPORT              fail only on findings not in this earlier JSON report
  --allow-empty                  pass when no AIBOM is found
  --now RFC3339                  evaluation time (default: now); makes reports reproducible
  --attest FILE                  sign the report (in-toto statement in a Sigstore bundle) into
                                 FILE; keyless from the CI's OIDC identity unless --sign-key
  --sign-key KEY                 ECDSA P-256 private key (PEM file, or env:VAR) for --attest
  -h, --help                     this help

Exit codes: 0 pass, 1 policy violation, 2 the check could not be completed.
`;

const PROFILES: readonly Profile[] = ['baseline', 'strict'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const INPUT_FORMATS: readonly BomFormat[] = ['native', 'cyclonedx', 'spdx', 'modelcard'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError('usage', `${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

interface CheckOptions {
  paths: string[];
  profile?: Profile;
  configFile?: string;
  policies: string[];
  data: string[];
  inputFormat?: BomFormat;
  format: OutputFormat;
  outputs: { format: OutputFormat; file: string }[];
  failOn?: FailOn;
  baseline?: string;
  allowEmpty: boolean;
  now?: string;
  signKey?: string;
  attest?: string;
}

function parseCheckArgs(argv: string[]): CheckOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string' },
        config: { type: 'string' },
        policy: { type: 'string', multiple: true },
        data: { type: 'string', multiple: true },
        'input-format': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        baseline: { type: 'string' },
        'allow-empty': { type: 'boolean' },
        now: { type: 'string' },
        'sign-key': { type: 'string' },
        attest: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError('usage', `${(error as Error).message}\n\n${CHECK_USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const outputs = (v.output ?? []).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new CliError('usage', `--output takes FORMAT=FILE (e.g. sarif=aibom.sarif); got "${spec}"`);
    const format = oneOf('--output format', spec.slice(0, eq), OUTPUT_FORMATS) as OutputFormat;
    return { format, file: spec.slice(eq + 1) };
  });
  if (v.now !== undefined && (!RFC3339.test(v.now) || Number.isNaN(Date.parse(v.now)))) {
    throw new CliError('usage', `--now must be an RFC 3339 time such as 2026-11-24T00:00:00Z; got "${v.now}"`);
  }
  if (v['sign-key'] !== undefined && v.attest === undefined) {
    throw new CliError('usage', '--sign-key needs --attest FILE: the key signs the report into that file');
  }
  const options: CheckOptions = {
    paths: parsed.positionals,
    policies: v.policy ?? [],
    data: v.data ?? [],
    format: oneOf('--format', v.format, OUTPUT_FORMATS) ?? 'text',
    outputs,
    allowEmpty: v['allow-empty'] ?? false,
  };
  const profile = oneOf('--profile', v.profile, PROFILES);
  if (profile) options.profile = profile;
  const failOn = oneOf('--fail-on', v['fail-on'], FAIL_ON);
  if (failOn) options.failOn = failOn;
  const inputFormat = oneOf('--input-format', v['input-format'], INPUT_FORMATS);
  if (inputFormat) options.inputFormat = inputFormat;
  if (v.config !== undefined) options.configFile = v.config;
  if (v.baseline !== undefined) options.baseline = v.baseline;
  if (v.now !== undefined) options.now = new Date(Date.parse(v.now)).toISOString().replace('.000Z', 'Z');
  if (v['sign-key'] !== undefined) options.signKey = v['sign-key'];
  if (v.attest !== undefined) options.attest = v.attest;
  return options;
}

/** Where the run comes from: GitHub Actions says; elsewhere git names the commit, if any. */
function sourceOf(env: NodeJS.ProcessEnv, root: string): EvaluationContext['source'] {
  const source: EvaluationContext['source'] = {};
  if (env.GITHUB_REPOSITORY) source.repository = env.GITHUB_REPOSITORY;
  const commit = env.GITHUB_SHA ?? gitHead(root);
  if (commit) source.commit = commit;
  if (env.GITHUB_EVENT_NAME) source.event = env.GITHUB_EVENT_NAME;
  if (env.AIBOM_GUARD_BASE_SHA) source.baseCommit = env.AIBOM_GUARD_BASE_SHA;
  return source;
}

function gitHead(root: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return /^[0-9a-f]{40,64}$/.test(out.trim()) ? out.trim() : undefined;
  } catch {
    return undefined; // not a git checkout, no commit yet, or no git: the report says nothing
  }
}

interface CollectedFiles {
  files: { file: string; bytes: Uint8Array }[];
  /** Display paths of files found by a CycloneDX/SPDX name: checked only if they hold AI content. */
  optional: Set<string>;
}

function collectFiles(paths: string[], root: string, cwd: string): CollectedFiles {
  const optional = new Set<string>();
  const files: CollectedFiles['files'] = [];
  const seen = new Set<string>();
  const add = (absolute: string, isOptional: boolean) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const display = displayPath(root, absolute);
    files.push({ file: display, bytes: readInputFile(absolute, display) });
    if (isOptional) optional.add(display);
  };
  const targets = paths.length > 0 ? paths : [cwd];
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    if (!existsSync(absolute)) throw new CliError('unreadable', `${target}: no such file or directory`);
    let isDirectory: boolean;
    try {
      // Explicitly named paths follow symbolic links, as a user would expect.
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new CliError('unreadable', `${target}: cannot read`);
    }
    if (isDirectory) for (const found of discoverFiles(absolute)) add(found.absolute, found.kind === 'foreign');
    else add(absolute, false);
  }
  return { files, optional };
}

/** The resolved configuration, and the parsed file it came from (for locating errors). */
function loadConfig(options: CheckOptions, root: string, cwd: string): { config: ResolvedConfig; loaded: LoadedFile | null } {
  let configPath: string | undefined;
  if (options.configFile !== undefined) {
    configPath = path.resolve(cwd, options.configFile);
    if (!existsSync(configPath)) throw new CliError('config', `${options.configFile}: config file not found`);
  } else {
    configPath = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((p) => existsSync(p));
  }
  const overrides: { profile?: Profile; failOn?: FailOn } = {};
  if (options.profile) overrides.profile = options.profile;
  if (options.failOn) overrides.failOn = options.failOn;
  const loaded = configPath ? loadYamlOrJson(configPath, displayPath(root, configPath), 'config') : null;
  return { config: withConfigErrors(() => resolveConfig(loaded, overrides)), loaded };
}

/** ConfigError (located in the config file) becomes the exit-2 config error. */
function withConfigErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError('config', `invalid configuration: ${error.message}`, error.location);
    throw error;
  }
}

export interface CheckOutcome {
  report: Report;
  exitCode: number;
}

/** The check command as a function of its arguments and I/O, for the CLI and the action. */
export async function runCheckCommand(argv: string[], io: Io): Promise<number> {
  let options: CheckOptions | 'help';
  try {
    options = parseCheckArgs(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr(`aibom-guard check: ${error.describe()}\n`);
    // Bad arguments are still an exit-2 report for a caller that asked for a machine format.
    const format = requestedFormat(argv);
    if (format && format !== 'text') {
      const context = usageErrorContext();
      io.stdout(renderFormat(format, errorReport(new CliError('usage', error.message.split('\n\n')[0] ?? error.message), {}, context, []), {}));
    }
    return 2;
  }
  if (options === 'help') {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const { report, exitCode } = await checkWithOptions(options, io);
  const written = writeOutputs(report, options, io);
  return written.verdict === 'error' ? 2 : exitCode;
}

async function checkWithOptions(options: CheckOptions, io: Io): Promise<CheckOutcome> {
  const root = findRepositoryRoot(io.cwd);
  const now = options.now ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let partial: Partial<Pick<CheckRequest, 'catalog' | 'config' | 'policies'>> = {};
  let inputs: Report['inputs'] = [];
  const context: EvaluationContext = {
    now,
    profile: options.profile ?? 'baseline',
    failOn: options.failOn ?? 'error',
    event: io.env.GITHUB_EVENT_NAME ?? null,
    changedFiles: [],
    source: sourceOf(io.env, root),
  };
  try {
    const { config, loaded: configFile } = loadConfig(options, root, io.cwd);
    context.profile = config.profile;
    context.failOn = config.failOn ?? 'error';
    partial.config = config;
    const catalog = loadCatalog(options.data, root, io.cwd);
    partial.catalog = catalog;
    withConfigErrors(() => checkListReferences(config, catalog, configFile));
    const policies: LoadedPolicy[] = [...(await loadDefaultPolicies()), ...(await loadTeamPolicies(options.policies, root, io.cwd, io.env))];
    partial = { catalog, config, policies };

    const baseline = options.baseline ? readBaseline(path.resolve(io.cwd, options.baseline), options.baseline) : undefined;
    const collected = collectFiles(options.paths, root, io.cwd);
    // Until the report exists, an error report names the files as read, with their digests.
    inputs = collected.files.map((f) => ({ file: f.file, format: options.inputFormat ?? 'native', sha256: sha256Hex(f.bytes) }));
    if (collected.files.length === 0 && !options.allowEmpty) {
      throw new CliError('no-input', `no AIBOM found${options.paths.length ? ` in ${options.paths.join(', ')}` : ' in the working tree'} (use --allow-empty to pass when there is none)`);
    }
    const request: CheckRequest = { files: collected.files, optional: collected.optional, catalog, config, policies, context };
    if (options.inputFormat) request.forcedFormat = options.inputFormat;
    if (baseline) request.baseline = baseline;
    const report = runCheck(request);
    if (report.inputs.length === 0 && !options.allowEmpty) {
      throw new CliError('no-input', 'no AIBOM found: the CycloneDX/SPDX files found describe no models (use --allow-empty to pass when there is none)');
    }
    if (options.attest) {
      await signReportToFile(report, { key: options.signKey ?? null, out: path.resolve(io.cwd, options.attest), cwd: io.cwd, env: io.env });
    }
    return { report, exitCode: report.verdict === 'pass' ? 0 : 1 };
  } catch (error) {
    const cliError = toCliError(error);
    if (io.env.AIBOM_GUARD_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return { report: errorReport(cliError, partial, context, inputs), exitCode: 2 };
  }
}

/** The --format value among arguments that did not parse, if it names a known format. */
function requestedFormat(argv: string[]): OutputFormat | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--format') value = argv[i + 1];
    else if (arg.startsWith('--format=')) value = arg.slice('--format='.length);
  });
  return (OUTPUT_FORMATS as readonly string[]).includes(value ?? '') ? (value as OutputFormat) : undefined;
}

function usageErrorContext(): EvaluationContext {
  return { now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), profile: 'baseline', failOn: 'error', event: null, changedFiles: [], source: {} };
}

/** Why the check could not be completed, as the report's error code and message. */
function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof PolicyEngineError) return new CliError('engine', `policy evaluation failed: ${error.message}`);
  if (error instanceof DiscoveryError) return new CliError('unreadable', error.message);
  if (error instanceof CatalogError) return new CliError('data', `the catalog with the --data files is unusable: ${error.message}`);
  return new CliError('internal', `internal error: ${(error as Error)?.message ?? String(error)}`);
}

function errorReport(
  error: CliError,
  partial: Partial<Pick<CheckRequest, 'catalog' | 'config' | 'policies'>>,
  context: EvaluationContext,
  inputs: Report['inputs'],
): Report {
  const frame = reportFrame(
    {
      catalog: partial.catalog ?? { version: 1, asOf: 'unknown', organizations: [], models: [], hijackingRatings: [], lists: [] },
      config: partial.config ?? { file: null, sha256: null, profile: context.profile, failOn: null, rules: {}, waivers: [] },
      policies: partial.policies ?? [],
      context,
    },
    inputs,
  );
  return {
    ...frame,
    // No catalog was loaded: say so rather than give the digest of an empty one.
    ...(partial.catalog ? {} : { data: { sha256: '', asOf: 'unknown' } }),
    verdict: 'error',
    counts: { error: 0, warning: 0, info: 0, waived: 0 },
    findings: [],
    error: { code: error.code, message: error.describe() },
  };
}

/**
 * The HTML report's "how to verify" names the bundle this run writes and, for keyless
 * signing in GitHub Actions, the workflow identity an auditor should pin.
 */
function renderOptions(options: CheckOptions, env: NodeJS.ProcessEnv): RenderOptions {
  if (!options.attest) return {};
  const bundleFile = path.basename(options.attest);
  if (options.signKey) return { html: { attestation: { kind: 'key', bundleFile } } };
  const workflowRef = env.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/file.yml@refs/heads/main
  if (!workflowRef) return {};
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return { html: { attestation: { kind: 'keyless', bundleFile, identity: `${server}/${workflowRef}`, issuer: 'https://token.actions.githubusercontent.com' } } };
}

/**
 * Write the --output files, then stdout. A file that cannot be written makes the run an
 * error (exit 2): the returned report says so, and stdout shows that report.
 */
function writeOutputs(report: Report, options: CheckOptions, io: Io): Report {
  let final = report;
  for (const output of options.outputs) {
    try {
      writeFileAtomic(path.resolve(io.cwd, output.file), renderFormat(output.format, report, renderOptions(options, io.env)));
    } catch (error) {
      const message = error instanceof CliError ? error.message : String(error);
      if (!final.error) final = { ...final, verdict: 'error', error: { code: 'output', message } };
    }
  }
  const color = io.env.FORCE_COLOR ? io.env.FORCE_COLOR !== '0' : io.isTTY && !io.env.NO_COLOR;
  io.stdout(options.format === 'text' ? renderText(final, { color }) : renderFormat(options.format, final, renderOptions(options, io.env)));
  if (final.error) io.stderr(`aibom-guard check: ${final.error.message}\n`);
  return final;
}
