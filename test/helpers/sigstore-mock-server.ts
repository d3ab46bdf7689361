// Mock Fulcio, Rekor, timestamp authority and GitHub Actions OIDC token endpoint, served over
// real HTTP on 127.0.0.1. @sigstore/mock exports the service handlers but intercepts requests
// in-process (nock); wrapping them in node:http lets the signer use its real HTTP client.
// Also builds a trusted_root.json for the mock's CA, logs and TSA.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface SigstoreMock {
  /** Base URL, e.g. http://127.0.0.1:40123; Fulcio, Rekor and the TSA all live under it. */
  url: string;
  fulcioURL: string;
  rekorURL: string;
  tsaURL: string;
  /** What the Actions runtime puts in ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN. */
  oidcRequestURL: string;
  oidcRequestToken: string;
  /** trusted_root.json (Sigstore TrustedRoot, protobuf JSON) for the mock's services. */
  trustedRoot: Record<string, unknown>;
  /** An unsigned-looking JWT with these claims (the mock Fulcio does not check signatures). */
  mintToken(claims: Record<string, unknown>): string;
  /** Requests received, in order ("POST /api/v2/signingCert"). */
  requests: string[];
  close(): Promise<void>;
}

/** Claims of a GitHub Actions OIDC token for a push to main of OWNER/REPO. */
export function githubClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const repository = 'acme/assistant';
  return {
    iss: GITHUB_ISSUER,
    aud: 'sigstore',
    sub: `repo:${repository}:ref:refs/heads/main`,
    repository,
    repository_owner: 'acme',
    repository_visibility: 'private',
    ref: 'refs/heads/main',
    sha: '0123456789abcdef0123456789abcdef01234567',
    event_name: 'push',
    workflow_ref: `${repository}/.github/workflows/aibom.yml@refs/heads/main`,
    job_workflow_ref: `${repository}/.github/workflows/aibom.yml@refs/heads/main`,
    run_id: '42',
    run_attempt: '1',
    ...overrides,
  };
}

export async function startSigstoreMock(): Promise<SigstoreMock> {
  const keys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // One fixed clock on a whole second, a second ahead so it is not before the mock's root
  // certificates (stamped with the real time): the mock TSA writes fractional seconds without
  // trailing zeros (".5Z"), which @sigstore/core's strict time parser rejects.
  const clock = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  const ctLog = await initializeCTLog(keys(), clock);
  const ca = await initializeCA(keys(), ctLog, clock);
  const tsa = await initializeTSA(keys(), clock);
  const oidcRequestToken = randomBytes(16).toString('hex');
  const requests: string[] = [];
  let currentToken: string | undefined; // the token the OIDC endpoint serves: the last one minted

  // Real Fulcio puts https://github.com/<job_workflow_ref> in the SAN of an Actions token;
  // the mock takes the SAN from one claim verbatim, so tokens carry it precomputed.
  const routes = new Map<string, HandlerFn>();
  const started = await listen(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${req.method} ${path}`);
    if (req.method === 'GET' && path === '/oidc/token') {
      if (req.headers.authorization !== `Bearer ${oidcRequestToken}`) return send(res, 401, 'application/json', '{"message":"bad bearer"}');
      const value = currentToken;
      if (!value) return send(res, 404, 'application/json', '{"message":"no token"}');
      return send(res, 200, 'application/json', JSON.stringify({ value }));
    }
    const fn = req.method === 'POST' ? routes.get(path) : undefined;
    if (!fn) return send(res, 404, 'text/plain', 'not found');
    const result = await fn(body);
    const payload = typeof result.response === 'string' ? result.response : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength);
    send(res, result.statusCode, result.contentType ?? 'text/plain', payload);
  });
  const url = started.url;
  const tlog = await initializeTLog(url, keys(), clock);
  const rekor = rekorHandler(tlog);
  for (const h of [fulcioHandler(ca, { subjectClaim: 'mock_san' }), tsaHandler(tsa)]) routes.set(h.path, h.fn);
  routes.set(rekor.path, (body) => rekor.fn(canonicalizeDSSEEntry(body)));

  const b64 = (b: ArrayBufferView | Buffer) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  const start = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(tlog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(ctLog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: b64(ctLog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
        validFor: { start },
      },
    ],
  };

  return {
    url,
    fulcioURL: url,
    rekorURL: url,
    tsaURL: url,
    oidcRequestURL: `${url}/oidc/token?api-version=2.0`,
    oidcRequestToken,
    trustedRoot,
    requests,
    mintToken(claims) {
      const jwf = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const sanSource = typeof claims.job_workflow_ref === 'string' ? `https://github.com/${claims.job_workflow_ref}` : claims.sub;
      const token = `${jwf({ alg: 'RS256', typ: 'JWT' })}.${jwf({ ...claims, mock_san: sanSource })}.${randomBytes(32).toString('base64url')}`;
      currentToken = token;
      return token;
    },
    close: started.close,
  };
}

/**
 * Real Rekor stores a "dsse" entry in canonical form (payload hash, envelope hash, signatures
 * with their verifiers) rather than the proposed envelope; the mock logs what it receives, so
 * canonicalize first, or verifiers cannot compare the entry with the bundle.
 */
function canonicalizeDSSEEntry(body: string): string {
  const entry = JSON.parse(body) as { kind?: string; apiVersion?: string; spec?: { proposedContent?: { envelope: string; verifiers: string[] } } };
  const proposed = entry.spec?.proposedContent;
  if (entry.kind !== 'dsse' || !proposed) return body;
  const envelope = JSON.parse(proposed.envelope) as { payload: string; signatures: { sig: string }[] };
  const hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  return JSON.stringify({
    apiVersion: entry.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hex(proposed.envelope) },
      payloadHash: { algorithm: 'sha256', value: hex(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((sig, i) => ({ signature: sig.sig, verifier: proposed.verifiers[i] ?? proposed.verifiers[0] })),
    },
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, Connection: 'close' });
  res.end(body);
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => send(res, 500, 'text/plain', String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
