// Hugging Face model cards: the YAML front matter of a README.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { detectFormat, normalize } from '../../src/bom/formats/index.js';
import { normalizeModelCard } from '../../src/bom/formats/modelcard.js';
import { loadFile } from '../../src/bom/load.js';
import { validateAibom } from '../../src/schema/validate.js';
import { REPO_ROOT, lineOf, loadRepoFile, loadText } from './helpers.js';

const DIR = 'test/fixtures/modelcard';
const card = (name: string) => {
  const file = `${DIR}/${name}/README.md`;
  return { file, text: readFileSync(path.join(REPO_ROOT, file), 'utf8'), loaded: loadRepoFile(file) };
};

describe('model cards', () => {
  test('a finetune: base_model as a string, with its relation and an SPDX license', () => {
    const { file, text, loaded } = card('fabrikam-coder-ft');
    expect(detectFormat(loaded)).toBe('modelcard');
    const { bom, findings } = normalize(loaded);
    expect(findings).toEqual([]);
    expect(bom!.format).toBe('modelcard');
    expect(validateAibom(bom!)).toEqual([]);
    expect(bom!.aibom.models).toEqual({
      'fabrikam-coder-8b': { name: 'Fabrikam Coder 8B', license: 'Apache-2.0', derivedFrom: [{ model: 'hf:Qwen/Qwen3-8B', relation: 'finetune' }] },
    });
    expect(bom!.locate('/models/fabrikam-coder-8b/derivedFrom/0')).toEqual({ file, line: lineOf(text, 'base_model:'), column: 13 });
    expect(bom!.locate('/models/fabrikam-coder-8b/derivedFrom/0/relation').line).toBe(lineOf(text, 'base_model_relation'));
  });

  test('a merge: base_model as a list (ids and URLs), license other by its license_name', () => {
    const { text, loaded } = card('fabrikam-merge');
    const { bom, findings } = normalize(loaded);
    expect(findings).toEqual([]);
    // No name in the card: the model is named by its folder.
    expect(bom!.aibom.models).toEqual({
      'fabrikam-merge': {
        license: 'LicenseRef-deepseek',
        derivedFrom: [
          { model: 'hf:deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', relation: 'merge' },
          { model: 'hf:mistralai/Mistral-7B-v0.3', relation: 'merge' },
        ],
      },
    });
    expect(bom!.locate('/models/fabrikam-merge/derivedFrom/1').line).toBe(lineOf(text, 'mistralai'));
  });

  test('a quantization of a Llama model: Hub license ids that are not SPDX become LicenseRefs', () => {
    const { bom, findings } = normalize(card('fabrikam-llama-gguf').loaded);
    expect(findings).toEqual([]);
    expect(bom!.aibom.models).toEqual({
      'fabrikam-llama-3.1-8b-gguf': {
        name: 'Fabrikam Llama 3.1 8B GGUF',
        publisher: 'Meta',
        license: 'LicenseRef-llama3.1',
        derivedFrom: [{ model: 'hf:meta-llama/Llama-3.1-8B-Instruct', relation: 'quantized' }],
      },
    });
  });

  test('without base_model_relation the relation is not stated (weight-derived by default)', () => {
    const { bom } = normalize(card('fabrikam-base-only').loaded);
    expect(bom!.aibom.models!['fabrikam-base-only']).toEqual({
      license: 'MIT AND Apache-2.0',
      derivedFrom: [{ model: 'hf:moonshotai/Kimi-K2.5', relation: 'finetune', relationStated: false }],
    });
    expect(validateAibom(bom!)).toEqual([]);
  });
});

describe('malformed model cards', () => {
  test('values the Hub rejects are bom/schema findings at their lines', () => {
    const { text, loaded } = card('bad-card');
    const { bom, findings } = normalize(loaded);
    expect(bom).toBeNull();
    expect(findings.every((f) => f.rule === 'bom/schema')).toBe(true);
    expect(findings.map((f) => f.location.line)).toEqual([lineOf(text, 'base_model_relation'), lineOf(text, 'license:')]);
  });

  test('a base_model that is not a Hugging Face id is reported at its entry', () => {
    const text = '---\nbase_model:\n  - acme/good-base\n  - "not a model id!"\n---\n';
    const { findings, bom } = normalizeModelCard(loadText('models/x/README.md', text));
    expect(findings).toMatchObject([{ rule: 'bom/schema', location: { line: 4 } }]);
    expect(bom!.aibom.models!.x!.derivedFrom).toEqual([{ model: 'hf:acme/good-base', relation: 'finetune', relationStated: false }]);
  });

  test('--input-format modelcard on a file that is not Markdown explains why', () => {
    const { bom, findings } = normalize(loadText('aibom.yaml', 'aibom: 1\n'), 'modelcard');
    expect(bom).toBeNull();
    expect(findings).toMatchObject([{ rule: 'bom/parse', message: expect.stringMatching(/not a Hugging Face model card/) }]);
  });

  test('a README without front matter has no AI content; front matter that is not a map is invalid', () => {
    const none = normalize(card('no-front-matter').loaded);
    expect(none.findings).toMatchObject([{ rule: 'bom/no-ai-content', severity: 'error' }]);
    const list = normalizeModelCard(loadText('README.md', '---\n- a\n- b\n---\n'));
    expect(list.bom).toBeNull();
    expect(list.findings).toMatchObject([{ rule: 'bom/schema', location: { line: 2 } }]);
  });

  test('hostile front matter: huge lists are linear, deep nesting and alias bombs stop at the loader', () => {
    const bases = Array.from({ length: 20_000 }, (_, i) => `  - org/base-${i}`).join('\n');
    const started = performance.now();
    const { bom, findings } = normalizeModelCard(loadText('models/big/README.md', `---\nbase_model:\n${bases}\nbase_model_relation: merge\n---\n`));
    expect(performance.now() - started).toBeLessThan(800);
    expect(findings).toEqual([]);
    expect(bom!.aibom.models!.big!.derivedFrom).toHaveLength(20_000);

    const deep = `---\nbase_model: ${'['.repeat(500)}${']'.repeat(500)}\n---\n`;
    const deepLoad = loadFile('README.md', new TextEncoder().encode(deep));
    expect(deepLoad.ok).toBe(false);
    const bomb = `---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n`;
    const bombLoad = loadFile('README.md', new TextEncoder().encode(bomb));
    expect(bombLoad.ok).toBe(false);
    if (!bombLoad.ok) expect(bombLoad.findings[0]!.rule).toBe('bom/parse');
  });
});
