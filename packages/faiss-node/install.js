'use strict';
// The install script of @twotower/faiss-node: compiles native/faiss.cc with node-gyp against the
// FAISS installed on the machine (Debian/Ubuntu: libfaiss-dev, with libopenblas-dev), into
// build/Release/faiss_node.node. It never fails the install: where FAISS, a C++ compiler or
// Python (for node-gyp) is missing, it says so in one line and writes why to install-status.json,
// which the package's loader turns into its error message (@twotower/index then offers the exact
// index). Run it again after installing what was missing: `npm rebuild @twotower/faiss-node`.
//
// Environment: TWOTOWER_FAISS_PREFIX — where FAISS is installed (its include/ and lib/), when not
// in /usr, /usr/local, /opt/homebrew or $CONDA_PREFIX; TWOTOWER_FAISS_SKIP_BUILD=1 — do not build.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const ROOT = __dirname;
const STATUS = join(ROOT, 'install-status.json');
const BINARY = join(ROOT, 'build', 'Release', 'faiss_node.node');
const TO_INSTALL = 'apt-get install libfaiss-dev libopenblas-dev g++ make python3 (Debian/Ubuntu)';

function finish(status) {
  writeFileSync(STATUS, JSON.stringify({ ...status, node: process.version, at: new Date().toISOString() }, null, 2) + '\n');
  if (status.built) console.error(`[@twotower/faiss-node] built against ${status.faiss.lib}`);
  else console.error(`[@twotower/faiss-node] not built: ${status.reason}. For FAISS: ${TO_INSTALL}, then npm rebuild @twotower/faiss-node`);
  process.exit(0);
}

/** Where FAISS may be installed, in order. */
function prefixes() {
  if (process.env.TWOTOWER_FAISS_PREFIX) return [resolve(process.env.TWOTOWER_FAISS_PREFIX)];
  return ['/usr', '/usr/local', '/opt/homebrew', process.env.CONDA_PREFIX].filter(Boolean);
}

/** Library directories of a prefix: lib/, lib64/ and multiarch ones (lib/x86_64-linux-gnu). */
function libDirs(prefix) {
  const dirs = [join(prefix, 'lib'), join(prefix, 'lib64')];
  const lib = join(prefix, 'lib');
  if (existsSync(lib)) {
    for (const e of readdirSync(lib, { withFileTypes: true })) if (e.isDirectory() && /-linux-gnu/.test(e.name)) dirs.unshift(join(lib, e.name));
  }
  return dirs.filter((d) => existsSync(d));
}

/** The first FAISS found: its include directory, its library and the libraries it needs. */
function findFaiss() {
  for (const prefix of prefixes()) {
    const include = join(prefix, 'include');
    if (!existsSync(join(include, 'faiss', 'Index.h'))) continue;
    for (const dir of libDirs(prefix)) {
      const shared = ['libfaiss.so', 'libfaiss.dylib'].map((f) => join(dir, f)).find((f) => existsSync(f));
      const lib = existsSync(join(dir, 'libfaiss.a')) ? join(dir, 'libfaiss.a') : shared;
      if (!lib) continue;
      // a static libfaiss needs BLAS and LAPACK (OpenBLAS has both)
      const blas = libDirs(prefix).some((d) => readdirSync(d).some((f) => f.startsWith('libopenblas.'))) ? '-lopenblas' : '-lblas -llapack';
      const libs = lib.endsWith('.a') ? `${lib} ${blas} -lm -ldl` : `-L${dir} -Wl,-rpath,${dir} -lfaiss`;
      return { include, lib, libs };
    }
  }
  return undefined;
}

/** How to run node-gyp: npm's and pnpm's own (they set npm_config_node_gyp), else the one beside node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed beside this package
  }
  const script = candidates.find((c) => c && existsSync(c));
  return script ? [process.execPath, script] : ['node-gyp'];
}

if (process.env.TWOTOWER_FAISS_SKIP_BUILD === '1') finish({ built: false, reason: 'the build was skipped (TWOTOWER_FAISS_SKIP_BUILD=1)' });
const faiss = findFaiss();
if (!faiss) {
  finish({ built: false, reason: `FAISS was not found (no include/faiss/Index.h with a libfaiss under ${prefixes().join(', ')}; TWOTOWER_FAISS_PREFIX names another place)` });
}
rmSync(BINARY, { force: true });
const [command, ...pre] = nodeGyp();
const args = [...pre, 'rebuild', '--release'];
// node's own headers when they are installed beside it (no download from nodejs.org)
const nodeDir = resolve(dirname(process.execPath), '..');
if (existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodeDir}`);
const run = spawnSync(command, args, {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, TWOTOWER_FAISS_INCLUDE: faiss.include, TWOTOWER_FAISS_LIBS: faiss.libs },
});
if (run.error || run.status !== 0 || !existsSync(BINARY)) {
  const why = run.error ? `node-gyp could not run (${run.error.message})` : `node-gyp failed (exit ${run.status}; its output is above)`;
  finish({ built: false, reason: `compiling against ${faiss.lib} failed: ${why}`, faiss });
}
const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BINARY)})`], { encoding: 'utf8' });
if (probe.status !== 0) {
  rmSync(BINARY, { force: true });
  finish({ built: false, reason: `the built binding does not load: ${(probe.stderr || '').split('\n').find((l) => /Error/.test(l)) || 'see node -e "require(...)"'}`, faiss });
}
// keep only the binary: node-gyp's Makefiles and objects (and the binary's hard-linked twin) go
for (const e of readdirSync(join(ROOT, 'build'))) if (e !== 'Release') rmSync(join(ROOT, 'build', e), { recursive: true, force: true });
for (const e of readdirSync(join(ROOT, 'build', 'Release'))) if (e !== 'faiss_node.node') rmSync(join(ROOT, 'build', 'Release', e), { recursive: true, force: true });
finish({ built: true, faiss });
