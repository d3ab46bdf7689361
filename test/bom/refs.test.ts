import { describe, expect, it } from 'vitest';
import { LOCAL_ID, apiProviderOf, domainOf, hfOrgOf, parseModelRef, refKey } from '../../src/bom/refs.js';

const REV = '0123456789abcdef0123456789abcdef01234567';

describe('LOCAL_ID', () => {
  it('accepts lower-case ids and rejects the rest', () => {
    for (const id of ['acme-coder', 'a', '7b', 'coder.v2_fast']) expect(LOCAL_ID.test(id)).toBe(true);
    for (const id of ['', 'Acme', '-x', '.x', 'a b', 'hf:x/y', 'a/b']) expect(LOCAL_ID.test(id)).toBe(false);
  });
});

describe('parseModelRef', () => {
  it('reads local ids (surrounding spaces ignored)', () => {
    expect(parseModelRef('acme-coder')).toEqual({ kind: 'local', id: 'acme-coder' });
    expect(parseModelRef('  acme-coder ')).toEqual({ kind: 'local', id: 'acme-coder' });
  });

  it('reads hf: ids, keeping the spelling and lower-casing the revision', () => {
    expect(parseModelRef('hf:moonshotai/Kimi-K2.5')).toEqual({ kind: 'hf', id: 'hf:moonshotai/Kimi-K2.5' });
    expect(parseModelRef(`hf:moonshotai/Kimi-K2.5@${REV.toUpperCase()}`)).toEqual({ kind: 'hf', id: 'hf:moonshotai/Kimi-K2.5', revision: REV });
  });

  it('rejects malformed hf: ids', () => {
    expect(parseModelRef('hf:moonshotai')).toBeNull();
    expect(parseModelRef('hf:moonshotai/Kimi-K2.5@main')).toBeNull();
    expect(parseModelRef('hf:a/b/c')).toBeNull();
    expect(parseModelRef('hf:/b')).toBeNull();
  });

  it('reads api: ids', () => {
    expect(parseModelRef('api:deepseek/deepseek-chat')).toEqual({ kind: 'api', id: 'api:deepseek/deepseek-chat' });
    expect(parseModelRef('api:deepseek')).toBeNull();
  });

  it('normalizes Hugging Face URLs', () => {
    const kimi = { kind: 'hf', id: 'hf:moonshotai/Kimi-K2.5' };
    expect(parseModelRef('https://huggingface.co/moonshotai/Kimi-K2.5')).toEqual(kimi);
    expect(parseModelRef('https://huggingface.co/moonshotai/Kimi-K2.5/')).toEqual(kimi);
    expect(parseModelRef('https://www.huggingface.co/moonshotai/Kimi-K2.5?library=transformers#usage')).toEqual(kimi);
    expect(parseModelRef('https://hf.co/moonshotai/Kimi-K2.5')).toEqual(kimi);
    expect(parseModelRef(`https://huggingface.co/moonshotai/Kimi-K2.5/tree/${REV}`)).toEqual({ ...kimi, revision: REV });
    expect(parseModelRef(`https://huggingface.co/moonshotai/Kimi-K2.5/resolve/${REV.toUpperCase()}/config.json`)).toEqual({ ...kimi, revision: REV });
    expect(parseModelRef(`https://huggingface.co/moonshotai/Kimi-K2.5/blob/${REV}/README.md`)).toEqual({ ...kimi, revision: REV });
    // A branch pins nothing: the model is identified, the revision dropped.
    expect(parseModelRef('https://huggingface.co/moonshotai/Kimi-K2.5/tree/main')).toEqual(kimi);
    expect(parseModelRef('https://huggingface.co/acme%2Dlabs/coder')).toEqual({ kind: 'hf', id: 'hf:acme-labs/coder' });
  });

  it('rejects URLs that name no Hugging Face model', () => {
    expect(parseModelRef('https://huggingface.co/datasets/acme/data')).toBeNull();
    expect(parseModelRef('https://huggingface.co/spaces/acme/demo')).toBeNull();
    expect(parseModelRef('https://huggingface.co/moonshotai')).toBeNull();
    expect(parseModelRef('https://huggingface.co/moonshotai/Kimi-K2.5/discussions/1')).toBeNull();
    expect(parseModelRef('https://example.com/moonshotai/Kimi-K2.5')).toBeNull();
    expect(parseModelRef('https://huggingface.co.evil.example/moonshotai/Kimi-K2.5')).toBeNull();
  });

  it('normalizes pkg:huggingface purls (namespace = org, name = repo, version = commit)', () => {
    expect(parseModelRef(`pkg:huggingface/moonshotai/Kimi-K2.5@${REV}`)).toEqual({ kind: 'hf', id: 'hf:moonshotai/Kimi-K2.5', revision: REV });
    expect(parseModelRef('pkg:huggingface/moonshotai/Kimi-K2.5')).toEqual({ kind: 'hf', id: 'hf:moonshotai/Kimi-K2.5' });
    // Scheme and type are case-insensitive; "//" after the scheme is ignored; components are percent-decoded.
    expect(parseModelRef(`PKG://HuggingFace/acme%2Dlabs/coder%2E2@${REV.toUpperCase()}?download_url=x#sub/path`)).toEqual({
      kind: 'hf',
      id: 'hf:acme-labs/coder.2',
      revision: REV,
    });
    expect(parseModelRef(`pkg:huggingface/microsoft/deberta-v3-base@${REV}?repository_url=https://huggingface.co`)).toEqual({
      kind: 'hf',
      id: 'hf:microsoft/deberta-v3-base',
      revision: REV,
    });
  });

  it('rejects purls of other types, other hubs or without an organization', () => {
    expect(parseModelRef(`pkg:huggingface/microsoft/deberta-v3-base@${REV}?repository_url=https://hub-ci.huggingface.co`)).toBeNull();
    expect(parseModelRef(`pkg:huggingface/distilbert-base-uncased@${REV}`)).toBeNull();
    expect(parseModelRef('pkg:pypi/torch@2.3.0')).toBeNull();
    expect(parseModelRef('pkg:huggingface/a%ZZ/b')).toBeNull();
  });

  it('rejects everything else', () => {
    for (const s of ['', 'Acme Coder', 'moonshotai/Kimi-K2.5', 'ftp://huggingface.co/a/b', 'hf:']) expect(parseModelRef(s)).toBeNull();
  });
});

describe('refKey', () => {
  it('compares hf ids case-insensitively, whatever form they came in', () => {
    const forms = [
      'hf:moonshotai/Kimi-K2.5',
      'hf:MoonshotAI/kimi-k2.5',
      `hf:moonshotai/Kimi-K2.5@${REV}`,
      'https://huggingface.co/moonshotai/Kimi-K2.5/tree/main',
      `pkg:huggingface/moonshotai/Kimi-K2.5@${REV}`,
    ];
    const keys = new Set(forms.map((form) => refKey(parseModelRef(form)!)));
    expect([...keys]).toEqual(['hf:moonshotai/kimi-k2.5']);
  });

  it('keeps local and api ids as written', () => {
    expect(refKey(parseModelRef('api:DeepSeek/deepseek-chat')!)).toBe('api:DeepSeek/deepseek-chat');
    expect(refKey(parseModelRef('acme-coder')!)).toBe('acme-coder');
  });

  it('names the org of hf refs and the provider of api refs', () => {
    expect(hfOrgOf(parseModelRef('hf:moonshotai/Kimi-K2.5')!)).toBe('moonshotai');
    expect(apiProviderOf(parseModelRef('api:deepseek/deepseek-chat')!)).toBe('deepseek');
    expect(hfOrgOf(parseModelRef('api:deepseek/deepseek-chat')!)).toBeNull();
  });
});

describe('domainOf', () => {
  it('gives the lower-case host of http(s) URLs and bare host names', () => {
    expect(domainOf('https://API.DeepSeek.com/v1/chat')).toBe('api.deepseek.com');
    expect(domainOf('http://localhost:8080/v1')).toBe('localhost');
    expect(domainOf('https://api.example.com./v1')).toBe('api.example.com');
    expect(domainOf('api.moonshot.ai/v1')).toBe('api.moonshot.ai');
    expect(domainOf('https://user:pw@api.example.com')).toBe('api.example.com');
  });

  it('gives null for anything that is not an http(s) URL', () => {
    for (const s of ['', 'acme-coder', 'ftp://files.example.com', 'hf:a/b', 'https://', 'not a url']) expect(domainOf(s)).toBeNull();
  });
});
