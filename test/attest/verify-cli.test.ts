// `aibom-guard verify` end to end on files: sign as `check --sign-key key.pem --attest
// report.sigstore.json` will (through signReport), then verify the way an auditor does.

import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFromEnvOrFile, signReport, type SerializedBundle } from '../../src/attest/index.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { GITHUB_ISSUER, githubClaims, startSigstoreMock } from '../helpers/sigstore-mock-server.js';
import { AIBOM_YAML, SERVICES_AIBOM_JSON, sampleReport, sampleSubjects } from './sample-report.js';

let dir: string;
const write = (name: string, data: string | object) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
};

async function verify(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runVerify(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir });
  return { code, stdout, stderr };
}

const report = sampleReport();
let bundle: SerializedBundle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aibom-verify-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  write('key.pem', privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  write('key.pub', publicKey.export({ format: 'pem', type: 'spki' }).toString());
  write('other.pub', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString());
  write('aibom.yaml', AIBOM_YAML);
  write('services/aibom.json', SERVICES_AIBOM_JSON);
  const signed = await signReport(report, sampleSubjects(report), { mode: 'key', key: keyFromEnvOrFile({ file: 'key.pem', cwd: dir }) });
  if (signed.status !== 'signed') throw new Error('not signed');
  bundle = signed.bundle;
  write('report.sigstore.json', `${JSON.stringify(bundle, null, 2)}\n`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('aibom-guard verify with a key', () => {
  it('verifies, says what it verified, and prints the verdict', async () => {
    const r = await verify('report.sigstore.json', '--key', 'key.pub', '--subject', 'aibom.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Verified report.sigstore.json\n/);
    expect(r.stdout).toMatch(/signed by: +ECDSA P-256 key [A-Za-z0-9+/]{43}= \(key.pub\)/);
    expect(r.stdout).toContain(`aibom.yaml sha256:${report.inputs[0]!.sha256} (matches the file on disk)`);
    expect(r.stdout).toContain(`services/aibom.json sha256:${report.inputs[1]!.sha256} (not checked against a file)`);
    expect(r.stdout).toContain(`policy:      builtin sha256:${report.policies[0]!.sha256}`);
    expect(r.stdout).toContain(`catalog:     sha256:${report.data.sha256} (as of 2026-11-01)`);
    expect(r.stdout).toContain('source:      acme/assistant commit 0123456789abcdef0123456789abcdef01234567 (pull_request)');
    expect(r.stdout).toMatch(/\nVerdict: FAIL \(1 error\(s\), 1 warning\(s\), 0 info, 1 waived\)\n$/);
  });

  it('--print-predicate prints the verified report as JSON on stdout, the summary on stderr', async () => {
    const r = await verify('report.sigstore.json', '--key', 'key.pub', '--print-predicate');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(report);
    expect(r.stderr).toMatch(/^Verified/);
  });

  it('--require-verdict pass fails on a failing report, after verifying it', async () => {
    const r = await verify('report.sigstore.json', '--key', 'key.pub', '--require-verdict', 'pass');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Signature verified for report.sigstore.json/);
    expect(r.stderr).toBe("Not verified: the report's verdict is fail, required pass [VERDICT]\n");
  });

  it('--require-verdict pass succeeds on a passing report', async () => {
    const passing = sampleReport({ verdict: 'pass', counts: { error: 0, warning: 0, info: 0, waived: 0 }, findings: [] });
    const signed = await signReport(passing, sampleSubjects(passing), { mode: 'key', key: keyFromEnvOrFile({ file: 'key.pem', cwd: dir }) });
    if (signed.status !== 'signed') throw new Error('not signed');
    write('pass.sigstore.json', signed.bundle);
    const r = await verify('pass.sigstore.json', '--key', 'key.pub', '--require-verdict', 'pass', '--subject', 'aibom.yaml', '--subject', 'services/aibom.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: PASS');
  });

  it('exits 1 with the reason for each kind of tampering', async () => {
    const tampered = JSON.parse(JSON.stringify(bundle)) as SerializedBundle;
    const payload = Buffer.from(tampered.dsseEnvelope!.payload, 'base64');
    payload[payload.indexOf('"verdict":"fail"') + 11] = 'p'.charCodeAt(0);
    tampered.dsseEnvelope!.payload = payload.toString('base64');
    write('tampered.sigstore.json', tampered);
    const t = await verify('tampered.sigstore.json', '--key', 'key.pub');
    expect(t.code).toBe(1);
    expect(t.stdout).toBe('');
    expect(t.stderr).toMatch(/^Not verified: the signature does not verify.*\[SIGNATURE_INVALID\]\n$/);

    const w = await verify('report.sigstore.json', '--key', 'other.pub');
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/\[WRONG_KEY\]/);

    write('swapped.yaml', AIBOM_YAML.replace('Kimi-K2.5', 'Llama-3.1-8B'));
    const s = await verify('report.sigstore.json', '--key', 'key.pub', '--subject', 'swapped.yaml');
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/swapped.yaml \(sha256:[0-9a-f]{64}\) is not a subject of this attestation.*\[SUBJECT_NOT_FOUND\]/);

    write('garbage.json', 'not json');
    expect((await verify('garbage.json', '--key', 'key.pub')).code).toBe(1);
  });

  it('exits 2 on usage errors and unreadable inputs', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing BUNDLE/],
      [['report.sigstore.json'], /say what to trust/],
      [['report.sigstore.json', '--key', 'key.pub', '--certificate-oidc-issuer', GITHUB_ISSUER], /cannot be combined/],
      [['report.sigstore.json', '--certificate-identity', 'x', '--certificate-oidc-issuer', GITHUB_ISSUER], /--trusted-root FILE is required/],
      [['report.sigstore.json', '--certificate-identity', 'x', '--trusted-root', 'key.pub'], /--certificate-oidc-issuer is required/],
      [['report.sigstore.json', '--key', 'key.pub', '--require-verdict', 'fail'], /accepts only "pass"/],
      [['report.sigstore.json', '--key', 'key.pub', '--bogus'], /Unknown option '--bogus'/],
      [['missing.json', '--key', 'key.pub'], /cannot read bundle missing.json: no such file/],
      [['report.sigstore.json', '--key', 'nope.pub'], /cannot read public key nope.pub/],
      [['report.sigstore.json', '--key', 'key.pem'], /not a PEM public key/],
      [['report.sigstore.json', '--key', 'key.pub', '--subject', 'gone.yaml'], /cannot read subject gone.yaml/],
      [['report.sigstore.json', '--certificate-identity-regexp', '(', '--certificate-oidc-issuer', 'x', '--trusted-root', 'key.pub'], /regexp/],
    ];
    for (const [argv, message] of cases) {
      const r = await verify(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    // A usage error shows the usage; an unreadable file only says what is wrong.
    expect((await verify('report.sigstore.json')).stderr).toContain('Usage: aibom-guard verify BUNDLE');
    expect((await verify('missing.json', '--key', 'key.pub')).stderr).toBe('aibom-guard verify: cannot read bundle missing.json: no such file\n');
    const help = await verify('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 verified');
  });

  it('keeps terminal control characters from the report out of the output', async () => {
    const hostile = sampleReport({ source: { repository: 'acme/assistant\u001b[2J\u001b]0;pwned\u0007', commit: 'abc' } });
    const signed = await signReport(hostile, sampleSubjects(hostile), { mode: 'key', key: keyFromEnvOrFile({ file: 'key.pem', cwd: dir }) });
    if (signed.status !== 'signed') throw new Error('not signed');
    write('hostile.sigstore.json', signed.bundle);
    const r = await verify('hostile.sigstore.json', '--key', 'key.pub');
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(r.stdout).toContain('acme/assistant\\u001b[2J');
  });
});

describe('aibom-guard verify keyless', () => {
  it('pins identity and issuer against a trusted root file (JSON or one root per line)', async () => {
    const mock = await startSigstoreMock();
    try {
      mock.mintToken(githubClaims({ event_name: 'push' }));
      const signed = await signReport(report, sampleSubjects(report), {
        mode: 'keyless',
        required: true,
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken,
          AIBOM_GUARD_FULCIO_URL: mock.fulcioURL,
          AIBOM_GUARD_REKOR_URL: mock.rekorURL,
          AIBOM_GUARD_TSA_URL: mock.tsaURL,
        },
      });
      if (signed.status !== 'signed') throw new Error(signed.warning);
      write('keyless.sigstore.json', signed.bundle);
      write('trusted_root.json', mock.trustedRoot);
      const other = await startSigstoreMock();
      write('roots.jsonl', `${JSON.stringify(other.trustedRoot)}\n${JSON.stringify(mock.trustedRoot)}\n`);
      await other.close();
      const identity = 'https://github.com/acme/assistant/.github/workflows/aibom.yml@refs/heads/main';
      for (const root of ['trusted_root.json', 'roots.jsonl']) {
        const r = await verify('keyless.sigstore.json', '--certificate-identity', identity, '--certificate-oidc-issuer', GITHUB_ISSUER, '--trusted-root', root, '--subject', 'aibom.yaml');
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`signed by:   ${identity}`);
        expect(r.stdout).toContain(`issuer:      ${GITHUB_ISSUER}`);
        expect(r.stdout).toContain('workflow:    https://github.com/acme/assistant refs/heads/main 0123456789abcdef0123456789abcdef01234567');
        expect(r.stdout).toContain('run:         https://github.com/acme/assistant/actions/runs/42/attempts/1');
        expect(r.stdout).toMatch(/timestamps: +transparency log entry \d+ at .*; timestamp authority at /);
      }
      const pr = await verify('keyless.sigstore.json', '--certificate-identity', identity.replace('refs/heads/main', 'refs/pull/7/merge'), '--certificate-oidc-issuer', GITHUB_ISSUER, '--trusted-root', 'trusted_root.json');
      expect(pr.code).toBe(1);
      expect(pr.stderr).toMatch(/certificate identity is .*refs\/heads\/main, expected .*refs\/pull\/7\/merge \[IDENTITY_MISMATCH\]/);
      const withKey = await verify('keyless.sigstore.json', '--key', 'key.pub');
      expect(withKey.code).toBe(1);
      expect(withKey.stderr).toMatch(/KEY_MODE_MISMATCH/);
    } finally {
      await mock.close();
    }
  });
});
