import { checkPackedPackage, exportTargets } from './metadata-rules';

const good = {
  name: '@twotower/towers',
  version: '0.1.0',
  description: 'Towers.',
  license: 'Apache-2.0',
  type: 'commonjs',
  keywords: ['two-tower'],
  repository: { type: 'git', url: 'git+https://example.invalid/twotower.git', directory: 'packages/towers' },
  engines: { node: '>=20' },
  sideEffects: false,
  exports: { '.': { types: './dist/index.d.ts', require: './dist/index.js', default: './dist/index.js' }, './package.json': './package.json' },
  dependencies: { '@twotower/runtime': '^0.1.0' },
  peerDependencies: { '@tensorflow/tfjs-core': '4.22.0' },
};
const files = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/model/two-tower.js'];

describe('checkPackedPackage', () => {
  it('accepts a well-formed package', () => {
    expect(checkPackedPackage(good, files)).toEqual([]);
  });

  it('flags source maps, tests, sources and missing files', () => {
    const problems = checkPackedPackage(good, ['package.json', 'dist/index.js', 'dist/index.js.map', 'dist/a.test.js', 'src/index.ts', 'tsconfig.tsbuildinfo']);
    expect(problems).toContainEqual(expect.stringContaining('tarball holds 1 source maps (dist/index.js.map)'));
    for (const f of ['dist/a.test.js', 'src/index.ts', 'tsconfig.tsbuildinfo']) {
      expect(problems).toContainEqual(expect.stringContaining(`tarball holds ${f}:`));
    }
    expect(problems).toContainEqual(expect.stringContaining('tarball has no README.md'));
    expect(problems).toContainEqual(expect.stringContaining('tarball has no LICENSE'));
    expect(problems).toContainEqual(expect.stringContaining('"exports" points at ./dist/index.d.ts'));
  });

  it('lets a native package ship what it compiles at install, under the license of the code it copies', () => {
    const native = { ...good, name: '@twotower/faiss-node', license: 'MIT', dependencies: { 'node-addon-api': '^6.1.0' }, peerDependencies: {} };
    const nativeFiles = [...files, 'binding.gyp', 'install.js', 'native/faiss.cc'];
    expect(checkPackedPackage(native, nativeFiles)).toEqual([]);
    // without binding.gyp the sources are strays; the MIT exception is for that one package
    expect(checkPackedPackage(native, [...files, 'install.js', 'native/faiss.cc'])).toEqual([
      expect.stringContaining('tarball holds install.js:'),
      expect.stringContaining('tarball holds native/faiss.cc:'),
    ]);
    expect(checkPackedPackage({ ...good, license: 'MIT' }, nativeFiles)).toContainEqual(expect.stringContaining('"license" is "MIT"'));
  });

    it('names each missing or wrong metadata field', () => {
    const { license: _l, engines: _e, keywords: _k, sideEffects: _s, type: _t, repository: _r, ...bare } = good;
    const problems = checkPackedPackage({ ...bare, license: 'MIT' } as never, files).join('\n');
    for (const field of ['"license" is "MIT"', '"engines.node"', '"repository"', '"keywords"', '"sideEffects"', '"type"']) expect(problems).toContain(field);
  });

  it('requires tfjs-core as a peer of packages that touch tensors, never as a dependency', () => {
    const { peerDependencies: _p, ...noPeer } = good;
    expect(checkPackedPackage(noPeer, files)).toEqual([expect.stringContaining('"peerDependencies.@tensorflow/tfjs-core" is missing')]);
    const bundled = { ...good, dependencies: { ...good.dependencies, '@tensorflow/tfjs-core': '4.22.0' } };
    expect(checkPackedPackage(bundled, files)).toEqual([expect.stringContaining('"dependencies.@tensorflow/tfjs-core" is set')]);
    const plain = { ...noPeer, dependencies: { zod: '^4' } };
    expect(checkPackedPackage(plain, files)).toEqual([]);
  });

  it('flags workspace: ranges left in the tarball', () => {
    const leaked = { ...good, dependencies: { '@twotower/runtime': 'workspace:^' } };
    expect(checkPackedPackage(leaked, files)).toEqual([expect.stringContaining('"dependencies.@twotower/runtime" is "workspace:^"')]);
  });
});

describe('exportTargets', () => {
  it('collects every target of nested conditions', () => {
    expect(exportTargets(good.exports).sort()).toEqual(['./dist/index.d.ts', './dist/index.js', './dist/index.js', './package.json']);
    expect(exportTargets('./x.js')).toEqual(['./x.js']);
    expect(exportTargets(undefined)).toEqual([]);
  });
});
