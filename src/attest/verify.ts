// Verifies a report bundle offline: the Sigstore signature (against a public key, or a
// Fulcio certificate chained to a trusted root with its timestamps and log entries), then
// what was signed: payload type, statement and predicate types, subjects, and optionally the
// files on disk and the verdict. Every failure names its reason; nothing is trusted before
// the signature verifies.

import { createPublicKey, type KeyObject } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { ASN1Obj, RFC3161Timestamp } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, VerificationError, Verifier, toSignedEntity, toTrustMaterial, type Signer } from '@sigstore/verify';
import type { Report } from '../types.js';
import { keyHint } from './sign.js';
import { PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, type InTotoStatement, type StatementSubject } from './statement.js';

export interface VerifyOptions {
  /** PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----") the bundle must be signed with. */
  publicKeyPem?: string;
  /** Exact SAN of the Fulcio certificate, e.g. the workflow ref `https://github.com/O/R/.github/workflows/aibom.yml@refs/heads/main`. */
  certificateIdentity?: string;
  /** Regular expression the SAN must match (anchor it with ^…$). */
  certificateIdentityRegExp?: string;
  /** Exact OIDC issuer, e.g. `https://token.actions.githubusercontent.com`. */
  certificateOidcIssuer?: string;
  /**
   * Parsed trusted_root.json object(s) (Sigstore TrustedRoot). Required for certificates;
   * with several, the bundle must verify against one of them.
   */
  trustedRoot?: unknown;
  /** Files on disk (name as given, sha256 of their bytes) that must each be a subject. */
  subjects?: { name: string; sha256: string }[];
  /** Also fail unless the report's verdict is this. */
  requireVerdict?: 'pass';
}

export type VerifyFailureCode =
  | 'USAGE' // options do not say what to verify against
  | 'MALFORMED_BUNDLE'
  | 'NOT_DSSE'
  | 'SIGNATURE_COUNT'
  | 'KEY_MODE_MISMATCH' // key given for a certificate bundle, or the reverse
  | 'PUBLIC_KEY_INVALID'
  | 'TRUSTED_ROOT_INVALID'
  | 'WRONG_KEY'
  | 'SIGNATURE_INVALID'
  | 'CERTIFICATE_INVALID'
  | 'TLOG_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'IDENTITY_MISMATCH'
  | 'ISSUER_MISMATCH'
  | 'PAYLOAD_TYPE'
  | 'STATEMENT_INVALID'
  | 'STATEMENT_TYPE'
  | 'PREDICATE_TYPE'
  | 'PREDICATE_INVALID'
  | 'SUBJECT_MISMATCH' // the statement's subjects disagree with the report's inputs
  | 'SUBJECT_NOT_FOUND' // a file on disk is not a subject
  | 'VERDICT'
  | 'UNVERIFIABLE'; // the libraries could not process the bundle (e.g. a malformed certificate or timestamp)

/** Who signed: a public key, or a Fulcio certificate and what it says about the workflow run. */
export type SignerInfo =
  | { kind: 'key'; keyId: string }
  | {
      kind: 'certificate';
      identity: string;
      issuer: string;
      /** Fulcio extensions (OID 1.3.6.1.4.1.57264.1.*) by name, where present. */
      extensions: Record<string, string>;
    };

export interface VerifiedTimestamp {
  source: 'timestamp-authority' | 'transparency-log';
  time: string;
  logIndex?: string;
}

export type VerifyResult =
  | {
      ok: true;
      statement: InTotoStatement;
      report: Report;
      signer: SignerInfo;
      /** For certificates: SAN and issuer (the same as in `signer`). */
      identity?: { subjectAlternativeName: string; issuer: string };
      timestamps: VerifiedTimestamp[];
      /** Files on disk matched to subjects. */
      subjectsChecked: { file: string; sha256: string; subject: string }[];
    }
  | {
      ok: false;
      code: VerifyFailureCode;
      reason: string;
      /** Present once the signature verified (e.g. a failing verdict with requireVerdict). */
      statement?: InTotoStatement;
      report?: Report;
    };

const fail = (code: VerifyFailureCode, reason: string): VerifyResult => ({ ok: false, code, reason });

export function verifyBundle(bundleJson: unknown, options: VerifyOptions): VerifyResult {
  const keyless = Boolean(options.certificateIdentity || options.certificateIdentityRegExp || options.certificateOidcIssuer);
  if (options.publicKeyPem && keyless) return fail('USAGE', 'give either a public key or a certificate identity and issuer, not both');
  if (!options.publicKeyPem && !keyless) return fail('USAGE', 'nothing to verify against: give a public key, or a certificate identity and OIDC issuer');
  if (keyless) {
    if (!options.certificateIdentity && !options.certificateIdentityRegExp) return fail('USAGE', 'a certificate identity (exact or regular expression) is required');
    if (options.certificateIdentity && options.certificateIdentityRegExp) return fail('USAGE', 'give the certificate identity either exactly or as a regular expression, not both');
    if (!options.certificateOidcIssuer) return fail('USAGE', 'a certificate OIDC issuer is required');
    if (options.trustedRoot === undefined) return fail('USAGE', 'a trusted root is required to verify a certificate offline');
  }

  // 1. The bundle's shape.
  let bundle: Bundle;
  try {
    if (typeof bundleJson !== 'object' || bundleJson === null || Array.isArray(bundleJson)) throw new Error('not a JSON object');
    bundle = bundleFromJSON(bundleJson);
  } catch (err) {
    const fields = (err as { fields?: string[] }).fields;
    return fail('MALFORMED_BUNDLE', `not a Sigstore bundle: ${(err as Error).message}${fields?.length ? ` (${fields.join(', ')})` : ''}`);
  }
  if (bundle.content.$case !== 'dsseEnvelope') return fail('NOT_DSSE', 'the bundle holds a plain message signature, not a DSSE envelope with an attestation');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.signatures.length !== 1) {
    return fail('SIGNATURE_COUNT', `the DSSE envelope must carry exactly one signature, it has ${envelope.signatures.length}`);
  }
  const material = bundle.verificationMaterial.content;
  const hasCertificate = material.$case === 'certificate' || material.$case === 'x509CertificateChain';

  // 2. The signature, with the trust material for the chosen mode.
  let signerInfo: SignerInfo;
  if (options.publicKeyPem) {
    if (hasCertificate) {
      return fail('KEY_MODE_MISMATCH', 'the bundle is signed with a Fulcio certificate (keyless); verify it with a certificate identity, OIDC issuer and trusted root instead of a key');
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: options.publicKeyPem, format: 'pem' });
    } catch (err) {
      return fail('PUBLIC_KEY_INVALID', `cannot read the public key: ${(err as Error).message}`);
    }
    const roots = options.trustedRoot === undefined ? [emptyTrustedRoot()] : parseTrustedRoots(options.trustedRoot);
    if (!Array.isArray(roots)) return roots;
    const expectedHint = keyHint(key);
    const attempt = verifyAgainstRoots(bundle, roots, { key }, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
    if (!attempt.ok) {
      const bundleHint = material.$case === 'publicKey' ? material.publicKey.hint : '';
      if (attempt.code === 'SIGNATURE_INVALID' && bundleHint && bundleHint !== expectedHint) {
        return fail('WRONG_KEY', `the signature does not verify with the given key (${expectedHint}); the bundle names key ${bundleHint}`);
      }
      return attempt;
    }
    signerInfo = { kind: 'key', keyId: expectedHint };
  } else {
    const roots = parseTrustedRoots(options.trustedRoot);
    if (!Array.isArray(roots)) return roots;
    if (!hasCertificate) return fail('KEY_MODE_MISMATCH', 'the bundle is signed with a key, not a certificate; verify it with the public key');
    const attempt = verifyAgainstRoots(bundle, roots, null, null);
    if (!attempt.ok) return attempt;
    const signer = attempt.signer;
    const identity = signer.identity?.subjectAlternativeName ?? '';
    const issuer = signer.identity?.extensions?.issuer ?? '';
    if (options.certificateIdentity !== undefined && identity !== options.certificateIdentity) {
      return fail('IDENTITY_MISMATCH', `certificate identity is ${identity || '(none)'}, expected ${options.certificateIdentity}`);
    }
    if (options.certificateIdentityRegExp !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(options.certificateIdentityRegExp);
      } catch (err) {
        return fail('USAGE', `invalid certificate identity regular expression: ${(err as Error).message}`);
      }
      if (!re.test(identity)) {
        return fail('IDENTITY_MISMATCH', `certificate identity ${identity || '(none)'} does not match /${options.certificateIdentityRegExp}/`);
      }
    }
    if (issuer !== options.certificateOidcIssuer) {
      return fail('ISSUER_MISMATCH', `certificate OIDC issuer is ${issuer || '(none)'}, expected ${options.certificateOidcIssuer}`);
    }
    signerInfo = { kind: 'certificate', identity, issuer, extensions: fulcioExtensions(signer) };
  }

  // 3. What was signed. Only now is the payload trusted enough to read.
  if (envelope.payloadType !== PAYLOAD_TYPE) {
    return fail('PAYLOAD_TYPE', `payload type is ${JSON.stringify(envelope.payloadType)}, expected ${PAYLOAD_TYPE}`);
  }
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload));
  } catch (err) {
    return fail('STATEMENT_INVALID', `the payload is not UTF-8 JSON: ${(err as Error).message}`);
  }
  const shape = checkStatement(statement);
  if (shape) return shape;
  const st = statement as InTotoStatement;
  const report = st.predicate;
  const consistency = checkSubjectsMatchInputs(st.subject, report);
  if (consistency) return consistency;

  // 4. Files on disk.
  const subjectsChecked: { file: string; sha256: string; subject: string }[] = [];
  for (const file of options.subjects ?? []) {
    const digest = file.sha256.toLowerCase();
    const match = st.subject.find((s) => s.digest.sha256.toLowerCase() === digest);
    if (!match) {
      const names = st.subject.map((s) => `${s.name} (sha256:${s.digest.sha256})`).join(', ');
      return {
        ok: false,
        code: 'SUBJECT_NOT_FOUND',
        reason: `${file.name} (sha256:${digest}) is not a subject of this attestation; its subjects are ${names}`,
        statement: st,
        report,
      };
    }
    subjectsChecked.push({ file: file.name, sha256: digest, subject: match.name });
  }

  // 5. The verdict, when the caller requires one.
  if (options.requireVerdict && report.verdict !== options.requireVerdict) {
    return { ok: false, code: 'VERDICT', reason: `the report's verdict is ${report.verdict}, required ${options.requireVerdict}`, statement: st, report };
  }

  return {
    ok: true,
    statement: st,
    report,
    signer: signerInfo,
    ...(signerInfo.kind === 'certificate' ? { identity: { subjectAlternativeName: signerInfo.identity, issuer: signerInfo.issuer } } : {}),
    timestamps: describeTimestamps(bundle),
    subjectsChecked,
  };
}

// ---------------------------------------------------------------------------------------

type Attempt = { ok: true; signer: Signer } | { ok: false; code: VerifyFailureCode; reason: string };

function verifyAgainstRoots(
  bundle: Bundle,
  roots: TrustedRoot[],
  key: { key: KeyObject } | null,
  thresholds: { tlogThreshold: number; ctlogThreshold: number; timestampThreshold: number } | null,
): Attempt {
  let first: Attempt | null = null;
  for (const root of roots) {
    const attempt = verifyAgainstRoot(bundle, root, key, thresholds);
    if (attempt.ok) return attempt;
    first ??= attempt;
  }
  return first ?? { ok: false, code: 'TRUSTED_ROOT_INVALID', reason: 'no trusted root given' };
}

function verifyAgainstRoot(
  bundle: Bundle,
  root: TrustedRoot,
  key: { key: KeyObject } | null,
  thresholds: { tlogThreshold: number; ctlogThreshold: number; timestampThreshold: number } | null,
): Attempt {
  try {
    // With an explicit key the bundle's hint is not trusted to pick it: the given key is the key.
    const keyFinder = key ? () => ({ publicKey: key.key, validFor: () => true }) : undefined;
    const trust = toTrustMaterial(root, keyFinder);
    // For certificates: a trusted time is always required (Fulcio certificates live minutes),
    // and a log entry and an SCT whenever the root has such logs (public-good Sigstore).
    // GitHub's private instance has no logs and relies on its TSA.
    const options = thresholds ?? {
      tlogThreshold: root.tlogs.length > 0 ? 1 : 0,
      ctlogThreshold: root.ctlogs.length > 0 ? 1 : 0,
      timestampThreshold: 1,
    };
    const verifier = new Verifier(trust, options);
    return { ok: true, signer: verifier.verify(toSignedEntity(bundle)) };
  } catch (err) {
    return fromLibraryError(err);
  }
}

function fromLibraryError(err: unknown): Attempt {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof PolicyError) return { ok: false, code: 'IDENTITY_MISMATCH', reason: message };
  if (err instanceof VerificationError) {
    switch (err.code) {
      case 'SIGNATURE_ERROR':
        return { ok: false, code: 'SIGNATURE_INVALID', reason: 'the signature does not verify: the payload or the signature was changed, or it was made with another key' };
      case 'PUBLIC_KEY_ERROR':
        return { ok: false, code: 'WRONG_KEY', reason: `public key: ${message}` };
      case 'CERTIFICATE_ERROR':
        return { ok: false, code: 'CERTIFICATE_INVALID', reason: `certificate: ${message}` };
      case 'TIMESTAMP_ERROR':
        return { ok: false, code: 'TIMESTAMP_INVALID', reason: `timestamp: ${message}` };
      default:
        if (err.code.startsWith('TLOG')) return { ok: false, code: 'TLOG_INVALID', reason: `transparency log: ${message}` };
    }
  }
  // Anything else (malformed DER, unparseable certificate…) is a failure, never a pass.
  return { ok: false, code: 'UNVERIFIABLE', reason: `the bundle could not be verified: ${message}` };
}

function emptyTrustedRoot(): TrustedRoot {
  return TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
}

function parseTrustedRoots(value: unknown): TrustedRoot[] | VerifyResult {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return fail('TRUSTED_ROOT_INVALID', 'no trusted root given');
  const roots: TrustedRoot[] = [];
  for (const item of list) {
    const mediaType = (item as { mediaType?: unknown } | null)?.mediaType;
    if (typeof item !== 'object' || item === null || typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
      return fail('TRUSTED_ROOT_INVALID', 'the trusted root is not a Sigstore trusted_root.json (mediaType application/vnd.dev.sigstore.trustedroot+json)');
    }
    try {
      roots.push(TrustedRoot.fromJSON(item));
    } catch (err) {
      return fail('TRUSTED_ROOT_INVALID', `cannot read the trusted root: ${(err as Error).message}`);
    }
  }
  return roots;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function checkStatement(value: unknown): VerifyResult | null {
  if (!isObject(value)) return fail('STATEMENT_INVALID', 'the payload is not a JSON object');
  if (value._type !== STATEMENT_TYPE) {
    return fail('STATEMENT_TYPE', `statement type is ${JSON.stringify(value._type)}, expected ${STATEMENT_TYPE}`);
  }
  if (value.predicateType !== PREDICATE_TYPE) {
    return fail('PREDICATE_TYPE', `predicate type is ${JSON.stringify(value.predicateType)}, expected ${PREDICATE_TYPE}`);
  }
  const subjects = value.subject;
  if (!Array.isArray(subjects) || subjects.length === 0) return fail('STATEMENT_INVALID', 'the statement has no subjects');
  for (const [i, s] of subjects.entries()) {
    if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.digest) || typeof s.digest.sha256 !== 'string' || !SHA256_HEX.test(s.digest.sha256)) {
      return fail('STATEMENT_INVALID', `subject ${i} needs a name and a sha256 digest`);
    }
  }
  const p = value.predicate;
  if (!isObject(p)) return fail('PREDICATE_INVALID', 'the predicate is not an object');
  const problems: string[] = [];
  if (!isObject(p.tool) || typeof p.tool.name !== 'string' || typeof p.tool.version !== 'string') problems.push('tool');
  if (p.verdict !== 'pass' && p.verdict !== 'fail' && p.verdict !== 'error') problems.push('verdict');
  if (typeof p.evaluatedAt !== 'string') problems.push('evaluatedAt');
  if (!Array.isArray(p.inputs) || !p.inputs.every((i) => isObject(i) && typeof i.file === 'string' && typeof i.sha256 === 'string')) problems.push('inputs');
  if (!Array.isArray(p.findings) || !p.findings.every(isObject)) problems.push('findings');
  if (!isObject(p.counts)) problems.push('counts');
  if (!Array.isArray(p.policies)) problems.push('policies');
  if (!isObject(p.data)) problems.push('data');
  if (problems.length > 0) return fail('PREDICATE_INVALID', `the predicate is not an aibom-guard report (bad or missing: ${problems.join(', ')})`);
  return null;
}

function checkSubjectsMatchInputs(subjects: StatementSubject[], report: Report): VerifyResult | null {
  const bySubject = new Map(subjects.map((s) => [s.name, s.digest.sha256.toLowerCase()]));
  for (const input of report.inputs) {
    const digest = bySubject.get(input.file);
    if (digest === undefined) return fail('SUBJECT_MISMATCH', `report input ${input.file} is not a subject of the statement`);
    if (digest !== input.sha256.toLowerCase()) {
      return fail('SUBJECT_MISMATCH', `subject ${input.file} has sha256 ${digest} but the report recorded ${input.sha256}`);
    }
  }
  const inputs = new Set(report.inputs.map((i) => i.file));
  for (const name of bySubject.keys()) {
    if (!inputs.has(name)) return fail('SUBJECT_MISMATCH', `subject ${name} is not an input of the report`);
  }
  return null;
}

// Fulcio certificate extensions worth showing an auditor (OID 1.3.6.1.4.1.57264.1.N).
const FULCIO_EXTENSIONS: Record<string, string> = {
  '1.3.6.1.4.1.57264.1.9': 'buildSignerURI',
  '1.3.6.1.4.1.57264.1.12': 'sourceRepositoryURI',
  '1.3.6.1.4.1.57264.1.13': 'sourceRepositoryDigest',
  '1.3.6.1.4.1.57264.1.14': 'sourceRepositoryRef',
  '1.3.6.1.4.1.57264.1.18': 'buildConfigURI',
  '1.3.6.1.4.1.57264.1.20': 'buildTrigger',
  '1.3.6.1.4.1.57264.1.21': 'runInvocationURI',
  '1.3.6.1.4.1.57264.1.22': 'sourceRepositoryVisibilityAtSigning',
};

function fulcioExtensions(signer: Signer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { oid, value } of signer.identity?.oids ?? []) {
    const name = FULCIO_EXTENSIONS[oid?.id.join('.') ?? ''];
    if (!name) continue;
    try {
      // These extensions hold a DER UTF8String.
      out[name] = ASN1Obj.parseBuffer(Buffer.from(value)).value.toString('utf8');
    } catch {
      // An extension we cannot decode is left out of the display; it was not used to decide.
    }
  }
  return out;
}

function describeTimestamps(bundle: Bundle): VerifiedTimestamp[] {
  const out: VerifiedTimestamp[] = [];
  for (const entry of bundle.verificationMaterial.tlogEntries) {
    if (entry.inclusionPromise) {
      out.push({ source: 'transparency-log', time: new Date(Number(entry.integratedTime) * 1000).toISOString(), logIndex: entry.logIndex });
    }
  }
  for (const ts of bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []) {
    try {
      out.push({ source: 'timestamp-authority', time: RFC3161Timestamp.parse(Buffer.from(ts.signedTimestamp)).signingTime.toISOString() });
    } catch {
      // Already verified by the Verifier; a display failure is not a verification failure.
    }
  }
  return out;
}
