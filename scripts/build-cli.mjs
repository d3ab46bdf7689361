// Bundles the CLI into dist/cli.js, which is committed: the GitHub Action runs from dist/
// without npm install. The output is deterministic, so CI can detect a stale dist/.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outfile = path.join(root, 'dist', 'cli.js');

await build({
  entryPoints: [path.join(root, 'src', 'cli', 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  legalComments: 'eof',
  define: { __AIBOM_GUARD_VERSION__: JSON.stringify(pkg.version) },
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __aibomCreateRequire } from 'node:module'; const require = __aibomCreateRequire(import.meta.url);" },
  // ajv-formats-draft2019 requires "punycode", meaning the npm package; esbuild would take
  // Node's deprecated builtin of that name, which prints a warning on every run.
  alias: { punycode: 'punycode/' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
