// `aibom-guard verify BUNDLE`: checks a signed report offline and prints what was verified
// and the report's verdict. Exit 0 verified, 1 not verified (reason printed), 2 usage error.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyBundle, type VerifyOptions, type VerifyResult } from '../../attest/verify.js';
import type { Report } from '../../types.js';

export interface VerifyIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export const VERIFY_USAGE = `Usage: aibom-guard verify BUNDLE [options]

Verify a signed compliance report (a Sigstore bundle) offline.

  --key FILE                           PEM public key the report was signed with
  --certificate-identity ID            exact signer identity of a keyless signature, e.g.
                                       https://github.com/OWNER/REPO/.github/workflows/aibom.yml@refs/heads/main
  --certificate-identity-regexp RE     the identity as a regular expression (anchor it: ^…$)
  --certificate-oidc-issuer URL        OIDC issuer, e.g. https://token.actions.githubusercontent.com
  --trusted-root FILE                  Sigstore trusted_root.json (JSON, or one root per line);
                                       required for keyless signatures
  --subject FILE                       an AIBOM file that must be a subject (repeatable)
  --require-verdict pass               also fail unless the report passed
  --print-predicate                    print the verified report (JSON) on stdout
  -h, --help                           show this help

Exit codes: 0 verified, 1 not verified (the reason is printed), 2 usage error.
`;

/** Bundles and trusted roots are small; refuse to read a huge file into memory. */
const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Bad options: the message and the usage text. */
class UsageError extends Error {}
/** An input file that cannot be read: exit 2 with the message only. */
class InputError extends Error {}

export async function runVerify(argv: string[], io: VerifyIO): Promise<number> {
  try {
    return run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`aibom-guard verify: ${err.message}\n\n${VERIFY_USAGE}`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr(`aibom-guard verify: ${err.message}\n`);
      return 2;
    }
    io.stderr(`aibom-guard verify: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

function run(argv: string[], io: VerifyIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        key: { type: 'string' },
        'certificate-identity': { type: 'string' },
        'certificate-identity-regexp': { type: 'string' },
        'certificate-oidc-issuer': { type: 'string' },
        'trusted-root': { type: 'string' },
        subject: { type: 'string', multiple: true },
        'require-verdict': { type: 'string' },
        'print-predicate': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing BUNDLE' : `expected one BUNDLE, got ${positionals.length}`);
  const bundlePath = positionals[0]!;

  const identity = values['certificate-identity'];
  const identityRegexp = values['certificate-identity-regexp'];
  const issuer = values['certificate-oidc-issuer'];
  const keyless = identity !== undefined || identityRegexp !== undefined || issuer !== undefined;
  if (values.key !== undefined && keyless) throw new UsageError('--key cannot be combined with --certificate-identity/--certificate-oidc-issuer');
  if (values.key === undefined && !keyless) {
    throw new UsageError('say what to trust: --key PUBLIC_KEY, or --certificate-identity (or -regexp) and --certificate-oidc-issuer');
  }
  if (keyless) {
    if (identity === undefined && identityRegexp === undefined) throw new UsageError('--certificate-identity or --certificate-identity-regexp is required for a keyless signature');
    if (identity !== undefined && identityRegexp !== undefined) throw new UsageError('give --certificate-identity or --certificate-identity-regexp, not both');
    if (issuer === undefined) throw new UsageError('--certificate-oidc-issuer is required for a keyless signature');
    if (identityRegexp !== undefined) {
      try {
        new RegExp(identityRegexp);
      } catch (err) {
        throw new UsageError(`--certificate-identity-regexp: ${(err as Error).message}`);
      }
    }
    if (values['trusted-root'] === undefined) {
      throw new UsageError(
        '--trusted-root FILE is required to verify a keyless signature offline (`gh attestation trusted-root` prints the roots of GitHub and of Sigstore public-good, one per line)',
      );
    }
  }
  const requireVerdict = values['require-verdict'];
  if (requireVerdict !== undefined && requireVerdict !== 'pass') throw new UsageError(`--require-verdict accepts only "pass", got ${JSON.stringify(requireVerdict)}`);

  // Read every input before judging anything: a missing file is a usage error, not a verdict.
  const bundleText = readInput(io.cwd, bundlePath, 'bundle');
  const options: VerifyOptions = {};
  if (values.key !== undefined) {
    const pem = readInput(io.cwd, values.key, 'public key');
    if (!pem.includes('-----BEGIN PUBLIC KEY-----')) throw new InputError(`${values.key} is not a PEM public key ("-----BEGIN PUBLIC KEY-----")`);
    options.publicKeyPem = pem;
  } else {
    if (identity !== undefined) options.certificateIdentity = identity;
    if (identityRegexp !== undefined) options.certificateIdentityRegExp = identityRegexp;
    options.certificateOidcIssuer = issuer;
  }
  if (values['trusted-root'] !== undefined) options.trustedRoot = parseTrustedRootFile(readInput(io.cwd, values['trusted-root'], 'trusted root'), values['trusted-root']);
  const subjects = (values.subject ?? []).map((file) => ({ name: file, sha256: createHash('sha256').update(readBytes(io.cwd, file, 'subject')).digest('hex') }));
  if (subjects.length > 0) options.subjects = subjects;
  if (requireVerdict === 'pass') options.requireVerdict = 'pass';

  let bundleJson: unknown;
  try {
    bundleJson = JSON.parse(bundleText);
  } catch (err) {
    io.stderr(`Not verified: ${bundlePath} is not JSON (${(err as Error).message})\n`);
    return 1;
  }

  const result = verifyBundle(bundleJson, options);
  const summaryOut = values['print-predicate'] ? io.stderr : io.stdout;
  if (result.ok) {
    summaryOut(summarize(bundlePath, result, values.key));
    if (values['print-predicate']) io.stdout(`${JSON.stringify(result.report, null, 2)}\n`);
    return 0;
  }
  if (result.code === 'USAGE' || result.code === 'PUBLIC_KEY_INVALID' || result.code === 'TRUSTED_ROOT_INVALID') {
    io.stderr(`aibom-guard verify: ${result.reason}\n`);
    return 2;
  }
  if (result.report && result.code === 'VERDICT') {
    // The signature and the statement verified; only the verdict is not acceptable.
    summaryOut(summarize(bundlePath, { ...result, verdictOnly: true }, values.key));
    if (values['print-predicate']) io.stdout(`${JSON.stringify(result.report, null, 2)}\n`);
  }
  io.stderr(`Not verified: ${clean(result.reason)} [${result.code}]\n`);
  return 1;
}

function resolvePath(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}

function readBytes(cwd: string, file: string, what: string): Buffer {
  const path = resolvePath(cwd, file);
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) throw new InputError(`${what} ${file} is larger than ${MAX_INPUT_BYTES} bytes`);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
}

function readInput(cwd: string, file: string, what: string): string {
  return readBytes(cwd, file, what).toString('utf8');
}

/** A trusted_root.json, or several roots one per line (what `gh attestation trusted-root` prints). */
function parseTrustedRootFile(text: string, file: string): unknown[] {
  try {
    const one: unknown = JSON.parse(text);
    return Array.isArray(one) ? one : [one];
  } catch {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    try {
      return lines.map((l) => JSON.parse(l) as unknown);
    } catch (err) {
      throw new InputError(`${file} is not a trusted root: ${(err as Error).message}`);
    }
  }
}

/** Report values come from a pull request: keep control characters out of the terminal. */
function clean(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Summarizable = Extract<VerifyResult, { ok: true }> | { ok: false; report?: Report; verdictOnly: true };

function summarize(bundlePath: string, result: Summarizable, keyFile: string | undefined): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(13)}${value}`);
  if (result.ok) {
    lines.push(`Verified ${clean(bundlePath)}`);
    if (result.signer.kind === 'key') {
      row('signed by', `ECDSA P-256 key ${result.signer.keyId}${keyFile ? ` (${clean(keyFile)})` : ''}`);
    } else {
      const ext = result.signer.extensions;
      row('signed by', clean(result.signer.identity));
      row('issuer', clean(result.signer.issuer));
      if (ext.sourceRepositoryURI) {
        row('workflow', `${clean(ext.sourceRepositoryURI)} ${clean(ext.sourceRepositoryRef ?? '')} ${clean(ext.sourceRepositoryDigest ?? '')}`.trim());
      }
      if (ext.buildTrigger) row('trigger', clean(ext.buildTrigger));
      if (ext.runInvocationURI) row('run', clean(ext.runInvocationURI));
    }
    row(
      'timestamps',
      result.timestamps.length === 0
        ? 'none (key signature; no transparency log)'
        : result.timestamps.map((t) => (t.source === 'transparency-log' ? `transparency log entry ${t.logIndex} at ${t.time}` : `timestamp authority at ${t.time}`)).join('; '),
    );
    row('statement', `in-toto Statement v1, predicate ${result.statement.predicateType}`);
    const checked = new Map(result.subjectsChecked.map((s) => [s.subject, s.file]));
    result.statement.subject.forEach((s, i) => {
      const onDisk = checked.get(s.name);
      const note = onDisk === undefined ? 'not checked against a file' : onDisk === s.name ? 'matches the file on disk' : `matches ${clean(onDisk)} on disk`;
      const text = `${clean(s.name)} sha256:${clean(s.digest.sha256)} (${note})`;
      if (i === 0) row('subjects', text);
      else lines.push(`${' '.repeat(15)}${text}`);
    });
  } else {
    lines.push(`Signature verified for ${clean(bundlePath)}`);
  }
  const report = result.report;
  if (report) {
    row('report', `${clean(report.tool.name)} ${clean(report.tool.version)}, profile ${clean(report.profile)}, fail-on ${clean(report.failOn)}, evaluated ${clean(report.evaluatedAt)}`);
    const src = report.source ?? {};
    if (src.repository || src.commit) row('source', `${clean(src.repository ?? '')} ${src.commit ? `commit ${clean(src.commit)}` : ''}${src.event ? ` (${clean(src.event)})` : ''}`.trim());
    for (const p of report.policies ?? []) row('policy', `${clean(p.name)} sha256:${clean(p.sha256)}`);
    if (report.data) row('catalog', `sha256:${clean(report.data.sha256)} (as of ${clean(report.data.asOf)})`);
    if (report.config) row('config', `${clean(report.config.file)} sha256:${clean(report.config.sha256)}`);
    const c = report.counts ?? { error: 0, warning: 0, info: 0, waived: 0 };
    lines.push(`Verdict: ${clean(report.verdict).toUpperCase()} (${clean(c.error)} error(s), ${clean(c.warning)} warning(s), ${clean(c.info)} info, ${clean(c.waived)} waived)`);
  }
  return `${lines.join('\n')}\n`;
}
