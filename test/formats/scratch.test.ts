import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { loadFile } from '../../src/bom/load.js';
import { normalizeSpdx } from '../../src/bom/formats/spdx.js';
import { validateAibom } from '../../src/schema/validate.js';
test('scratch', () => {
  const f = process.env.F!;
  const l = loadFile(f, readFileSync(f));
  if (!l.ok) { console.log(l.findings); return; }
  const r = normalizeSpdx(l.loaded);
  console.log(JSON.stringify(r.findings, null, 1));
  console.log(JSON.stringify(r.bom?.aibom, null, 1));
  if (r.bom) console.log('valid', validateAibom(r.bom));
  for (const p of (process.env.P ?? '').split(',').filter(Boolean)) console.log(p, r.bom?.locate(p));
});
