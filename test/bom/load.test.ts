import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, findDepthExcess, firstInvalidUtf8, loadFile, type LoadResult } from '../../src/bom/load.js';
import type { LoadedFile, RawFinding } from '../../src/types.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/bad/${name}`, import.meta.url));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function failures(result: LoadResult): RawFinding[] {
  if (result.ok) throw new Error(`expected the load to fail, got ${JSON.stringify(result.loaded.value)}`);
  return result.findings;
}

function loaded(result: LoadResult): LoadedFile {
  if (!result.ok) throw new Error(`expected the load to succeed: ${result.findings.map((f) => f.message).join('; ')}`);
  return result.loaded;
}

/** Runs `fn` and asserts it took less than `ms` milliseconds. */
function fast<T>(ms: number, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start).toBeLessThan(ms);
  return result;
}

function expectParseFinding(finding: RawFinding | undefined, file: string, line: number, column: number): RawFinding {
  expect(finding).toBeDefined();
  const f = finding!;
  expect(f.rule).toBe('bom/parse');
  expect(f.severity).toBe('error');
  expect(f.subject).toEqual({ kind: 'bom', id: file });
  expect(f.location).toEqual({ file, line, column });
  // A message for a person, never a stack trace.
  expect(f.message).not.toMatch(/\n\s+at /);
  return f;
}

describe('loadFile: bad inputs', () => {
  it('reports malformed YAML at the line and column of the problem', () => {
    const findings = failures(loadFile('bad/malformed.yaml', fixture('malformed.yaml')));
    // The flow sequence opened on line 4 (`[Acme Coder`) is never closed; the parser
    // notices at the next key, `version` on line 5, column 5.
    expect(findings).toHaveLength(1);
    const f = expectParseFinding(findings[0], 'bad/malformed.yaml', 5, 5);
    expect(f.message).toBe('YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(f.evidence.code).toBe('BAD_INDENT');
  });

  it('reports an unclosed quote at the exact position', () => {
    const [f] = failures(loadFile('q.yaml', bytes('aibom: 1\nname: "unterminated\n')));
    expectParseFinding(f, 'q.yaml', 3, 1);
    expect(f!.message).toMatch(/Missing closing "quote/);
  });

  it('reports every syntax error, up to maxErrors', () => {
    const text = Array.from({ length: 20 }, (_, i) => `k${i}: [\n`).join('') + 'x: }\n';
    const all = failures(loadFile('many.yaml', bytes(text)));
    expect(all.length).toBeGreaterThan(3);
    const capped = failures(loadFile('many.yaml', bytes(text), { maxErrors: 3 }));
    expect(capped).toHaveLength(3);
    expect(capped[2]!.message).toMatch(/more problems not shown/);
    expect(capped[2]!.evidence.omitted).toBe(all.length - 3);
  });

  it('rejects the billion laughs alias bomb quickly, at the alias that crosses the limit', () => {
    const findings = fast(500, () => failures(loadFile('bad/alias-bomb.yaml', fixture('alias-bomb.yaml'))));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.evidence.reason).toBe('alias-expansion');
    expect(f.message).toMatch(/billion laughs/);
    // lol1..lol4 expand to 9 + 81 + 729 + 6561 = 7380 nodes (plus their lists); the first
    // alias of lol5 (line 7, column 14) pushes the expansion over 10,000 + the file's own nodes.
    expectParseFinding(f, 'bad/alias-bomb.yaml', 7, 14);
    expect(f.message).toContain('*lol4');
  });

  it('rejects more aliases than maxAliases, pointing at the first one over the limit', () => {
    const text = 'base: &b x\nlist:\n' + Array.from({ length: 101 }, () => '  - *b\n').join('');
    const [f, ...rest] = failures(loadFile('aliases.yaml', bytes(text)));
    expect(rest).toHaveLength(0);
    expectParseFinding(f, 'aliases.yaml', 3 + 100, 5);
    expect(f!.evidence).toMatchObject({ reason: 'too-many-aliases', aliases: 101, maxAliases: 100 });
    // 100 aliases are fine.
    const ok = loaded(loadFile('aliases.yaml', bytes('base: &b x\nlist:\n' + '  - *b\n'.repeat(100))));
    expect((ok.value as { list: string[] }).list).toHaveLength(100);
  });

  it('rejects an alias that contains itself', () => {
    const [f] = failures(loadFile('cycle.yaml', bytes('a: &x\n  b: *x\n')));
    expectParseFinding(f, 'cycle.yaml', 2, 6);
    expect(f!.evidence.reason).toBe('alias-cycle');
  });

  it('rejects merge keys, even under a %YAML 1.1 directive', () => {
    const [f] = failures(loadFile('merge.yaml', bytes('%YAML 1.1\n---\nbase: &b {x: 1}\nmodel:\n  <<: *b\n  y: 2\n')));
    expectParseFinding(f, 'merge.yaml', 5, 3);
    expect(f!.message).toMatch(/merge keys/);
  });

  it('rejects flow nesting 10,000 deep before parsing, at the bracket that crosses the limit', () => {
    const text = 'aibom: 1\nx: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
    const [f] = fast(200, () => failures(loadFile('deep.yaml', bytes(text))));
    // Depth 1 is the top-level map, so the 100th bracket (column 4 + 99) is level 101.
    expectParseFinding(f, 'deep.yaml', 2, 103);
    expect(f!.evidence).toMatchObject({ reason: 'too-deep', maxDepth: 100 });
  });

  it('rejects JSON nesting 10,000 deep', () => {
    const text = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const [f] = fast(200, () => failures(loadFile('deep.json', bytes(text))));
    expectParseFinding(f, 'deep.json', 1, 1 + 100 * 5);
  });

  it('rejects block nesting 10,000 deep (compact sequences on one line)', () => {
    const text = 'aibom: 1\nx:\n  ' + '- '.repeat(10_000) + 'leaf\n';
    const [f] = fast(200, () => failures(loadFile('deep.yaml', bytes(text))));
    // x's map is level 1; the 100th `- ` (column 3 + 99 * 2) opens level 101.
    expectParseFinding(f, 'deep.yaml', 3, 201);
  });

  it('rejects deeply indented block maps at the line that crosses the limit', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i % 2000)}k${i}:\n`).join('');
    const [f] = fast(500, () => failures(loadFile('deep.yaml', bytes(text))));
    expectParseFinding(f, 'deep.yaml', 101, 101);
  });

  it('rejects nested lists of maps (`- k:` indented each level) at the right line', () => {
    const text = 'a:\n' + Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i * 2)}- b:\n`).join('');
    const [f] = failures(loadFile('deep.yaml', bytes(text)));
    // Line n >= 2 holds a list at level 2(n-1) and a map at level 2(n-1)+1: line 51 reaches 101.
    expectParseFinding(f, 'deep.yaml', 51, 101);
  });

  it('accepts nesting at exactly maxDepth and honours a custom limit', () => {
    const at100 = '['.repeat(100) + ']'.repeat(100);
    expect(loadFile('ok.json', bytes(at100)).ok).toBe(true);
    const [f] = failures(loadFile('ok.json', bytes(at100), { maxDepth: 10 }));
    expectParseFinding(f, 'ok.json', 1, 11);
  });

  it('rejects a 50 MiB file by its size before decoding it', () => {
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x61); // "aaaa...": never decoded
    const [f] = fast(200, () => failures(loadFile('huge.yaml', huge)));
    expectParseFinding(f, 'huge.yaml', 1, 1);
    expect(f!.message).toMatch(/over the limit of 10485760 bytes/);
    expect(f!.evidence).toMatchObject({ reason: 'too-large', bytes: 50 * 1024 * 1024, maxBytes: DEFAULT_LIMITS.maxBytes });
  });

  it('names a duplicate key and points at the second occurrence', () => {
    const [f, ...rest] = failures(loadFile('bad/duplicate-keys.yaml', fixture('duplicate-keys.yaml')));
    expect(rest).toHaveLength(0);
    expectParseFinding(f, 'bad/duplicate-keys.yaml', 7, 3);
    expect(f!.message).toBe('duplicate key "acme-coder" in models (first defined at line 3, column 3); each key may appear once');
    expect(f!.path).toBe('/models/acme-coder');
    expect(f!.evidence).toMatchObject({ reason: 'duplicate-key', key: 'acme-coder', first: { line: 3, column: 3 } });
  });

  it('treats keys that become the same string as duplicates (1 and "1")', () => {
    const [f] = failures(loadFile('dup.yaml', bytes('models:\n  1: {}\n  "1": {}\n')));
    expectParseFinding(f, 'dup.yaml', 3, 3);
  });

  it('finds duplicate keys in JSON too', () => {
    const [f] = failures(loadFile('dup.json', bytes('{\n  "aibom": 1,\n  "aibom": 2\n}\n')));
    expectParseFinding(f, 'dup.json', 3, 3);
    expect(f!.message).toMatch(/duplicate key "aibom" in top level/);
  });

  it('rejects an empty file', () => {
    const [f] = failures(loadFile('bad/empty.yaml', fixture('empty.yaml')));
    expectParseFinding(f, 'bad/empty.yaml', 1, 1);
    expect(f!.message).toMatch(/^file is empty/);
    expect(failures(loadFile('ws.yaml', bytes('  \n\t\n')))[0]!.message).toMatch(/^file is empty/);
  });

  it('rejects a file with only comments, or only a document marker', () => {
    const [f] = failures(loadFile('bad/comments-only.yaml', fixture('comments-only.yaml')));
    expectParseFinding(f, 'bad/comments-only.yaml', 1, 1);
    expect(f!.message).toMatch(/only comments/);
    expect(failures(loadFile('dash.yaml', bytes('---\n# nothing\n')))[0]!.evidence.reason).toBe('empty');
  });

  it('rejects a file that is not UTF-8, at the first bad byte', () => {
    const [f] = failures(loadFile('bad/latin1.yaml', fixture('latin1.yaml')));
    // Line 4 is "    name: Acme Caf\xe9 Coder": the bad byte is the 19th character.
    expectParseFinding(f, 'bad/latin1.yaml', 4, 19);
    expect(f!.message).toMatch(/not valid UTF-8: byte 0xe9 at offset 49/);
  });

  it('finds the first invalid UTF-8 byte (overlong forms, surrogates, truncation)', () => {
    expect(firstInvalidUtf8(bytes('héllo €'))).toBe(bytes('héllo €').length);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2); // surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xe2, 0x82]))).toBe(0); // truncated €
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
  });

  it('strips a UTF-8 byte order mark but hashes the raw bytes', () => {
    const raw = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('aibom: 1\n')]);
    const file = loaded(loadFile('bom.yaml', raw));
    expect(file.value).toEqual({ aibom: 1 });
    expect(file.positions.get('/aibom')).toEqual({ line: 1, column: 8 });
    expect(file.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
  });

  it('rejects a file with more than one YAML document, at the second one', () => {
    const [f] = failures(loadFile('bad/two-documents.yaml', fixture('two-documents.yaml')));
    expectParseFinding(f, 'bad/two-documents.yaml', 3, 1);
    expect(f!.message).toMatch(/2 YAML documents/);
  });

  it('rejects complex (map or list) keys', () => {
    const [f] = failures(loadFile('complex.yaml', bytes('aibom: 1\n? [a, b]\n: 1\n')));
    expectParseFinding(f, 'complex.yaml', 2, 3);
    expect(f!.message).toMatch(/keys must be plain strings/);
  });

  it('reports unknown tags (treated as errors)', () => {
    const findings = failures(loadFile('tags.yaml', bytes('aibom: 1\nx: !!binary aGk=\ny: !custom z\n')));
    expect(findings.map((f) => [f.location.line, f.location.column])).toEqual([
      [2, 4],
      [3, 4],
    ]);
    expect(findings[1]!.message).toMatch(/Unresolved tag: !custom/);
  });

  it('keeps __proto__ and constructor keys as plain data', () => {
    const text = 'aibom: 1\n__proto__:\n  polluted: true\nconstructor:\n  prototype: { polluted: true }\n';
    const value = loaded(loadFile('proto.yaml', bytes(text))).value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(value)).toEqual(['aibom', '__proto__', 'constructor']);

    const json = loaded(loadFile('proto.json', bytes('{"__proto__": {"polluted": 1}}'))).value as object;
    expect(Object.hasOwn(json, '__proto__')).toBe(true);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps the spelling of non-string keys (1.0 stays "1.0")', () => {
    const value = loaded(loadFile('keys.yaml', bytes('1.0: a\ntrue: b\n007: c\n'))).value;
    expect(value).toEqual({ '1.0': 'a', true: 'b', '007': 'c' });
  });
});

describe('loadFile: JSON', () => {
  it('detects JSON by extension or first character and reports the syntax', () => {
    expect(loaded(loadFile('a.json', bytes('{"aibom": 1}'))).syntax).toBe('json');
    expect(loaded(loadFile('aibom', bytes('  \n{"aibom": 1}'))).syntax).toBe('json');
    expect(loaded(loadFile('aibom.yaml', bytes('{"aibom": 1}'))).syntax).toBe('yaml');
    expect(loaded(loadFile('aibom', bytes('aibom: 1'))).syntax).toBe('yaml');
  });

  it('rejects YAML-only syntax in a JSON file at its position', () => {
    const trailing = failures(loadFile('t.json', bytes('{\n  "models": [1, 2, ]\n}')))[0]!;
    expectParseFinding(trailing, 't.json', 2, 18); // the comma
    expect(trailing.message).toMatch(/trailing comma/);
    const unquoted = failures(loadFile('u.json', bytes('{"a": yes}')))[0]!;
    expectParseFinding(unquoted, 'u.json', 1, 7);
    expect(unquoted.message).toMatch(/strings need double quotes/);
    const comment = failures(loadFile('c.json', bytes('{"a": 1 # note\n}')))[0]!;
    expect(comment.message).toMatch(/comments are not allowed/);
    const missingComma = failures(loadFile('m.json', bytes('{"a": 1\n "b": 2}')))[0]!;
    expect(missingComma.message).toMatch(/^JSON syntax error/);
    expect(missingComma.location.line).toBeGreaterThanOrEqual(1);
  });
});

describe('loadFile: positions', () => {
  const yamlText = [
    'aibom: 1', //                                  1
    'models:', //                                   2
    '  acme-coder:', //                             3
    '    name: Acme Coder', //                      4
    '    derivedFrom:', //                          5
    '      - model: hf:moonshotai/Kimi-K2.5', //    6
    '        relation: [continued-pretraining, rl]', // 7
    '    license:', //                              8
    'hosts: { h: { kind: api, serves: [acme-coder] } }', // 9
  ].join('\n');

  it('records the position of every YAML node and of every key', () => {
    const { positions, value } = loaded(loadFile('aibom.yaml', bytes(yamlText)));
    expect(value).toMatchObject({ models: { 'acme-coder': { license: null } } });
    const at = (p: string) => positions.get(p);
    expect(at('')).toEqual({ line: 1, column: 1 });
    expect(at('/aibom')).toEqual({ line: 1, column: 8 });
    expect(at('/models')).toEqual({ line: 3, column: 3 });
    expect(at('/models#key')).toEqual({ line: 2, column: 1 });
    expect(at('/models/acme-coder#key')).toEqual({ line: 3, column: 3 });
    expect(at('/models/acme-coder/name')).toEqual({ line: 4, column: 11 });
    expect(at('/models/acme-coder/derivedFrom/0')).toEqual({ line: 6, column: 9 });
    expect(at('/models/acme-coder/derivedFrom/0/model')).toEqual({ line: 6, column: 16 });
    expect(at('/models/acme-coder/derivedFrom/0/relation#key')).toEqual({ line: 7, column: 9 });
    expect(at('/models/acme-coder/derivedFrom/0/relation/1')).toEqual({ line: 7, column: 43 });
    // An empty value is located at its key.
    expect(at('/models/acme-coder/license')).toEqual({ line: 8, column: 5 });
    expect(at('/hosts/h/kind')).toEqual({ line: 9, column: 21 });
    expect(at('/hosts/h/serves/0')).toEqual({ line: 9, column: 35 });
  });

  it('records the position of every JSON node', () => {
    const json = '{\n  "aibom": 1,\n  "models": {\n    "a/b~c": {"derivedFrom": [{"model": "x", "relation": ["rl"]}]}\n  }\n}\n';
    const { positions, syntax } = loaded(loadFile('aibom.json', bytes(json)));
    expect(syntax).toBe('json');
    expect(positions.get('/aibom')).toEqual({ line: 2, column: 12 });
    // Pointer escaping: "/" is ~1 and "~" is ~0.
    expect(positions.get('/models/a~1b~0c#key')).toEqual({ line: 4, column: 5 });
    expect(positions.get('/models/a~1b~0c/derivedFrom/0/model')).toEqual({ line: 4, column: 41 });
    expect(positions.get('/models/a~1b~0c/derivedFrom/0/relation/0')).toEqual({ line: 4, column: 59 });
  });

  it('locates nodes reached through an alias at the alias', () => {
    const { positions, value } = loaded(loadFile('a.yaml', bytes('base: &b\n  kind: api\nhost: *b\n')));
    expect(value).toEqual({ base: { kind: 'api' }, host: { kind: 'api' } });
    expect(positions.get('/host')).toEqual({ line: 3, column: 7 });
    expect(positions.has('/host/kind')).toBe(false);
  });
});

describe('loadFile: model cards', () => {
  it('reads only the front matter of a Markdown file, with positions in the whole file', () => {
    const text = '---\nlicense: mit\nbase_model: moonshotai/Kimi-K2.5\n---\n# Model\n\n- [ ] {{{{ not yaml: [\n';
    const file = loaded(loadFile('README.md', bytes(text)));
    expect(file.value).toEqual({ license: 'mit', base_model: 'moonshotai/Kimi-K2.5' });
    expect(file.positions.get('/base_model')).toEqual({ line: 3, column: 13 });
    expect(file.text).toBe(text);
  });

  it('gives null data for Markdown without front matter, or with an empty one', () => {
    expect(loaded(loadFile('README.md', bytes('# Just a readme\n'))).value).toBeNull();
    expect(loaded(loadFile('README.md', bytes('---\n---\n# Title\n'))).value).toBeNull();
  });

  it('still reports syntax errors in the front matter, at their line in the file', () => {
    const [f] = failures(loadFile('README.md', bytes('---\nlicense: mit\nlicense: apache-2.0\n---\n# Title\n')));
    expectParseFinding(f, 'README.md', 3, 1);
  });
});

describe('findDepthExcess', () => {
  it('ignores brackets in quoted strings, comments, plain scalars and block scalars', () => {
    const text = [
      `a: "${'['.repeat(500)}"`,
      `b: '${'{'.repeat(500)}'`,
      `c: x${'['.repeat(500)}`,
      `# ${'['.repeat(500)}`,
      'd: |',
      `  ${'['.repeat(500)}`,
      `  ${'- '.repeat(500)}`,
      'e: done',
    ].join('\n');
    expect(findDepthExcess(text, 100)).toBeNull();
  });

  it('does not count the indentation of pretty-printed JSON as block levels', () => {
    const depth = 60;
    let text = '';
    for (let i = 0; i < depth; i++) text += `${'  '.repeat(i)}{"k":\n`;
    text += `${'  '.repeat(depth)}1\n`;
    for (let i = depth - 1; i >= 0; i--) text += `${'  '.repeat(i)}}\n`;
    expect(findDepthExcess(text, 60)).toBeNull();
    expect(findDepthExcess(text, 59)).toEqual({ line: 60, column: 2 * 59 + 1 });
  });
});
