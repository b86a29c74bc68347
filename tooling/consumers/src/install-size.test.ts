import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatInstallSize, installSize, MB } from './install-size';

describe('installSize', () => {
  let dir: string;
  const file = (path: string, bytes: number): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), Buffer.alloc(bytes));
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-size-'));
    file('node_modules/.package-lock.json', 10);
    file('node_modules/@tensorflow/tfjs-core/dist/a.js', 1000);
    file('node_modules/@tensorflow/tfjs-core/package.json', 20);
    file('node_modules/long/index.js', 300);
    file('node_modules/long/node_modules/@tensorflow/tfjs-core/x.js', 50); // a nested copy
    file('node_modules/@twotower/runtime/dist/index.js', 400);
    file('package.json', 5000); // outside node_modules: not counted
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync('../long/index.js', join(dir, 'node_modules/.bin/long')); // links are not followed
    linkSync(join(dir, 'node_modules/long/index.js'), join(dir, 'node_modules/long/twin.js')); // a hard link counts once
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds up file bytes under node_modules, the @tensorflow share and the heaviest packages', () => {
    const size = installSize(dir, 2);
    expect(size.bytes).toBe(10 + 1000 + 20 + 300 + 50 + 400);
    expect(size.tensorflowBytes).toBe(1000 + 20 + 50);
    expect(size.files).toBe(6);
    expect(size.largest).toEqual([
      { name: '@tensorflow/tfjs-core', bytes: 1070 },
      { name: '@twotower/runtime', bytes: 400 },
    ]);
  });

  it('is zero for a project without node_modules, and formats in decimal megabytes', () => {
    expect(installSize(join(dir, 'nowhere'))).toEqual({ bytes: 0, tensorflowBytes: 0, files: 0, largest: [] });
    expect(formatInstallSize({ bytes: 66.14 * MB, tensorflowBytes: 62 * MB, files: 1, largest: [] })).toBe('66.1 MB (@tensorflow 62.0 MB)');
  });
});
