import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internalClosure, listPackages, tarballName, type WorkspacePackage } from './workspace';

describe('workspace', () => {
  let root: string;
  const write = (dir: string, manifest: object): void => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'consumers-ws-'));
    write('packages/core', { name: '@t/core', version: '1.0.0', peerDependencies: { tfjs: '4' } });
    write('packages/mid', { name: '@t/mid', version: '0.2.0', dependencies: { '@t/core': 'workspace:^', lodash: '^4' } });
    write('packages/top', {
      name: '@t/top',
      version: '0.1.0',
      dependencies: { '@t/mid': 'workspace:^' },
      optionalDependencies: { '@t/opt': 'workspace:^' },
      devDependencies: { '@t/tool': 'workspace:*' },
    });
    write('packages/opt', { name: '@t/opt', version: '0.1.0' });
    write('packages/tool', { name: '@t/tool', version: '0.1.0', private: true });
    write('packages/bad', { name: '@t/bad', version: '0.1.0', dependencies: { '@t/tool': 'workspace:*' } });
    mkdirSync(join(root, 'packages/not-a-package'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists public packages by name, private ones on request', () => {
    expect(listPackages(root).map((p) => p.name)).toEqual(['@t/bad', '@t/core', '@t/mid', '@t/opt', '@t/top']);
    expect(listPackages(root, { includePrivate: true }).map((p) => p.name)).toContain('@t/tool');
  });

  it('closes over dependencies, optional and peer dependencies, not dev dependencies', () => {
    const ws = new Map<string, WorkspacePackage>(listPackages(root, { includePrivate: true }).map((p) => [p.name, p]));
    expect(internalClosure('@t/top', ws)).toEqual(['@t/core', '@t/mid', '@t/opt']);
    expect(internalClosure('@t/core', ws)).toEqual([]);
    expect(() => internalClosure('@t/bad', ws)).toThrow(/@t\/bad depends on the private package @t\/tool/);
    expect(() => internalClosure('@t/none', ws)).toThrow(/@t\/none: not a package of the workspace/);
  });

  it('names tarballs as pnpm pack does', () => {
    expect(tarballName('@twotower/runtime', '0.1.0')).toBe('twotower-runtime-0.1.0.tgz');
    expect(tarballName('plain', '2.0.0-rc.1')).toBe('plain-2.0.0-rc.1.tgz');
  });
});
