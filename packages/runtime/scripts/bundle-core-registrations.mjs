#!/usr/bin/env node
// Bundles what tfjs-core registers only from its ES modules into one CommonJS file,
// dist/vendor/tfjs-core-registrations.js: the gradients of its kernels (register_all_gradients)
// and the Tensor methods (`t.add(b)`, `t.mean()`: public/chained_ops/register_all_chained_ops).
//
// tfjs-core ships both only as ES modules with extensionless imports: bundlers load them, Node
// cannot, and core's CommonJS build (dist/tf-core.node.js) leaves them out.
// The @tensorflow/tfjs umbrella package filled the gap in CommonJS with a bundle of its own, but it
// also brings layers, converter, data and webgl (147 MB with them). This is the same bundle alone:
// core's gradient functions, chained ops and the core modules they use, which at load find the
// engine, the kernel and gradient registries and the Tensor class the CommonJS core already made
// (tfjs keeps them on a global), so gradients and methods land where the one tfjs instance looks.
//
// Rebuilt only when the installed tfjs-core version differs from the one in the file's header.
// Run by `build` and by jest.config.js before the tests.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, '..', 'dist', 'vendor', 'tfjs-core-registrations.js');
const coreVersion = JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-core/package.json'), 'utf8')).version;
const header = `// tfjs-core ${coreVersion} register_all_gradients and register_all_chained_ops, bundled as CommonJS by scripts/bundle-core-registrations.mjs. Apache-2.0, (c) Google LLC.`;

if (existsSync(out) && readFileSync(out, 'utf8').startsWith(header) && !process.argv.includes('--force')) process.exit(0);

const { buildSync } = require('esbuild');
mkdirSync(dirname(out), { recursive: true });
buildSync({
  stdin: {
    contents: ['dist/register_all_gradients.js', 'dist/public/chained_ops/register_all_chained_ops.js']
      .map((f) => `import ${JSON.stringify(require.resolve(`@tensorflow/tfjs-core/${f}`))};`)
      .join('\n'),
    resolveDir: here,
    sourcefile: 'tfjs-core-registrations.js',
  },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: out,
  banner: { js: header },
  legalComments: 'eof',
  logLevel: 'warning',
});
