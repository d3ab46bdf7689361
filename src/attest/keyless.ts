// Where keyless signing gets its OIDC token and which Sigstore instance it uses.
// Private repositories never reach a public transparency log unless the caller opts in.

import { SigningError, type KeylessSignerOptions } from './sign.js';

export type Env = Record<string, string | undefined>;

/** Sigstore public-good instance (public transparency log). */
export const PUBLIC_GOOD = {
  fulcioURL: 'https://fulcio.sigstore.dev',
  rekorURL: 'https://rekor.sigstore.dev',
} as const;

/** GitHub's Sigstore instance for artifact attestations of private repositories: no public log, a TSA instead. */
export const GITHUB_INSTANCE = {
  fulcioURL: 'https://fulcio.githubapp.com',
  tsaURL: 'https://timestamp.githubapp.com',
} as const;

/** Environment variables that override the endpoints (tests point them at 127.0.0.1). */
export const ENDPOINT_ENV = {
  fulcio: 'AIBOM_GUARD_FULCIO_URL',
  rekor: 'AIBOM_GUARD_REKOR_URL',
  tsa: 'AIBOM_GUARD_TSA_URL',
} as const;

export type Instance = 'auto' | 'github' | 'public-good';
export type Visibility = 'public' | 'private' | 'internal';

export interface KeylessRequest {
  /** auto: public repositories use public-good Sigstore, all others GitHub's instance. */
  instance?: Instance;
  /** Let a private or internal repository write to the public Rekor log. */
  allowPublicLog?: boolean;
  /** Repository visibility; read from the token's `repository_visibility` claim when absent. */
  visibility?: Visibility;
  /** Explicit endpoints; they win over the instance and the environment. */
  fulcioURL?: string;
  rekorURL?: string;
  tsaURL?: string;
  /** A token, or where to get one; default: SIGSTORE_ID_TOKEN, then the GitHub Actions runtime. */
  identityToken?: string | (() => Promise<string>);
  /** OIDC audience requested from GitHub Actions. */
  audience?: string;
  env?: Env;
  timeoutMs?: number;
}

/**
 * The identity token source, or null when the environment has none (GitHub Actions without
 * `permissions: id-token: write`, which includes pull requests from forks).
 */
export function identityTokenSource(request: KeylessRequest): (() => Promise<string>) | null {
  const given = request.identityToken;
  if (typeof given === 'string') return given ? async () => given : null;
  if (given) return given;
  const env = request.env ?? process.env;
  const fromEnv = env.SIGSTORE_ID_TOKEN;
  if (fromEnv) return async () => fromEnv;
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (url && bearer) return () => fetchGitHubActionsToken(url, bearer, request.audience ?? 'sigstore', request.timeoutMs ?? 10_000);
  return null;
}

/** Asks the Actions runtime for an OIDC token (what @actions/core getIDToken does). */
export async function fetchGitHubActionsToken(requestURL: string, bearer: string, audience: string, timeoutMs: number): Promise<string> {
  let url: URL;
  try {
    url = new URL(requestURL);
  } catch {
    throw new SigningError('NO_IDENTITY_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
  }
  url.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${bearer}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new SigningError('NO_IDENTITY_TOKEN', `the Actions runtime did not answer the OIDC token request: ${(err as Error).message}`);
  }
  if (!response.ok) {
    throw new SigningError('NO_IDENTITY_TOKEN', `the Actions runtime refused the OIDC token request (HTTP ${response.status}); the job needs \`permissions: id-token: write\``);
  }
  const body = (await response.json().catch(() => null)) as { value?: unknown } | null;
  if (!body || typeof body.value !== 'string' || !body.value) {
    throw new SigningError('NO_IDENTITY_TOKEN', 'the Actions runtime answered the OIDC token request without a token');
  }
  return body.value;
}

/** Claims of a JWT, read without verifying it: used only to choose not to publish. */
export function unverifiedClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface ResolvedKeyless {
  options: KeylessSignerOptions;
  /** Human description of where the signature went, e.g. for the job summary. */
  description: string;
}

/** Picks the endpoints for a token, enforcing that private repositories stay out of public logs. */
export function resolveKeyless(request: KeylessRequest, token: string): ResolvedKeyless {
  const env = request.env ?? process.env;
  const fulcioURL = request.fulcioURL ?? env[ENDPOINT_ENV.fulcio];
  const rekorURL = request.rekorURL ?? env[ENDPOINT_ENV.rekor];
  const tsaURL = request.tsaURL ?? env[ENDPOINT_ENV.tsa];
  const timeout = request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs };

  if (fulcioURL) {
    // Explicit endpoints are the caller's explicit choice, transparency log included.
    return {
      options: { kind: 'keyless', fulcioURL, identityToken: token, tlog: Boolean(rekorURL), ...(rekorURL ? { rekorURL } : {}), ...(tsaURL ? { tsaURL } : {}), ...timeout },
      description: `Fulcio ${fulcioURL}${rekorURL ? `, Rekor ${rekorURL}` : ''}${tsaURL ? `, TSA ${tsaURL}` : ''}`,
    };
  }

  const claimed = unverifiedClaims(token).repository_visibility;
  const visibility = request.visibility ?? (claimed === 'public' || claimed === 'private' || claimed === 'internal' ? claimed : undefined);
  const publicRepo = visibility === 'public';
  const instance = request.instance ?? 'auto';
  const usePublicGood = instance === 'public-good' || (instance === 'auto' && publicRepo);
  if (usePublicGood && !publicRepo && !request.allowPublicLog) {
    throw new SigningError(
      'CONFIG_INVALID',
      `the repository is ${visibility ?? 'of unknown visibility'}: signing with public-good Sigstore would publish its certificate (repository, workflow, ref) in the public Rekor log; opt in explicitly to allow it`,
    );
  }
  if (usePublicGood) {
    return {
      options: { kind: 'keyless', fulcioURL: PUBLIC_GOOD.fulcioURL, rekorURL: PUBLIC_GOOD.rekorURL, identityToken: token, tlog: true, ...(tsaURL ? { tsaURL } : {}), ...timeout },
      description: 'Sigstore public-good (Fulcio, Rekor public transparency log)',
    };
  }
  return {
    options: { kind: 'keyless', fulcioURL: GITHUB_INSTANCE.fulcioURL, tsaURL: tsaURL ?? GITHUB_INSTANCE.tsaURL, identityToken: token, tlog: false, ...timeout },
    description: "GitHub's Sigstore instance (Fulcio and timestamp authority; no public log)",
  };
}
