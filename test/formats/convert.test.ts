// `aibom-guard convert FILE --to cyclonedx`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runConvert } from '../../src/cli/commands/convert.js';
import type { Io } from '../../src/cli/io.js';
import { normalize } from '../../src/bom/formats/index.js';
import { tempRepo } from '../helpers/cli.js';
import { REPO_ROOT, loadText } from './helpers.js';

function io(cwd: string): Io & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    cwd,
    env: {},
    isTTY: false,
    stdout: (s: string) => {
      captured.out += s;
    },
    stderr: (s: string) => {
      captured.err += s;
    },
  };
  return captured;
}

const NATIVE = readFileSync(path.join(REPO_ROOT, 'test/fixtures/cyclonedx/roundtrip-full.aibom.yaml'), 'utf8');

describe('convert --to cyclonedx', () => {
  test('prints a CycloneDX 1.6 ML-BOM that reads back as the same AIBOM', async () => {
    const dir = tempRepo({ 'aibom.yaml': NATIVE });
    const cli = io(dir);
    expect(await runConvert(['aibom.yaml', '--to', 'cyclonedx'], cli)).toBe(0);
    const bom = JSON.parse(cli.out) as { bomFormat: string; specVersion: string };
    expect([bom.bomFormat, bom.specVersion]).toEqual(['CycloneDX', '1.6']);
    const back = normalize(loadText('out.cdx.json', cli.out));
    const original = normalize(loadText('aibom.yaml', NATIVE));
    expect(back.findings).toEqual([]);
    expect(back.bom!.format).toBe('cyclonedx');
    expect(back.bom!.aibom).toStrictEqual(original.bom!.aibom);
  });

  test('--output writes the file; other formats convert too', async () => {
    const spdx = readFileSync(path.join(REPO_ROOT, 'test/fixtures/spdx/lineage.spdx3.json'), 'utf8');
    const dir = tempRepo({ 'ai.spdx3.json': spdx });
    const cli = io(dir);
    expect(await runConvert(['ai.spdx3.json', '--to', 'cyclonedx', '--output', 'out/bom.cdx.json'], cli)).toBe(0);
    expect(cli.out).toBe('');
    expect(cli.err).toMatch(/wrote out\/bom\.cdx\.json/);
    const written = readFileSync(path.join(dir, 'out/bom.cdx.json'), 'utf8');
    expect(Object.keys(normalize(loadText('bom.cdx.json', written)).bom!.aibom.models!)).toContain('fabrikam-assist');
  });

  test('an invalid AIBOM is not converted: exit 2 with file, line and column', async () => {
    const dir = tempRepo({ 'aibom.yaml': 'aibom: 1\nmodels:\n  a:\n    relation: finetune\n' });
    const cli = io(dir);
    expect(await runConvert(['aibom.yaml', '--to', 'cyclonedx'], cli)).toBe(2);
    expect(cli.out).toBe('');
    expect(cli.err).toMatch(/^aibom\.yaml:4:5: error: .*relation.*\(bom\/schema\)$/m);
  });

  test('a file without AI content, or forced to the wrong format, is exit 2', async () => {
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', name: 'x' }] });
    const dir = tempRepo({ 'bom.json': sbom, 'aibom.yaml': NATIVE });
    const a = io(dir);
    expect(await runConvert(['bom.json', '--to', 'cyclonedx'], a)).toBe(2);
    expect(a.err).toMatch(/bom\/no-ai-content/);
    const b = io(dir);
    expect(await runConvert(['aibom.yaml', '--to', 'cyclonedx', '--input-format', 'spdx'], b)).toBe(2);
  });

  test('bad arguments are exit 2 with usage; --help is exit 0', async () => {
    const dir = tempRepo({ 'aibom.yaml': NATIVE });
    for (const argv of [['aibom.yaml'], ['aibom.yaml', '--to', 'spdx'], ['aibom.yaml', 'other.yaml', '--to', 'cyclonedx'], ['aibom.yaml', '--to', 'cyclonedx', '--bogus'], ['aibom.yaml', '--to', 'cyclonedx', '--input-format', 'xml'], ['missing.yaml', '--to', 'cyclonedx']]) {
      const cli = io(dir);
      expect(await runConvert(argv, cli), argv.join(' ')).toBe(2);
      expect(cli.err).not.toBe('');
      expect(cli.out).toBe('');
    }
    const help = io(dir);
    expect(await runConvert(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/Usage: aibom-guard convert FILE --to cyclonedx/);
  });
});
