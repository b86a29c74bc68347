import type { PackageManifest } from './workspace';

/** Options of {@link checkPackedPackage}. */
export interface MetadataRulesOptions {
  /** The license every package carries. Default `'Apache-2.0'`. */
  license?: string;
  /** The peer dependency that gives every package one shared tfjs. Default `'@tensorflow/tfjs-core'`. */
  tfjsPeer?: string;
  /** Package names whose use means the package touches tensors. Default `['@twotower/runtime']` and any `@tensorflow/*`. */
  tensorPackages?: readonly string[];
}

/** Files a tarball may hold: built code, its types, README, LICENSE, CHANGELOG, package.json. */
const ALLOWED_FILE = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts|json|wasm))$/;
/**
 * Sources a native package compiles at install (its tarball holds `binding.gyp`): the gyp file,
 * the install script and the C/C++ sources under `native/`.
 */
const NATIVE_FILE = /^(binding\.gyp|install\.js|native\/[^/]+\.(cc|cpp|c|h|hpp))$/;
/**
 * Packages whose license is not the project's: a modified copy of another project's code keeps
 * that project's license (@twotower/faiss-node is faiss-node's binding, MIT).
 */
export const LICENSE_EXCEPTIONS: Readonly<Record<string, string>> = { '@twotower/faiss-node': 'MIT' };
/** Built files that still have no place in a tarball. */
const TEST_FILE = /(\.test\.|\.spec\.|(^|\/)__tests__\/|(^|\/)test-utils\.)/;

/**
 * What a consumer would find wrong with a packed package: stray or missing files, metadata a
 * registry page and a resolver need, `workspace:` ranges left unrewritten, tfjs not declared as a
 * peer. Each problem names the field or file and what to change.
 *
 * @param manifest The package.json inside the tarball.
 * @param files Paths inside the tarball (without `package/`).
 */
export function checkPackedPackage(manifest: PackageManifest, files: readonly string[], options: MetadataRulesOptions = {}): string[] {
  const problems: string[] = [];
  const license = LICENSE_EXCEPTIONS[String(manifest.name)] ?? options.license ?? 'Apache-2.0';
  const peer = options.tfjsPeer ?? '@tensorflow/tfjs-core';
  const tensorPackages = new Set(options.tensorPackages ?? ['@twotower/runtime']);
  const has = new Set(files);

  const native = has.has('binding.gyp');
  const stray = files.filter((f) => !(ALLOWED_FILE.test(f) || (native && NATIVE_FILE.test(f))) || TEST_FILE.test(f));
  const maps = stray.filter((f) => f.endsWith('.map'));
  if (maps.length > 0) {
    problems.push(`tarball holds ${maps.length} source maps (${maps.slice(0, 2).join(', ')}${maps.length > 2 ? ', ...' : ''}) whose sources do not ship: add "!dist/**/*.map" to "files"`);
  }
  for (const f of stray.filter((f) => !f.endsWith('.map'))) {
    problems.push(`tarball holds ${f}: only built code, types, README.md, LICENSE, CHANGELOG.md ship; exclude it in "files" or from the build`);
  }
  for (const f of ['package.json', 'README.md', 'LICENSE']) {
    if (!has.has(f)) problems.push(`tarball has no ${f}: add it to the package and to "files"`);
  }
  for (const target of exportTargets(manifest.exports)) {
    const path = target.replace(/^\.\//, '');
    if (!path.includes('*') && !has.has(path)) problems.push(`"exports" points at ${target}, which is not in the tarball: build first or fix "files"`);
  }

  if (manifest.license !== license) problems.push(`"license" is ${JSON.stringify(manifest.license)}: set it to "${license}"`);
  const engines = manifest.engines as { node?: unknown } | undefined;
  if (typeof engines?.node !== 'string') problems.push('"engines.node" is missing: set it (">=20")');
  const repository = manifest.repository as { url?: unknown; directory?: unknown } | undefined;
  if (typeof repository?.url !== 'string' || typeof repository.directory !== 'string') {
    problems.push('"repository" needs "url" and "directory" (the package folder in the monorepo)');
  }
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problems.push('"keywords" is missing or empty: list a few');
  if (typeof manifest.description !== 'string' || manifest.description === '') problems.push('"description" is missing');
  if (manifest.sideEffects === undefined) problems.push('"sideEffects" is not set: false when importing the package does nothing by itself, else the files that do');
  if (manifest.type !== 'commonjs' && manifest.type !== 'module') problems.push('"type" is not set: "commonjs" for tsc\'s CommonJS output (spares Node the format detection)');
  if (manifest.exports === undefined) problems.push('"exports" is missing: give "." with "types" first');
  if (manifest.private === true) problems.push('"private" is true: a published package cannot be private');
  if (manifest.bundleDependencies !== undefined || manifest.bundledDependencies !== undefined) {
    problems.push('"bundleDependencies" is set: nothing is bundled; dependencies install from the registry');
  }

  const sections = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
  for (const section of sections) {
    for (const [dep, range] of Object.entries(manifest[section] ?? {})) {
      if (range.startsWith('workspace:') || range.startsWith('link:') || range.startsWith('file:')) {
        problems.push(`"${section}.${dep}" is "${range}" in the tarball: a registry cannot resolve it; pack with pnpm, which rewrites workspace ranges`);
      }
    }
  }
  const runtimeDeps = { ...manifest.dependencies, ...manifest.optionalDependencies };
  const touchesTensors = Object.keys(runtimeDeps).some((d) => tensorPackages.has(d) || d.startsWith('@tensorflow/'));
  if (touchesTensors && manifest.peerDependencies?.[peer] === undefined) {
    problems.push(`"peerDependencies.${peer}" is missing: the package uses tensors, so it must share the application's one tfjs (declare it as a peer)`);
  }
  if (manifest.dependencies?.[peer] !== undefined) {
    problems.push(`"dependencies.${peer}" is set: tfjs-core is a peer dependency, never a dependency (one instance per application)`);
  }
  return problems;
}

/** Every file path an `exports` value points at (all conditions, all sub-paths). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (Array.isArray(exports)) return exports.flatMap(exportTargets);
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}
