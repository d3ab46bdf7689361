// The "done when", as an auditor would run it: the built CLI signs the report of a
// check, then verifies it against the public key and the AIBOM file on disk; cosign agrees.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOW, REPO_ROOT, relayAibom, runCli, tempRepo } from '../helpers/cli.js';

const AIBOM = relayAibom();
const COSIGN = path.join(REPO_ROOT, '.tools/bin/cosign');

let repo: string;
beforeAll(() => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  repo = tempRepo({
    'aibom.yaml': AIBOM,
    'key.pem': privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    'key.pub': publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  });
});

describe('check --sign-key --attest, then verify (built CLI)', () => {
  it('signs the report and verifies it against the key and the AIBOM file', () => {
    const check = runCli(['check', '--now', NOW, '--sign-key', 'key.pem', '--attest', 'report.sigstore.json', '--output', 'html=report.html'], { cwd: repo });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const bundle = JSON.parse(readFileSync(path.join(repo, 'report.sigstore.json'), 'utf8'));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(readFileSync(path.join(repo, 'report.html'), 'utf8')).toContain('report.sigstore.json');

    const verify = runCli(['verify', 'report.sigstore.json', '--key', 'key.pub', '--subject', 'aibom.yaml', '--require-verdict', 'pass'], { cwd: repo });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Verdict: PASS/m);
    expect(verify.stdout).toContain("matches the file on disk");

    const predicate = runCli(['verify', 'report.sigstore.json', '--key', 'key.pub', '--print-predicate'], { cwd: repo });
    expect(predicate.code).toBe(0);
    const report = JSON.parse(predicate.stdout.slice(predicate.stdout.indexOf('{')));
    expect(report.inputs[0].file).toBe('aibom.yaml');
    expect(report.evaluatedAt).toBe(NOW);
  });

  it('refuses a changed AIBOM file', () => {
    runCli(['check', '--now', NOW, '--sign-key', 'key.pem', '--attest', 'signed.sigstore.json'], { cwd: repo });
    writeFileSync(path.join(repo, 'changed.yaml'), `${AIBOM}# changed\n`);
    const verify = runCli(['verify', 'signed.sigstore.json', '--key', 'key.pub', '--subject', 'changed.yaml'], { cwd: repo });
    expect(verify.code).toBe(1);
  });

  it('cosign accepts the bundle for the AIBOM file', (context) => {
    if (!existsSync(COSIGN)) {
      console.warn(`SKIPPED: ${COSIGN} not found (npm run tools installs it)`);
      context.skip();
    }
    runCli(['check', '--now', NOW, '--sign-key', 'key.pem', '--attest', 'cosign.sigstore.json'], { cwd: repo });
    const args = ['verify-blob-attestation', '--bundle', 'cosign.sigstore.json', '--key', 'key.pub', '--insecure-ignore-tlog', '--type', 'https://aibom-guard.dev/attestation/report/v1'];
    const cosign = (file: string) => spawnSync(COSIGN, [...args, file], { cwd: repo, env: { PATH: process.env.PATH ?? '', HOME: repo }, encoding: 'utf8' });
    const ok = cosign('aibom.yaml');
    expect(ok.status).toBe(0);
    expect(`${ok.stdout}${ok.stderr}`).toContain('Verified OK');
    writeFileSync(path.join(repo, 'other.yaml'), `${AIBOM}# other\n`);
    expect(cosign('other.yaml').status).not.toBe(0);
  });

  it('exits 2 when a requested signature cannot be made', () => {
    const missingKey = runCli(['check', '--now', NOW, '--sign-key', 'nope.pem', '--attest', 'x.sigstore.json', '--format', 'json'], { cwd: repo });
    expect(missingKey.code).toBe(2);
    expect(JSON.parse(missingKey.stdout).error.code).toBe('signing');
    expect(existsSync(path.join(repo, 'x.sigstore.json'))).toBe(false);
    // Keyless without an OIDC token (a fork PR, or a laptop): asked for, so exit 2.
    const keyless = runCli(['check', '--now', NOW, '--attest', 'y.sigstore.json'], { cwd: repo, env: { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '', SIGSTORE_ID_TOKEN: '' } });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/id-token|identity token/i);
  });
});
