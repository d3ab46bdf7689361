import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromEnvOrFile, signReport, signStatement, SigningError, verifyBundle, type SerializedBundle } from '../../src/attest/index.js';
import { buildStatement, PAYLOAD_TYPE, PREDICATE_TYPE, serializeStatement, STATEMENT_TYPE } from '../../src/attest/statement.js';
import { AIBOM_YAML, SERVICES_AIBOM_JSON, sampleReport, sampleSubjects, sha256 } from './sample-report.js';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const report = sampleReport();
const subjects = sampleSubjects(report);

describe('statement', () => {
  it('makes the report the predicate and the input files the subjects, sorted', () => {
    const st = buildStatement(report, [...subjects].reverse());
    expect(st._type).toBe(STATEMENT_TYPE);
    expect(st.predicateType).toBe(PREDICATE_TYPE);
    expect(st.predicate).toBe(report);
    expect(st.subject).toEqual([
      { name: 'aibom.yaml', digest: { sha256: sha256(AIBOM_YAML) } },
      { name: 'services/aibom.json', digest: { sha256: sha256(SERVICES_AIBOM_JSON) } },
    ]);
  });

  it('serializes canonically: same statement, same bytes, whatever the key order', () => {
    const a = serializeStatement(buildStatement(report, subjects));
    const shuffled = Object.fromEntries(Object.entries(clone(report)).reverse()) as typeof report;
    expect(serializeStatement(buildStatement(shuffled, subjects)).equals(a)).toBe(true);
  });

  it('refuses subjects that disagree with the report inputs', () => {
    expect(() => buildStatement(report, [subjects[0]!])).toThrow(/services\/aibom.json is missing/);
    expect(() => buildStatement(report, [{ ...subjects[0]!, sha256: sha256('other') }, subjects[1]!])).toThrow(/report recorded/);
    expect(() => buildStatement(report, [...subjects, { file: 'x.yaml', sha256: sha256('x') }])).toThrow(/not an input/);
    expect(() => buildStatement(report, [{ file: 'aibom.yaml', sha256: 'abc' }])).toThrow(/64 hex/);
    expect(() => buildStatement(sampleReport({ inputs: [] }), [])).toThrow(/no input files/);
  });
});

describe('key-based signing and verification', () => {
  const key = keyPair();
  const other = keyPair();
  let bundle: SerializedBundle;
  const onDisk = [{ name: 'aibom.yaml', sha256: sha256(AIBOM_YAML) }];

  beforeAll(async () => {
    bundle = await signStatement(buildStatement(report, subjects), { kind: 'key', privateKeyPem: key.privatePem });
  });

  it('produces a v0.3 bundle with a DSSE envelope of an in-toto statement and the key hint', () => {
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.dsseEnvelope?.payloadType).toBe(PAYLOAD_TYPE);
    expect(bundle.verificationMaterial.publicKey?.hint).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const payload = JSON.parse(Buffer.from(bundle.dsseEnvelope!.payload, 'base64').toString()) as { predicate: { verdict: string } };
    expect(payload.predicate.verdict).toBe('fail');
  });

  it('verifies with the right key and matches the subject file on disk', () => {
    const result = verifyBundle(bundle, { publicKeyPem: key.publicPem, subjects: onDisk });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.verdict).toBe('fail');
    expect(result.report.findings[0]?.rule).toBe('origin/country-of-concern');
    expect(result.subjectsChecked).toEqual([{ file: 'aibom.yaml', sha256: sha256(AIBOM_YAML), subject: 'aibom.yaml' }]);
    expect(result.signer).toEqual({ kind: 'key', keyId: bundle.verificationMaterial.publicKey?.hint });
    expect(result.timestamps).toEqual([]);
  });

  it('survives a JSON round trip (what is written to disk)', () => {
    const result = verifyBundle(JSON.parse(JSON.stringify(bundle)), { publicKeyPem: key.publicPem });
    expect(result.ok).toBe(true);
  });

  const expectFailure = (b: unknown, code: string, reason: RegExp, extra: Partial<Parameters<typeof verifyBundle>[1]> = {}) => {
    const result = verifyBundle(b, { publicKeyPem: key.publicPem, subjects: onDisk, ...extra });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);
  };

  it('catches a changed byte anywhere in the payload', () => {
    const payload = Buffer.from(bundle.dsseEnvelope!.payload, 'base64');
    // A byte inside the verdict, one inside a digest, the first and the last byte.
    const verdictAt = payload.indexOf('"verdict":"fail"') + 11;
    for (const at of [0, verdictAt, payload.indexOf(sha256(AIBOM_YAML)) + 5, payload.length - 1]) {
      const b = clone(bundle);
      const changed = Buffer.from(payload);
      changed[at] = changed[at]! ^ 0x01;
      b.dsseEnvelope!.payload = changed.toString('base64');
      expectFailure(b, 'SIGNATURE_INVALID', /signature does not verify/);
    }
  });

  it('catches a changed byte in the signature', () => {
    const sig = Buffer.from(bundle.dsseEnvelope!.signatures[0]!.sig, 'base64');
    for (const at of [0, 10, sig.length - 1]) {
      const b = clone(bundle);
      const changed = Buffer.from(sig);
      changed[at] = changed[at]! ^ 0x80;
      b.dsseEnvelope!.signatures[0]!.sig = changed.toString('base64');
      expectFailure(b, 'SIGNATURE_INVALID', /signature|could not be verified/);
    }
  });

  it('catches the wrong key, naming both key ids', () => {
    const result = verifyBundle(bundle, { publicKeyPem: other.publicPem });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('WRONG_KEY');
    expect(result.reason).toContain(bundle.verificationMaterial.publicKey!.hint);
  });

  it('catches a subject file that was swapped for another', () => {
    expectFailure(bundle, 'SUBJECT_NOT_FOUND', /tampered.yaml \(sha256:[0-9a-f]{64}\) is not a subject/, {
      subjects: [{ name: 'tampered.yaml', sha256: sha256(AIBOM_YAML.replace('acme-coder', 'acme-c0der')) }],
    });
  });

  it('catches a changed payload type, even when validly signed', async () => {
    const { DSSEBundleBuilder } = await import('@sigstore/sign');
    const { bundleToJSON } = await import('@sigstore/bundle');
    const { createPrivateKey, createPublicKey, sign } = await import('node:crypto');
    const priv = createPrivateKey(key.privatePem);
    const builder = new DSSEBundleBuilder({
      signer: { sign: async (data) => ({ signature: sign('sha256', data, priv), key: { $case: 'publicKey', publicKey: createPublicKey(priv).export({ format: 'pem', type: 'spki' }).toString() } }) },
      witnesses: [],
    });
    const b = bundleToJSON(await builder.create({ data: serializeStatement(buildStatement(report, subjects)), type: 'application/json' }));
    expectFailure(b, 'PAYLOAD_TYPE', /payload type is "application\/json"/);
    // And flipping the type of our own bundle breaks the signature (the type is signed).
    const flipped = clone(bundle);
    flipped.dsseEnvelope!.payloadType = 'application/json';
    expectFailure(flipped, 'SIGNATURE_INVALID', /signature does not verify/);
  });

  it('catches another predicate type, even when validly signed', async () => {
    const statement = { ...buildStatement(report, subjects), predicateType: 'https://slsa.dev/provenance/v1' };
    const b = await signStatement(statement, { kind: 'key', privateKeyPem: key.privatePem });
    expectFailure(b, 'PREDICATE_TYPE', /predicate type is "https:\/\/slsa.dev\/provenance\/v1", expected https:\/\/aibom-guard.dev\/attestation\/report\/v1/);
  });

  it('catches subjects that disagree with the report inputs inside a signed statement', async () => {
    const st = buildStatement(report, subjects);
    const statement = { ...st, subject: [st.subject[0]!] };
    const b = await signStatement(statement, { kind: 'key', privateKeyPem: key.privatePem });
    expectFailure(b, 'SUBJECT_MISMATCH', /services\/aibom.json is not a subject/);
  });

  it('rejects a second, unverified signature, and an empty one', () => {
    const b = clone(bundle);
    b.dsseEnvelope!.signatures.push({ ...b.dsseEnvelope!.signatures[0]! });
    expectFailure(b, 'MALFORMED_BUNDLE', /content.dsseEnvelope.signatures/);
    b.dsseEnvelope!.signatures = [{ sig: '', keyid: '' }];
    expectFailure(b, 'MALFORMED_BUNDLE', /signatures\[0\].sig/);
  });

  it('rejects things that are not bundles', () => {
    expectFailure({ hello: 'world' }, 'MALFORMED_BUNDLE', /not a Sigstore bundle/);
    expectFailure([], 'MALFORMED_BUNDLE', /not a JSON object/);
    const b = clone(bundle);
    delete (b as { dsseEnvelope?: unknown }).dsseEnvelope;
    expectFailure(b, 'MALFORMED_BUNDLE', /content/);
  });

  it('enforces --require-verdict pass on a valid failing report', () => {
    const result = verifyBundle(bundle, { publicKeyPem: key.publicPem, requireVerdict: 'pass' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('VERDICT');
    expect(result.reason).toBe("the report's verdict is fail, required pass");
    expect(result.report?.verdict).toBe('fail');
  });

  it('needs something to verify against, and refuses a key for a certificate-less identity check', () => {
    expect(verifyBundle(bundle, {})).toMatchObject({ ok: false, code: 'USAGE' });
    expect(verifyBundle(bundle, { publicKeyPem: key.publicPem, certificateOidcIssuer: 'x' })).toMatchObject({ ok: false, code: 'USAGE' });
    expect(verifyBundle(bundle, { certificateIdentity: 'a', certificateOidcIssuer: 'b', trustedRoot: {} })).toMatchObject({ ok: false, code: 'TRUSTED_ROOT_INVALID' });
    expect(
      verifyBundle(bundle, {
        certificateIdentity: 'a',
        certificateOidcIssuer: 'b',
        trustedRoot: { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' },
      }),
    ).toMatchObject({ ok: false, code: 'KEY_MODE_MISMATCH' });
  });
});

describe('keys', () => {
  it('reads a key from a variable, and rejects other curves, garbage and missing keys', () => {
    const key = keyPair();
    expect(keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: key.privatePem } })).toEqual({ kind: 'key', privateKeyPem: key.privatePem });
    expect(keyFromEnvOrFile({ file: 'env:MY_KEY', env: { MY_KEY: key.privatePem } }).privateKeyPem).toBe(key.privatePem);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: p384 } })).toThrow(/must be ECDSA P-256, got EC secp384r1/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: rsa } })).toThrow(/got rsa/);
    expect(() => keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: 'nope' } })).toThrow(/not a PEM private key/);
    expect(() => keyFromEnvOrFile({ env: {} })).toThrow(SigningError);
    expect(() => keyFromEnvOrFile({ file: '/nonexistent/key.pem', env: {} })).toThrow(/cannot read signing key \/nonexistent\/key.pem: ENOENT/);
  });

  it('accepts an encrypted PKCS#8 key with its passphrase, and says so without it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
    expect(() => keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: encrypted } })).toThrow(/encrypted: provide its passphrase/);
    expect(() => keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: encrypted, AIBOM_GUARD_SIGNING_KEY_PASSPHRASE: 'wrong' } })).toThrow(/wrong passphrase/);
    const options = keyFromEnvOrFile({ env: { AIBOM_GUARD_SIGNING_KEY: encrypted, AIBOM_GUARD_SIGNING_KEY_PASSPHRASE: 'correct horse' } });
    const result = await signReport(report, subjects, { mode: 'key', key: options });
    expect(result.status).toBe('signed');
    if (result.status !== 'signed') return;
    expect(result.signedWith).toMatch(/^ECDSA P-256 key /);
    expect(verifyBundle(result.bundle, { publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() }).ok).toBe(true);
  });

  it('signReport turns a statement problem into a SigningError', async () => {
    const key = keyPair();
    await expect(signReport(report, [subjects[0]!], { mode: 'key', key: { kind: 'key', privateKeyPem: key.privatePem } })).rejects.toThrow(SigningError);
  });
});
