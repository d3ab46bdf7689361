// Keyless signing against mock Fulcio, Rekor and TSA over HTTP on 127.0.0.1, with the OIDC
// token fetched the way GitHub Actions hands it out, then offline verification against a
// trusted root made from the mock's keys.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReport, verifyBundle, type SerializedBundle } from '../../src/attest/index.js';
import { resolveKeyless } from '../../src/attest/keyless.js';
import { GITHUB_ISSUER, githubClaims, startSigstoreMock, type SigstoreMock } from '../helpers/sigstore-mock-server.js';
import { AIBOM_YAML, sampleReport, sampleSubjects, sha256 } from './sample-report.js';

const MAIN_IDENTITY = 'https://github.com/acme/assistant/.github/workflows/aibom.yml@refs/heads/main';
const report = sampleReport();
const subjects = sampleSubjects(report);

let mock: SigstoreMock;
beforeAll(async () => {
  mock = await startSigstoreMock();
});
afterAll(async () => {
  await mock.close();
});

/** The environment of a GitHub Actions job with `id-token: write`, endpoints on the mock. */
function actionsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken,
    AIBOM_GUARD_FULCIO_URL: mock.fulcioURL,
    AIBOM_GUARD_REKOR_URL: mock.rekorURL,
    AIBOM_GUARD_TSA_URL: mock.tsaURL,
    ...extra,
  };
}

const keylessVerify = (bundle: unknown, extra: Partial<Parameters<typeof verifyBundle>[1]> = {}) =>
  verifyBundle(bundle, {
    certificateIdentity: MAIN_IDENTITY,
    certificateOidcIssuer: GITHUB_ISSUER,
    trustedRoot: mock.trustedRoot,
    subjects: [{ name: 'aibom.yaml', sha256: sha256(AIBOM_YAML) }],
    ...extra,
  });

describe('keyless signing with Fulcio, Rekor and a TSA', () => {
  let bundle: SerializedBundle;

  beforeAll(async () => {
    mock.mintToken(githubClaims());
    mock.requests.length = 0;
    const result = await signReport(report, subjects, { mode: 'keyless', required: true, env: actionsEnv() });
    expect(result.status).toBe('signed');
    if (result.status !== 'signed') throw new Error(result.warning);
    bundle = result.bundle;
  });

  it('fetched the token from the Actions runtime and used all three services over HTTP', () => {
    expect(mock.requests).toEqual(
      expect.arrayContaining(['GET /oidc/token', 'POST /api/v2/signingCert', 'POST /api/v1/log/entries', 'POST /api/v1/timestamp']),
    );
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial.certificate?.rawBytes).toBeTruthy();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
  });

  it('verifies offline against the trusted root, pinning the workflow identity and issuer', () => {
    const result = keylessVerify(JSON.parse(JSON.stringify(bundle)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.identity).toEqual({ subjectAlternativeName: MAIN_IDENTITY, issuer: GITHUB_ISSUER });
    expect(result.signer.kind === 'certificate' && result.signer.extensions).toMatchObject({
      sourceRepositoryURI: 'https://github.com/acme/assistant',
      sourceRepositoryRef: 'refs/heads/main',
      sourceRepositoryDigest: '0123456789abcdef0123456789abcdef01234567',
      runInvocationURI: 'https://github.com/acme/assistant/actions/runs/42/attempts/1',
    });
    expect(result.timestamps.map((t) => t.source).sort()).toEqual(['timestamp-authority', 'transparency-log']);
    expect(result.report.verdict).toBe('fail');
  });

  it('accepts an anchored identity regexp', () => {
    const re = '^https://github\\.com/acme/assistant/\\.github/workflows/aibom\\.yml@refs/heads/main$';
    expect(keylessVerify(bundle, { certificateIdentity: undefined, certificateIdentityRegExp: re }).ok).toBe(true);
  });

  it('rejects another identity, another issuer, and an unrelated trusted root', async () => {
    expect(keylessVerify(bundle, { certificateIdentity: MAIN_IDENTITY.replace('refs/heads/main', 'refs/pull/7/merge') })).toMatchObject({
      ok: false,
      code: 'IDENTITY_MISMATCH',
    });
    expect(keylessVerify(bundle, { certificateOidcIssuer: 'https://accounts.google.com' })).toMatchObject({
      ok: false,
      code: 'ISSUER_MISMATCH',
      reason: `certificate OIDC issuer is ${GITHUB_ISSUER}, expected https://accounts.google.com`,
    });
    const other = await startSigstoreMock();
    try {
      const result = keylessVerify(bundle, { trustedRoot: other.trustedRoot });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['CERTIFICATE_INVALID', 'TIMESTAMP_INVALID', 'TLOG_INVALID']).toContain(result.code);
      // One of several roots (gh attestation trusted-root prints several) is enough.
      expect(keylessVerify(bundle, { trustedRoot: [other.trustedRoot, mock.trustedRoot] }).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('catches tampering with the payload, and a stripped timestamp and log entry', () => {
    const b = JSON.parse(JSON.stringify(bundle)) as SerializedBundle;
    const payload = Buffer.from(b.dsseEnvelope!.payload, 'base64');
    payload[payload.indexOf('"fail"') + 1] = 'a'.charCodeAt(0); // "fail" -> "aail"
    b.dsseEnvelope!.payload = payload.toString('base64');
    const tampered = keylessVerify(b);
    expect(tampered.ok).toBe(false);
    // The log entry's body no longer matches, or the signature fails: either way, named.
    if (!tampered.ok) expect(['SIGNATURE_INVALID', 'TLOG_INVALID']).toContain(tampered.code);

    const stripped = JSON.parse(JSON.stringify(bundle)) as SerializedBundle;
    stripped.verificationMaterial.tlogEntries = [];
    stripped.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(keylessVerify(stripped)).toMatchObject({ ok: false, code: 'TIMESTAMP_INVALID' });
  });

  it('refuses to be checked against a key', () => {
    expect(verifyBundle(bundle, { publicKeyPem: '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n' })).toMatchObject({
      ok: false,
      code: 'KEY_MODE_MISMATCH',
    });
  });
});

describe('keyless without a public log (GitHub private-repository style)', () => {
  it('signs with Fulcio and the TSA only, and verifies against a root without logs', async () => {
    mock.mintToken(githubClaims());
    mock.requests.length = 0;
    const env = actionsEnv();
    delete env.AIBOM_GUARD_REKOR_URL;
    const result = await signReport(report, subjects, { mode: 'keyless', required: true, env });
    expect(result.status).toBe('signed');
    if (result.status !== 'signed') return;
    expect(mock.requests).not.toContain('POST /api/v1/log/entries');
    expect(result.bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0);
    const root = { ...mock.trustedRoot, tlogs: [] };
    expect(keylessVerify(result.bundle, { trustedRoot: root }).ok).toBe(true);
    // A root that has a log demands a log entry.
    expect(keylessVerify(result.bundle)).toMatchObject({ ok: false, code: 'TLOG_INVALID' });
  });
});

describe('when keyless signing cannot happen', () => {
  it('skips with a visible warning when there is no token (fork PRs), and fails when required', async () => {
    const env = { AIBOM_GUARD_FULCIO_URL: mock.fulcioURL, AIBOM_GUARD_TSA_URL: mock.tsaURL };
    const skipped = await signReport(report, subjects, { mode: 'keyless', required: false, env });
    expect(skipped).toMatchObject({ status: 'skipped' });
    if (skipped.status === 'skipped') expect(skipped.warning).toMatch(/id-token: write.*verdict is unchanged/);
    await expect(signReport(report, subjects, { mode: 'keyless', required: true, env })).rejects.toMatchObject({ code: 'NO_IDENTITY_TOKEN' });
  });

  it('reports a refused token request without leaking the token', async () => {
    const env = actionsEnv({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-bearer' });
    await expect(signReport(report, subjects, { mode: 'keyless', required: true, env })).rejects.toMatchObject({
      code: 'NO_IDENTITY_TOKEN',
      message: expect.stringMatching(/HTTP 401.*id-token: write/),
    });
    const soft = await signReport(report, subjects, { mode: 'keyless', required: false, env });
    expect(soft.status).toBe('skipped');
  });

  it('reports a Fulcio that refuses, naming the service', async () => {
    const token = mock.mintToken(githubClaims());
    const env = actionsEnv({ AIBOM_GUARD_FULCIO_URL: `${mock.url}/nowhere` });
    const error = await signReport(report, subjects, { mode: 'keyless', required: true, env }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'CA_ERROR' });
    expect((error as Error).message).not.toContain(token);
  });
});

describe('which Sigstore instance', () => {
  const token = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('keeps private repositories out of the public log unless they opt in', () => {
    const privateToken = token({ repository_visibility: 'private' });
    const r = resolveKeyless({ env: {} }, privateToken);
    expect(r.options).toMatchObject({ fulcioURL: 'https://fulcio.githubapp.com', tsaURL: 'https://timestamp.githubapp.com', tlog: false });
    expect(() => resolveKeyless({ env: {}, instance: 'public-good' }, privateToken)).toThrow(/opt in/);
    expect(resolveKeyless({ env: {}, instance: 'public-good', allowPublicLog: true }, privateToken).options).toMatchObject({ tlog: true });
    // Unknown visibility is treated as private.
    expect(resolveKeyless({ env: {} }, token({})).options).toMatchObject({ tlog: false });
  });

  it('uses public-good Sigstore with Rekor for public repositories', () => {
    expect(resolveKeyless({ env: {} }, token({ repository_visibility: 'public' })).options).toMatchObject({
      fulcioURL: 'https://fulcio.sigstore.dev',
      rekorURL: 'https://rekor.sigstore.dev',
      tlog: true,
    });
  });
});
