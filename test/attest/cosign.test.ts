// Interop with a real Sigstore client: cosign v3 must accept our bundles for the AIBOM files
// and reject tampered ones. CI installs cosign into .tools/bin (npm run tools).

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICATE_TYPE, signReport, signStatement, type SerializedBundle } from '../../src/attest/index.js';
import { buildStatement } from '../../src/attest/statement.js';
import { GITHUB_ISSUER, githubClaims, startSigstoreMock } from '../helpers/sigstore-mock-server.js';
import { AIBOM_YAML, SERVICES_AIBOM_JSON, sampleReport, sampleSubjects } from './sample-report.js';

const COSIGN = resolve(import.meta.dirname, '../../.tools/bin/cosign');
const haveCosign = existsSync(COSIGN);
if (!haveCosign) console.warn(`cosign interop tests SKIPPED: ${COSIGN} not found (install it with \`npm run tools\`; CI does)`);

interface Run {
  code: number;
  output: string;
}

let dir: string;
function cosign(args: string[]): Promise<Run> {
  return new Promise((done) => {
    // A private HOME: cosign must not read or write the developer's ~/.sigstore.
    execFile(COSIGN, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home') }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

const write = (name: string, data: string | object) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return name;
};

const verifyWithKey = (bundle: string, key: string, file: string, type = PREDICATE_TYPE) =>
  cosign(['verify-blob-attestation', '--bundle', bundle, '--key', key, '--insecure-ignore-tlog', '--type', type, file]);

describe.skipIf(!haveCosign)('cosign verify-blob-attestation accepts our bundles', () => {
  const report = sampleReport();
  let bundle: SerializedBundle;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aibom-cosign-'));
    mkdirSync(join(dir, 'home'));
    write('aibom.yaml', AIBOM_YAML);
    write('services/aibom.json', SERVICES_AIBOM_JSON);
    write('key.pub', publicKey.export({ format: 'pem', type: 'spki' }).toString());
    write('other.pub', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const result = await signReport(report, sampleSubjects(report), { mode: 'key', key: { kind: 'key', privateKeyPem: privatePem } });
    if (result.status !== 'signed') throw new Error('not signed');
    bundle = result.bundle;
    write('report.sigstore.json', bundle);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the key-signed bundle for each AIBOM file (no tlog entry)', async () => {
    for (const file of ['aibom.yaml', 'services/aibom.json']) {
      const run = await verifyWithKey('report.sigstore.json', 'key.pub', file);
      expect(run.output).toContain('Verified OK');
      expect(run.code).toBe(0);
    }
  });

  it('rejects another file, another predicate type and another key', async () => {
    write('swapped.yaml', AIBOM_YAML.replace('Kimi-K2.5', 'Llama-3.1-8B'));
    const swapped = await verifyWithKey('report.sigstore.json', 'key.pub', 'swapped.yaml');
    expect(swapped.code).not.toBe(0);
    expect(swapped.output).toMatch(/digests do not match/);

    const type = await verifyWithKey('report.sigstore.json', 'key.pub', 'aibom.yaml', 'https://slsa.dev/provenance/v1');
    expect(type.code).not.toBe(0);
    expect(type.output).toMatch(/invalid predicate type/);

    const key = await verifyWithKey('report.sigstore.json', 'other.pub', 'aibom.yaml');
    expect(key.code).not.toBe(0);
  });

  it('rejects a changed payload byte and a statement with another predicate type', async () => {
    const tampered = JSON.parse(JSON.stringify(bundle)) as SerializedBundle;
    const payload = Buffer.from(tampered.dsseEnvelope!.payload, 'base64');
    const at = payload.indexOf('"verdict":"fail"') + 11;
    payload[at] = 'p'.charCodeAt(0);
    tampered.dsseEnvelope!.payload = payload.toString('base64');
    write('tampered.sigstore.json', tampered);
    const run = await verifyWithKey('tampered.sigstore.json', 'key.pub', 'aibom.yaml');
    expect(run.code).not.toBe(0);

    const other = await signStatement({ ...buildStatement(report, sampleSubjects(report)), predicateType: 'https://example.com/other' }, { kind: 'key', privateKeyPem: privatePem });
    write('other-type.sigstore.json', other);
    const typed = await verifyWithKey('other-type.sigstore.json', 'key.pub', 'aibom.yaml');
    expect(typed.code).not.toBe(0);
    expect(typed.output).toMatch(/invalid predicate type/);
  });

  it('verifies a keyless bundle against a trusted root, pinning identity and issuer', async () => {
    const mock = await startSigstoreMock();
    try {
      mock.mintToken(githubClaims());
      const result = await signReport(report, sampleSubjects(report), {
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
      if (result.status !== 'signed') throw new Error(result.warning);
      write('keyless.sigstore.json', result.bundle);
      write('trusted_root.json', mock.trustedRoot);
      const identity = 'https://github.com/acme/assistant/.github/workflows/aibom.yml@refs/heads/main';
      const args = (id: string) => [
        'verify-blob-attestation', '--bundle', 'keyless.sigstore.json', '--trusted-root', 'trusted_root.json',
        '--certificate-identity', id, '--certificate-oidc-issuer', GITHUB_ISSUER, '--type', PREDICATE_TYPE, 'aibom.yaml',
      ];
      const ok = await cosign(args(identity));
      expect(ok.output).toContain('Verified OK');
      expect(ok.code).toBe(0);
      const pr = await cosign(args(identity.replace('refs/heads/main', 'refs/pull/7/merge')));
      expect(pr.code).not.toBe(0);
    } finally {
      await mock.close();
    }
  });
});
