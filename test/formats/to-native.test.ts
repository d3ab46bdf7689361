// The shared helpers of the foreign-format readers.
import { describe, expect, test } from 'vitest';
import { allOf, countryCode, licenseFromName, licenseRef, parseRelations, slugId } from '../../src/convert/to-native.js';

describe('countries', () => {
  test('codes and English names, withdrawn codes refused or mapped', () => {
    expect(['FR', 'fr', 'France', 'China', "People's Republic of China", 'United Kingdom', 'UK', 'Russia', 'Curaçao', 'USA'].map(countryCode)).toEqual([
      'FR', 'FR', 'FR', 'CN', 'CN', 'GB', 'GB', 'RU', 'CW', 'US',
    ]);
    expect(['SU', 'XX', 'EU', 'Atlantis', '', 42].map(countryCode)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('licenses', () => {
  test('SPDX ids are spelled canonically; other names become LicenseRefs', () => {
    expect(licenseFromName('apache-2.0')).toBe('Apache-2.0');
    expect(licenseFromName('Llama 3.1 Community License')).toBe('LicenseRef-Llama-3.1-Community-License');
    expect(licenseRef('LicenseRef-Acme')).toBe('LicenseRef-Acme');
    expect(licenseRef('  ')).toBe('LicenseRef-unnamed');
  });

  test('several licenses all apply (AND), compound ones in parentheses', () => {
    expect(allOf(['MIT', 'Apache-2.0 OR MIT', 'MIT'])).toBe('MIT AND (Apache-2.0 OR MIT)');
    expect(allOf([])).toBeUndefined();
  });
});

describe('relations and ids', () => {
  test('tune methods and spellings map to native relations; unknown words are returned', () => {
    expect(parseRelations('sft, LoRA, rlhf, Continued Pretraining, merged, int4')).toEqual({
      relations: ['finetune', 'adapter', 'rl', 'continued-pretraining', 'merge'],
      unknown: ['int4'],
    });
  });

  test('slugs are local ids', () => {
    expect(slugId('Kimi K2.5 (Thinking)!')).toBe('kimi-k2.5-thinking');
    expect(slugId('--Ünïcode Modèl--')).toBe('unicode-model');
    expect(slugId('!!!')).toBe('');
  });
});
