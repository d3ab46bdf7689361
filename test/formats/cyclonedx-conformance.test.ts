// Conformance over the official CycloneDX test files (CycloneDX/specification, in the shared
// corpus): every valid-* file is accepted or reported as having no AI content, and every
// invalid-* file yields bom/schema findings located in the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadFile } from '../../src/bom/load.js';
import { normalize, detectFormat } from '../../src/bom/formats/index.js';
import { validateAibom } from '../../src/schema/validate.js';
import { CORPUS, lineOf } from './helpers.js';

const SPEC_TESTS = path.join(CORPUS, 'cyclonedx', 'spec-tests');
const versions = existsSync(SPEC_TESTS) ? readdirSync(SPEC_TESTS).sort() : [];
const cases = versions.flatMap((version) =>
  readdirSync(path.join(SPEC_TESTS, version))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ version, name, file: path.join(SPEC_TESTS, version, name) })),
);

const counts = { valid: 0, validWithModels: 0, validNoAi: 0, invalid: 0, invalidRejected: 0 };

describe.skipIf(cases.length === 0)(`official CycloneDX test files (${SPEC_TESTS})`, () => {
  afterAll(() => {
    console.log(
      `CycloneDX conformance: ${counts.valid} valid files accepted (${counts.validWithModels} with models, ${counts.validNoAi} reported as bom/no-ai-content); ` +
        `${counts.invalidRejected} of ${counts.invalid} invalid files rejected with bom/schema findings`,
    );
  });

  test('the corpus has the three supported versions', () => {
    expect(versions).toEqual(['1.5', '1.6', '1.7']);
    expect(cases.length).toBeGreaterThan(200);
  });

  test.each(cases)('$version/$name', ({ name, file }) => {
    const text = readFileSync(file, 'utf8');
    const display = `corpus/${path.basename(path.dirname(file))}/${name}`;
    const loaded = loadFile(display, new TextEncoder().encode(text));
    expect(loaded.ok, 'the file parses').toBe(true);
    if (!loaded.ok) return;
    expect(detectFormat(loaded.loaded)).toBe('cyclonedx');
    const { bom, findings } = normalize(loaded.loaded);
    if (name.startsWith('valid')) {
      counts.valid++;
      expect(findings.filter((f) => f.rule !== 'bom/no-ai-content')).toEqual([]);
      expect(bom).not.toBeNull();
      const models = Object.keys(bom!.aibom.models ?? {});
      if (models.length > 0) {
        counts.validWithModels++;
        expect(findings).toEqual([]);
        // What the adapter produces is a valid native AIBOM.
        expect(validateAibom(bom!)).toEqual([]);
      } else {
        counts.validNoAi++;
        expect(findings.map((f) => f.rule)).toEqual(['bom/no-ai-content']);
      }
    } else {
      counts.invalid++;
      expect(bom).toBeNull();
      const schema = findings.filter((f) => f.rule === 'bom/schema');
      expect(schema.length).toBeGreaterThan(0);
      for (const f of schema) {
        expect(f.location.file).toBe(display);
        expect(f.location.line).toBeGreaterThanOrEqual(1);
        expect(f.location.line).toBeLessThanOrEqual(text.split('\n').length);
      }
      counts.invalidRejected++;
    }
  });

  test('a schema finding points at the offending line', () => {
    const file = path.join(SPEC_TESTS, '1.6', 'invalid-component-type-1.6.json');
    const text = readFileSync(file, 'utf8');
    const loaded = loadFile('invalid-component-type-1.6.json', new TextEncoder().encode(text));
    if (!loaded.ok) throw new Error('does not parse');
    const { findings } = normalize(loaded.loaded);
    const typeLine = lineOf(text, '"type"');
    expect(findings.some((f) => f.rule === 'bom/schema' && f.location.line === typeLine && /type/.test(f.message))).toBe(true);
  });

  test('the machine-learning examples map their model', () => {
    for (const version of ['1.5', '1.6', '1.7']) {
      const file = path.join(SPEC_TESTS, version, `valid-machine-learning-${version}.json`);
      const loaded = loadFile(file, readFileSync(file));
      if (!loaded.ok) throw new Error('does not parse');
      const { bom } = normalize(loaded.loaded);
      const component = (JSON.parse(readFileSync(file, 'utf8')) as { components: Record<string, unknown>[] }).components[0]!;
      const model = bom!.aibom.models?.['component-a'];
      expect(model, version).toMatchObject({ name: 'stable-diffusion', version: '1.4', publisherHint: 'CompVis' });
      // The publisher is what the file says (1.6 and 1.7 name one); group is only a hint.
      expect(model?.publisher, version).toBe(component.publisher);
      expect(model?.publisher).not.toBe('CompVis');
    }
  });
});
