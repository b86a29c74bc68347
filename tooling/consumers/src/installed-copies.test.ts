import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedCopies } from './installed-copies';

describe('installedCopies', () => {
  let dir: string;
  const pkg = (path: string, version: string): void => {
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, 'package.json'), JSON.stringify({ version }));
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'consumers-copies-'));
    pkg('node_modules/@tensorflow/tfjs-core', '4.22.0');
    pkg('node_modules/@tensorflow/tfjs', '4.22.0');
    pkg('node_modules/@tensorflow/tfjs/node_modules/@tensorflow/tfjs-core', '4.21.0');
    pkg('node_modules/other', '1.0.0');
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nested copies with their versions', () => {
    const copies = installedCopies(dir, (n) => n === '@tensorflow/tfjs-core');
    const core = copies.get('@tensorflow/tfjs-core') ?? [];
    expect(core).toHaveLength(2);
    expect(core).toEqual(
      expect.arrayContaining([
        { path: 'node_modules/@tensorflow/tfjs-core', version: '4.22.0' },
        { path: 'node_modules/@tensorflow/tfjs/node_modules/@tensorflow/tfjs-core', version: '4.21.0' },
      ]),
    );
    expect([...copies.keys()]).toEqual(['@tensorflow/tfjs-core']);
  });

  it('returns an empty map when nothing matches or there is no node_modules', () => {
    expect(installedCopies(dir, (n) => n === 'absent').size).toBe(0);
    expect(installedCopies(join(dir, 'nowhere'), () => true).size).toBe(0);
  });
});
