import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import aibomSchema from '../../schemas/aibom.schema.json' with { type: 'json' };
import { loadFile } from '../../src/bom/load.js';
import { normalize } from '../../src/bom/formats/index.js';
import { parseModelRef } from '../../src/bom/refs.js';
import { validateAibom, validateWith } from '../../src/schema/validate.js';
import type { Location, NormalizedBom, RawFinding } from '../../src/types.js';

function bomOf(file: string, text: string | Uint8Array): NormalizedBom {
  const result = loadFile(file, typeof text === 'string' ? new TextEncoder().encode(text) : text);
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join('; '));
  const { bom, findings } = normalize(result.loaded);
  if (!bom) throw new Error(findings.map((f) => f.message).join('; '));
  return bom;
}

const fixture = (path: string): Uint8Array => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

/** "line:column message" for each finding, which is what a person sees. */
const lines = (findings: RawFinding[]): string[] => findings.map((f) => `${f.location.line}:${f.location.column} ${f.message}`);

describe('validateAibom', () => {
  it('accepts a realistic native AIBOM with no findings', () => {
    const bom = bomOf('test/fixtures/native/valid.aibom.yaml', fixture('native/valid.aibom.yaml'));
    expect(validateAibom(bom)).toEqual([]);
  });

  it('accepts the same AIBOM written as JSON', () => {
    const bom = bomOf('valid.aibom.yaml', fixture('native/valid.aibom.yaml'));
    const json = bomOf('valid.aibom.json', JSON.stringify(bom.aibom, null, 2));
    expect(validateAibom(json)).toEqual([]);
  });

  it('reports an unknown field at its key, names it and suggests the right one', () => {
    const findings = validateAibom(bomOf('bad/unknown-field.yaml', fixture('bad/unknown-field.yaml')));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'bom/schema',
      severity: 'error',
      subject: { kind: 'model', id: 'acme-coder' },
      path: '/models/acme-coder/licence',
      location: { file: 'bad/unknown-field.yaml', line: 5, column: 5 },
    });
    const allowed = Object.keys(aibomSchema.$defs.model.properties);
    expect(allowed).toContain('license');
    expect(findings[0]!.message).toBe(`models.acme-coder: unknown field "licence" (did you mean "license"?); allowed fields: ${allowed.join(', ')}`);
  });

  it('reports wrong types and values at the offending node, with what is expected', () => {
    const findings = validateAibom(bomOf('bad/wrong-types.yaml', fixture('bad/wrong-types.yaml')));
    expect(lines(findings)).toEqual([
      '5:14 models.acme-coder.version: expected a string, got the number 2 (put the value in quotes)',
      '8:19 models.acme-coder.derivedFrom[0].relation: "fine-tune" is not one of finetune, continued-pretraining, rl, adapter, merge, quantized, pruned, distilled',
      '10:16 models.acme-coder.use.agentic: expected a boolean, got "yes"',
      '13:11 hosts.cloud.kind: "cloud" is not one of api, managed, self-hosted',
      '14:14 hosts.cloud.country: "us" is not valid: expected an ISO 3166-1 alpha-2 country code in upper case (e.g. US, FR, CN)',
    ]);
    expect(findings.map((f) => f.subject)).toEqual([
      { kind: 'model', id: 'acme-coder' },
      { kind: 'model', id: 'acme-coder' },
      { kind: 'model', id: 'acme-coder' },
      { kind: 'host', id: 'cloud' },
      { kind: 'host', id: 'cloud' },
    ]);
    expect(findings[1]!.path).toBe('/models/acme-coder/derivedFrom/0/relation');
    expect(findings[1]!.evidence).toMatchObject({ keyword: 'enum' });
  });

  it('reports a missing required field at the object, with the allowed values', () => {
    const findings = validateAibom(bomOf('a.yaml', 'aibom: 1\nhosts:\n  gpu-box:\n    provider: Acme\n'));
    expect(lines(findings)).toEqual(['4:5 hosts.gpu-box: missing required field "kind" (one of api, managed, self-hosted)']);
    expect(findings[0]!.path).toBe('/hosts/gpu-box');
  });

  it('accepts a rating without a source: the hijacking policy warns about it instead', () => {
    // A missing source is a policy finding (a warning), not an unreadable AIBOM.
    const text = 'aibom: 1\nmodels:\n  m:\n    risk:\n      hijacking:\n        rating: high\n        basis: relative\n';
    expect(validateAibom(bomOf('a.yaml', text))).toEqual([]);
    const wrong = 'aibom: 1\nmodels:\n  m:\n    risk: { hijacking: { rating: severe } }\n';
    expect(lines(validateAibom(bomOf('a.yaml', wrong)))[0]).toMatch(/^4:34 .*"severe" is not one of low, medium, high, critical, unrated/);
  });

  it('reports only the most specific error of an anyOf', () => {
    const text = [
      'aibom: 1',
      'models:',
      '  m:',
      '    derivedFrom:',
      '      - { model: hf:a/b, relation: [] }',
      '      - { model: hf:a/b, relation: [rl, fine-tune, rl] }',
      '      - { model: hf:a/b, relation: 5 }',
      '    use: { tools: "yes" }',
    ].join('\n');
    expect(lines(validateAibom(bomOf('a.yaml', text)))).toEqual([
      '5:36 models.m.derivedFrom[0].relation: must have at least 1 item',
      '6:41 models.m.derivedFrom[1].relation[1]: "fine-tune" is not one of finetune, continued-pretraining, rl, adapter, merge, quantized, pruned, distilled',
      '6:52 models.m.derivedFrom[1].relation: "rl" is listed twice (items 0 and 2); list each once',
      '7:36 models.m.derivedFrom[2].relation: expected one of finetune, continued-pretraining, rl, adapter, merge, quantized, pruned, distilled or a list, got the number 5',
      '8:19 models.m.use.tools: expected a boolean or a list, got "yes"',
    ]);
  });

  it('reports invalid map keys at the key', () => {
    const findings = validateAibom(bomOf('a.yaml', 'aibom: 1\nmodels:\n  Acme_Coder: {}\n'));
    expect(lines(findings)).toEqual([
      `3:3 models: "Acme_Coder" is not a valid key: expected a local id: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. acme-coder)`,
    ]);
    expect(findings[0]!.path).toBe('/models/Acme_Coder');
  });

  it('checks pins, dates, references, endpoints and the format version', () => {
    const text = [
      'aibom: 2',
      'models:',
      '  m:',
      '    revision: abc123',
      '    digest: sha256:1234',
      '    source: acme-coder',
      '    derivedFrom: [{ model: "Not A Ref", relation: rl }]',
      '    risk: { hijacking: { rating: low, source: lab, evaluated: 2026-02-30 } }',
      'hosts:',
      '  h: { kind: api, endpoint: "ftp://files.example.com", serves: [m, m] }',
    ].join('\n');
    const messages = lines(validateAibom(bomOf('a.yaml', text)));
    expect(messages).toEqual([
      '1:8 aibom: must be 1, got the number 2',
      '4:15 models.m.revision: "abc123" is not valid: expected a Hugging Face commit hash, 40 hexadecimal characters: the pinned revision of the weights',
      '5:13 models.m.digest: "sha256:1234" is not valid: expected sha256:<64 hex> or sha512:<128 hex>: the digest of the pinned weights file or OCI manifest',
      expect.stringMatching(/^6:13 models\.m\.source: "acme-coder" is not valid: expected an external model id: hf:<org>\/<repo>/),
      expect.stringMatching(/^7:28 models\.m\.derivedFrom\[0\]\.model: "Not A Ref" is not valid: expected a model reference: a local model id/),
      '8:63 models.m.risk.hijacking.evaluated: "2026-02-30" is not a valid date (YYYY-MM-DD)',
      '10:29 hosts.h.endpoint: "ftp://files.example.com" is not valid: expected an http(s) URL of the API endpoint (e.g. https://api.example.com/v1)',
      '10:68 hosts.h.serves: "m" is listed twice (items 0 and 1); list each once',
    ]);
  });

  it('rejects country and regions together, at the country key', () => {
    const text = 'aibom: 1\nhosts:\n  h:\n    kind: managed\n    country: US\n    regions: [{ country: US }]\n';
    expect(lines(validateAibom(bomOf('a.yaml', text)))).toEqual(['5:5 hosts.h: give either "country" or "regions", not both']);
  });

  it('checks that a subdivision belongs to its region country', () => {
    const text = 'aibom: 1\nhosts:\n  h:\n    kind: managed\n    regions:\n      - { country: UA, subdivision: UA-43 }\n      - { country: RU, subdivision: UA-40 }\n';
    const findings = validateAibom(bomOf('a.yaml', text));
    expect(lines(findings)).toEqual([
      '7:37 hosts.h.regions[1].subdivision: UA-40 is not a subdivision of RU; an ISO 3166-2 code starts with its country code',
    ]);
    expect(findings[0]!.subject).toEqual({ kind: 'host', id: 'h' });
  });

  it('reports at most maxErrors findings', () => {
    const models = Array.from({ length: 30 }, (_, i) => `  m${i}: { version: ${i} }`).join('\n');
    const bom = bomOf('a.yaml', `aibom: 1\nmodels:\n${models}\n`);
    expect(validateAibom(bom)).toHaveLength(30);
    expect(validateAibom(bom, 5)).toHaveLength(5);
  });

  it('is fast once compiled', () => {
    const bom = bomOf('a.yaml', fixture('native/valid.aibom.yaml'));
    validateAibom(bom);
    const start = performance.now();
    for (let i = 0; i < 100; i++) validateAibom(bom);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('validateWith', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://aibom-guard.dev/schemas/test-config.json',
    type: 'object',
    additionalProperties: false,
    required: ['profile'],
    properties: {
      profile: { enum: ['baseline', 'strict'], description: 'Which profile.' },
      expires: { type: 'string', format: 'date', description: 'Expiry date.' },
    },
  };
  const locate = (pointer: string): Location => ({ file: '.aibom-guard.yml', line: pointer.length, column: pointer.endsWith('#key') ? 1 : 2 });

  it('uses the given rule, subject and locate function', () => {
    const findings = validateWith(schema, { profile: 'lenient', extra: 1 }, locate, 'config/schema', { kind: 'bom', id: '.aibom-guard.yml' });
    expect(findings.map((f) => [f.rule, f.subject.id, f.path, f.location.line, f.location.column, f.message])).toEqual([
      ['config/schema', '.aibom-guard.yml', '/profile', 8, 2, 'profile: "lenient" is not one of baseline, strict'],
      ['config/schema', '.aibom-guard.yml', '/extra', 10, 1, 'top level: unknown field "extra"; allowed fields: profile, expires'],
    ]);
  });

  it('passes valid data and reports a missing field with its allowed values', () => {
    expect(validateWith(schema, { profile: 'strict', expires: '2026-12-31' }, locate, 'config/schema', { kind: 'bom', id: 'c' })).toEqual([]);
    const [missing] = validateWith(schema, {}, locate, 'config/schema', { kind: 'bom', id: 'c' });
    expect(missing!.message).toBe('top level: missing required field "profile" (one of baseline, strict)');
  });

  it('accepts a subject function and tolerates two schemas with the same $id', () => {
    const copy = { ...schema, required: [] };
    const findings = validateWith(copy, { expires: 'soon' }, locate, 'x/schema', (pointer) => ({ kind: 'bom', id: `at${pointer}` }));
    expect(findings.map((f) => [f.subject.id, f.message])).toEqual([['at/expires', 'expires: "soon" is not a valid date (YYYY-MM-DD)']]);
  });
});

describe('schemas/aibom.schema.json', () => {
  it('describes every property', () => {
    const missing: string[] = [];
    const isSchemaObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
    // Walk subschemas by keyword, so a property that happens to be named "properties" is not a keyword.
    const walk = (schema: unknown, path: string): void => {
      if (!isSchemaObject(schema)) return; // boolean schemas (e.g. `country: false`) need no description
      for (const keyword of ['properties', '$defs', 'dependentSchemas']) {
        const members = schema[keyword];
        if (!isSchemaObject(members)) continue;
        for (const [name, sub] of Object.entries(members)) {
          if (keyword === 'properties' && isSchemaObject(sub) && typeof sub.description !== 'string') missing.push(`${path}/${keyword}/${name}`);
          walk(sub, `${path}/${keyword}/${name}`);
        }
      }
      for (const keyword of ['items', 'additionalProperties', 'propertyNames', 'if', 'then', 'else', 'not']) walk(schema[keyword], `${path}/${keyword}`);
      for (const keyword of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
        const list = schema[keyword];
        if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, `${path}/${keyword}/${i}`));
      }
    };
    walk(aibomSchema, '#');
    expect(missing).toEqual([]);
  });

  it('model reference pattern agrees with parseModelRef', () => {
    const pattern = new RegExp(aibomSchema.$defs.modelRef.pattern, 'u');
    const accepted = [
      'acme-coder',
      'hf:moonshotai/Kimi-K2.5',
      'hf:moonshotai/Kimi-K2.5@0123456789ABCDEF0123456789abcdef01234567',
      'api:deepseek/deepseek-chat',
      'pkg:huggingface/moonshotai/Kimi-K2.5@0123456789abcdef0123456789abcdef01234567',
      'https://huggingface.co/moonshotai/Kimi-K2.5',
    ];
    for (const ref of accepted) {
      expect(pattern.test(ref), ref).toBe(true);
      expect(parseModelRef(ref), ref).not.toBeNull();
    }
    const rejected = ['Acme Coder', 'hf:moonshotai', 'hf:a/b@main', 'api:deepseek', 'http://huggingface.co/a/b', 'moonshotai/Kimi-K2.5'];
    for (const ref of rejected) expect(pattern.test(ref), ref).toBe(false);
    // Plain https URLs are valid references that name no known model (parseModelRef: null).
    expect(pattern.test('https://weights.example.com/coder.safetensors')).toBe(true);
  });
});
