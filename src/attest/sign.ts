// Signs an in-toto statement into a Sigstore bundle (v0.3 JSON, DSSE envelope) with the
// Sigstore libraries: a local ECDSA P-256 key, or keyless through Fulcio with an OIDC token,
// witnessed by Rekor and/or an RFC 3161 timestamp authority.

import { createHash, createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  InternalError,
  RekorWitness,
  TSAWitness,
  type Signature,
  type Signer,
  type Witness,
} from '@sigstore/sign';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { PAYLOAD_TYPE, serializeStatement, type InTotoStatement } from './statement.js';

export type { SerializedBundle };

export type SigningErrorCode =
  | 'KEY_MISSING' // no key where one was asked for
  | 'KEY_INVALID' // not a PEM private key, wrong passphrase, wrong algorithm or curve
  | 'NO_IDENTITY_TOKEN' // keyless without an OIDC token (fork PRs lack id-token: write)
  | 'IDENTITY_TOKEN_INVALID'
  | 'CONFIG_INVALID'
  | 'CA_ERROR' // Fulcio refused or could not be reached
  | 'TLOG_ERROR' // Rekor refused or could not be reached
  | 'TSA_ERROR' // the timestamp authority refused or could not be reached
  | 'SIGNING_FAILED';

export class SigningError extends Error {
  override name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface KeySignerOptions {
  kind: 'key';
  /** PEM: PKCS#8 ("PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or encrypted PKCS#8 with `passphrase`. */
  privateKeyPem: string;
  passphrase?: string;
}

export interface KeylessSignerOptions {
  kind: 'keyless';
  fulcioURL: string;
  /** Rekor base URL; used only when `tlog` is true. */
  rekorURL?: string;
  /** RFC 3161 timestamp authority base URL (Sigstore TSA API). */
  tsaURL?: string;
  identityToken: string | (() => Promise<string>);
  /** Record the signature in the Rekor transparency log (public for public-good Sigstore). */
  tlog: boolean;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
}

export type SignerOptions = KeySignerOptions | KeylessSignerOptions;

/** Signs the statement; returns the bundle as its JSON object (write it with JSON.stringify). */
export async function signStatement(statement: InTotoStatement, signer: SignerOptions): Promise<SerializedBundle> {
  const payload = serializeStatement(statement);
  const builder = signer.kind === 'key' ? keyBundleBuilder(signer) : keylessBundleBuilder(signer);
  try {
    const bundle = await builder.create({ data: payload, type: PAYLOAD_TYPE });
    // The DSSE keyid is optional and unsigned; cosign (go-securesystemslib) rejects a
    // signature whose keyid differs from the id it derives for `--key`, so leave it empty.
    // The key's hint stays in verificationMaterial.publicKey.
    for (const s of bundle.content.dsseEnvelope.signatures) s.keyid = '';
    return bundleToJSON(bundle);
  } catch (err) {
    throw toSigningError(err);
  }
}

// ---------------------------------------------------------------------------------------
// Key-based

/** Parses a PEM private key and insists on ECDSA P-256, the curve every Sigstore client verifies. */
export function parsePrivateKey(pem: string, passphrase?: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    if (pem.includes('ENCRYPTED SIGSTORE PRIVATE KEY') || pem.includes('ENCRYPTED COSIGN PRIVATE KEY')) {
      throw new SigningError('KEY_INVALID', 'cosign-encrypted keys are not supported: export the key as PKCS#8 PEM (e.g. `cosign import-key-pair` in reverse, or generate one with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`)');
    }
    throw new SigningError('KEY_INVALID', 'the signing key is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----")');
  }
  if (pem.includes('ENCRYPTED SIGSTORE PRIVATE KEY') || pem.includes('ENCRYPTED COSIGN PRIVATE KEY')) {
    throw new SigningError('KEY_INVALID', 'cosign-encrypted keys are not supported: use a PKCS#8 PEM key (optionally encrypted: "-----BEGIN ENCRYPTED PRIVATE KEY-----")');
  }
  const encrypted = pem.includes('BEGIN ENCRYPTED PRIVATE KEY');
  if (encrypted && !passphrase) {
    throw new SigningError('KEY_INVALID', 'the signing key is encrypted: provide its passphrase');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch (err) {
    const why = encrypted ? 'wrong passphrase or damaged key' : (err as Error).message;
    throw new SigningError('KEY_INVALID', `cannot read the signing key: ${why}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const what = key.asymmetricKeyType === 'ec' ? `EC ${key.asymmetricKeyDetails?.namedCurve}` : key.asymmetricKeyType;
    throw new SigningError('KEY_INVALID', `the signing key must be ECDSA P-256, got ${what}`);
  }
  return key;
}

/** Key id as Sigstore clients compute it: base64 of SHA-256 over the DER SubjectPublicKeyInfo. */
export function keyHint(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest('base64');
}

class KeySigner implements Signer {
  private readonly publicKeyPem: string;
  private readonly hint: string;
  constructor(private readonly privateKey: KeyObject) {
    const pub = createPublicKey(privateKey);
    this.publicKeyPem = pub.export({ format: 'pem', type: 'spki' }).toString();
    this.hint = keyHint(pub);
  }
  async sign(data: Buffer): Promise<Signature> {
    // ECDSA over SHA-256, DER-encoded, as DSSE and Sigstore verifiers expect.
    const signature = cryptoSign('sha256', data, this.privateKey);
    return { signature, key: { $case: 'publicKey', publicKey: this.publicKeyPem, hint: this.hint } };
  }
}

function keyBundleBuilder(options: KeySignerOptions): DSSEBundleBuilder {
  const key = parsePrivateKey(options.privateKeyPem, options.passphrase);
  return new DSSEBundleBuilder({ signer: new KeySigner(key), witnesses: [] });
}

export interface KeySource {
  /** Path to a PEM file (from `--sign-key`). */
  file?: string;
  /** Environment to read from; `AIBOM_GUARD_SIGNING_KEY` holds the PEM itself. */
  env?: Record<string, string | undefined>;
  /** Variable holding the PEM; default AIBOM_GUARD_SIGNING_KEY. */
  envVar?: string;
  /** Variable holding the passphrase of an encrypted key; default AIBOM_GUARD_SIGNING_KEY_PASSPHRASE. */
  passphraseVar?: string;
  /** Base directory for a relative `file`. */
  cwd?: string;
}

export const SIGNING_KEY_ENV = 'AIBOM_GUARD_SIGNING_KEY';
export const SIGNING_KEY_PASSPHRASE_ENV = 'AIBOM_GUARD_SIGNING_KEY_PASSPHRASE';

/**
 * Key signer options from a file or an environment variable (for air-gapped and CI use
 * where the key is a secret). A file wins over the variable. `env:NAME` as the file reads
 * the variable NAME instead, so `--sign-key env:MY_KEY` works without a file on disk.
 */
export function keyFromEnvOrFile(source: KeySource): KeySignerOptions {
  const env = source.env ?? process.env;
  const passphrase = env[source.passphraseVar ?? SIGNING_KEY_PASSPHRASE_ENV] || undefined;
  let pem: string | undefined;
  let from: string;
  if (source.file?.startsWith('env:')) {
    const name = source.file.slice(4);
    pem = env[name];
    from = `environment variable ${name}`;
    if (!pem) throw new SigningError('KEY_MISSING', `${from} is empty or not set`);
  } else if (source.file) {
    from = source.file;
    try {
      const path = source.cwd && !source.file.startsWith('/') ? `${source.cwd}/${source.file}` : source.file;
      pem = readFileSync(path, 'utf8');
    } catch (err) {
      throw new SigningError('KEY_MISSING', `cannot read signing key ${source.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    const name = source.envVar ?? SIGNING_KEY_ENV;
    pem = env[name];
    from = `environment variable ${name}`;
    if (!pem) throw new SigningError('KEY_MISSING', `no signing key: pass a PEM file or set ${name}`);
  }
  try {
    parsePrivateKey(pem, passphrase); // fail now, with the key's origin in the message
  } catch (err) {
    if (err instanceof SigningError) throw new SigningError(err.code, `${from}: ${err.message}`);
    throw err;
  }
  return passphrase ? { kind: 'key', privateKeyPem: pem, passphrase } : { kind: 'key', privateKeyPem: pem };
}

// ---------------------------------------------------------------------------------------
// Keyless

function keylessBundleBuilder(options: KeylessSignerOptions): DSSEBundleBuilder {
  const fetchOptions = { timeout: options.timeoutMs ?? 30_000, retry: { retries: 1 } };
  const token = options.identityToken;
  if (!checkURL(options.fulcioURL)) throw new SigningError('CONFIG_INVALID', `Fulcio URL is not an http(s) URL: ${options.fulcioURL}`);
  if (options.tlog && !options.rekorURL) throw new SigningError('CONFIG_INVALID', 'transparency log requested but no Rekor URL given');
  if (options.rekorURL && !checkURL(options.rekorURL)) throw new SigningError('CONFIG_INVALID', `Rekor URL is not an http(s) URL: ${options.rekorURL}`);
  if (options.tsaURL && !checkURL(options.tsaURL)) throw new SigningError('CONFIG_INVALID', `TSA URL is not an http(s) URL: ${options.tsaURL}`);
  if (!options.tlog && !options.tsaURL) {
    // A Fulcio certificate lives ten minutes: without a trusted time the bundle cannot be verified later.
    throw new SigningError('CONFIG_INVALID', 'keyless signing needs a trusted timestamp: enable the transparency log or give a TSA URL');
  }
  const signer = new FulcioSigner({
    fulcioBaseURL: options.fulcioURL,
    identityProvider: { getToken: async () => (typeof token === 'string' ? token : token()) },
    ...fetchOptions,
  });
  const witnesses: Witness[] = [];
  if (options.tlog && options.rekorURL) {
    witnesses.push(new RekorWitness({ rekorBaseURL: options.rekorURL, entryType: 'dsse', ...fetchOptions }));
  }
  if (options.tsaURL) witnesses.push(new TSAWitness({ tsaBaseURL: options.tsaURL, ...fetchOptions }));
  return new DSSEBundleBuilder({ signer, witnesses });
}

function checkURL(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function toSigningError(err: unknown): SigningError {
  if (err instanceof SigningError) return err;
  if (err instanceof InternalError) {
    // Never echo the library's message for token errors: it can contain the token itself.
    const cause = describeCause(err.cause);
    switch (err.code) {
      case 'IDENTITY_TOKEN_READ_ERROR':
        return new SigningError('NO_IDENTITY_TOKEN', `could not obtain an OIDC identity token${cause}`);
      case 'IDENTITY_TOKEN_PARSE_ERROR':
        return new SigningError('IDENTITY_TOKEN_INVALID', 'the OIDC identity token is not a JWT with a subject');
      case 'CA_CREATE_SIGNING_CERTIFICATE_ERROR':
        return new SigningError('CA_ERROR', `Fulcio did not issue a signing certificate${cause}`);
      case 'TLOG_CREATE_ENTRY_ERROR':
      case 'TLOG_FETCH_ENTRY_ERROR':
        return new SigningError('TLOG_ERROR', `Rekor did not record the signature${cause}`);
      case 'TSA_CREATE_TIMESTAMP_ERROR':
        return new SigningError('TSA_ERROR', `the timestamp authority did not timestamp the signature${cause}`);
    }
  }
  return new SigningError('SIGNING_FAILED', `signing failed: ${err instanceof Error ? err.message : String(err)}`);
}

function describeCause(cause: unknown): string {
  if (cause instanceof SigningError) return `: ${cause.message}`;
  if (cause instanceof Error) return `: ${redactJWT(cause.message)}`;
  if (typeof cause === 'string') return `: ${redactJWT(cause)}`;
  return '';
}

function redactJWT(text: string): string {
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]');
}
