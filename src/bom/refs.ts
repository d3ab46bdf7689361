// Ids and model references of the native format v1 (design.md "Ids and references").
//
// A reference is a local id (a key of this file's `models`) or an external id:
//   hf:<org>/<repo>[@<40-hex revision>]   a Hugging Face model (org and repo case-insensitive)
//   api:<provider>/<model>                 a model behind a hosted API
// Hugging Face URLs and pkg:huggingface purls normalize to hf: ids.

/** A local id: a key of `organizations`, `models` or `hosts`. */
export const LOCAL_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** A Hugging Face user, organization or repository name. */
const HF_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HF_REF = /^hf:([A-Za-z0-9][A-Za-z0-9._-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)(?:@([0-9A-Fa-f]{40}))?$/;
const API_REF = /^api:([A-Za-z0-9][A-Za-z0-9._-]*)\/([A-Za-z0-9][A-Za-z0-9._:@+/-]*)$/;
const COMMIT = /^[0-9A-Fa-f]{40}$/;

/** Hosts that serve the Hugging Face Hub. */
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
/** First path segments of huggingface.co that are not a user or organization. */
const HF_RESERVED = new Set([
  'api', 'blog', 'chat', 'collections', 'datasets', 'docs', 'enterprise', 'join', 'learn', 'login',
  'models', 'organizations', 'papers', 'posts', 'pricing', 'settings', 'spaces', 'tasks',
]);

export interface ModelRef {
  kind: 'local' | 'hf' | 'api';
  /** `acme-coder`, `hf:moonshotai/Kimi-K2.5` (original spelling, no revision), `api:deepseek/deepseek-chat`. */
  id: string;
  /** Lowercase 40-hex commit, for hf refs that pin one. */
  revision?: string;
}

/**
 * Parse and normalize a model reference, or null when `s` is none of the accepted forms
 * (including non-Hugging Face URLs, which name no model we can identify). A revision in
 * a URL or purl that is not a commit hash (a branch such as `main`) pins nothing and is
 * dropped; in an `hf:` id it makes the reference invalid.
 */
export function parseModelRef(input: string): ModelRef | null {
  const s = input.trim();
  if (LOCAL_ID.test(s)) return { kind: 'local', id: s };

  const hf = HF_REF.exec(s);
  if (hf) return hfRef(hf[1]!, hf[2]!, hf[3]);

  const api = API_REF.exec(s);
  if (api) return { kind: 'api', id: s };

  if (/^pkg:/i.test(s)) return parseHuggingFacePurl(s);
  if (/^https?:\/\//i.test(s)) return parseHuggingFaceUrl(s);
  return null;
}

/**
 * The key under which two references compare equal: hf ids are case-insensitive (and the
 * revision is not part of a model's identity); local and api ids compare as written.
 */
export function refKey(ref: ModelRef): string {
  return ref.kind === 'hf' ? ref.id.toLowerCase() : ref.id;
}

/** The Hugging Face organization (or user) of an hf ref, as written; null for other kinds. */
export function hfOrgOf(ref: ModelRef): string | null {
  if (ref.kind !== 'hf') return null;
  return ref.id.slice('hf:'.length, ref.id.indexOf('/'));
}

/** The provider of an api ref (`deepseek` for `api:deepseek/deepseek-chat`); null for other kinds. */
export function apiProviderOf(ref: ModelRef): string | null {
  if (ref.kind !== 'api') return null;
  return ref.id.slice('api:'.length, ref.id.indexOf('/'));
}

/**
 * The host name of an http(s) URL, lower case, without port or trailing dot; a bare host
 * name with a dot (`api.example.com/v1`) is read as https. Null for anything else.
 */
export function domainOf(url: string): string | null {
  const s = url.trim();
  let candidate: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s)) candidate = s;
  else if (/^[^\s/:@?#]+\.[^\s/:@?#]+(?:[:/?#]|$)/.test(s)) candidate = `https://${s}`;
  else return null;
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return host === '' ? null : host;
}

// ---------------------------------------------------------------------------------------

function hfRef(org: string, repo: string, revision: string | undefined): ModelRef | null {
  if (!HF_NAME.test(org) || !HF_NAME.test(repo)) return null;
  const ref: ModelRef = { kind: 'hf', id: `hf:${org}/${repo}` };
  if (revision !== undefined && COMMIT.test(revision)) ref.revision = revision.toLowerCase();
  return ref;
}

/** https://huggingface.co/<org>/<repo>[/tree/<rev>|/resolve/<rev>/...|/blob/<rev>/...|/commit/<rev>] */
function parseHuggingFaceUrl(s: string): ModelRef | null {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (!HF_HOSTS.has(url.hostname.toLowerCase()) || url.username || url.password) return null;
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  const [org, repo, view, revision] = decoded;
  if (org === undefined || repo === undefined || HF_RESERVED.has(org.toLowerCase())) return null;
  if (view !== undefined && !['tree', 'resolve', 'blob', 'commit', 'raw'].includes(view)) return null;
  return hfRef(org, repo, view !== undefined ? revision : undefined);
}

/**
 * pkg:huggingface/<namespace>/<name>[@<version>][?qualifiers][#subpath], parsed as the
 * purl specification says: namespace = organization, name = repository, version = commit
 * hash; components percent-decoded; a repository_url other than huggingface.co is another
 * hub and so not an hf: id.
 */
function parseHuggingFacePurl(s: string): ModelRef | null {
  let rest = s;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const qualifiers = question === -1 ? '' : rest.slice(question + 1);
  if (question !== -1) rest = rest.slice(0, question);

  const colon = rest.indexOf(':');
  if (rest.slice(0, colon).toLowerCase() !== 'pkg') return null;
  rest = rest.slice(colon + 1).replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  if (slash === -1 || rest.slice(0, slash).toLowerCase() !== 'huggingface') return null;
  rest = rest.slice(slash + 1).replace(/\/+$/, '');

  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    version = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  try {
    for (const pair of qualifiers.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = (eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
      if (key !== 'repository_url') continue;
      const host = domainOf(decodeURIComponent(pair.slice(eq + 1)));
      if (host === null || !HF_HOSTS.has(host)) return null;
    }
    const parts = rest.split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
    if (version !== undefined) version = decodeURIComponent(version);
    if (parts.length !== 2) return null;
    return hfRef(parts[0]!, parts[1]!, version);
  } catch {
    return null; // malformed percent-encoding
  }
}
