import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArtifact, openArtifact, writeTypedArray, ArtifactError, ARTIFACT_FORMAT_VERSION } from './index';

const manifest = { packages: { '@twotower/artifact': '0.1.0' }, config: { a: 1 }, data: { name: 'test', fingerprint: 'abc' } };

async function make(dir: string) {
  return writeArtifact(dir, manifest, (tmp) => {
    writeFileSync(join(tmp, 'features.json'), JSON.stringify({ x: [1, 2] }));
    writeTypedArray(join(tmp, 'emb.f32'), Float32Array.from([1.5, -2, 3]));
  });
}

describe('artifact', () => {
  it('writes files with checksums and reads them back verified', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-art-'));
    const dir = join(root, 'model');
    const m = await make(dir);
    expect(m.formatVersion).toBe(ARTIFACT_FORMAT_VERSION);
    expect(m.files.map((f) => f.path)).toEqual(['emb.f32', 'features.json']);
    const a = openArtifact(dir);
    expect(a.readJson('features.json')).toEqual({ x: [1, 2] });
    expect(Array.from(a.readFloat32('emb.f32'))).toEqual([1.5, -2, 3]);
    expect(readdirSync(root)).toEqual(['model']); // no temporary directory left
  });

  it('keeps float64 values exactly (timestamps), and refuses a float64 file of a length that is not a multiple of 8', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-art-')), 'model');
    const times = Float64Array.from([874965758.25, 1700000000123.5, -1]);
    await writeArtifact(dir, manifest, (tmp) => {
      writeTypedArray(join(tmp, 'times.f64'), times);
      writeTypedArray(join(tmp, 'odd.f64'), Float32Array.from([1, 2, 3]));
    });
    const a = openArtifact(dir);
    expect(Array.from(a.readFloat64('times.f64'))).toEqual(Array.from(times));
    expect(() => a.readFloat64('odd.f64')).toThrow(/odd\.f64 has 12 bytes, not a whole number of 8-byte values/);
  });

  it('refuses a corrupted file, naming it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-art-')), 'model');
    await make(dir);
    const f = join(dir, 'emb.f32');
    const b = readFileSync(f);
    b[0] = b[0]! ^ 0xff;
    writeFileSync(f, b);
    expect(() => openArtifact(dir)).toThrow(/emb\.f32 does not match its checksum/);
    expect(() => openArtifact(dir, { verify: false })).not.toThrow();
  });

  it('refuses a newer format with an upgrade hint, and a directory without manifest', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-art-')), 'model');
    await make(dir);
    const mf = join(dir, 'manifest.json');
    const j = JSON.parse(readFileSync(mf, 'utf8'));
    j.formatVersion = ARTIFACT_FORMAT_VERSION + 1;
    writeFileSync(mf, JSON.stringify(j));
    expect(() => openArtifact(dir)).toThrow(/newer than the 1 this version .* upgrade/);
    expect(() => openArtifact(mkdtempSync(join(tmpdir(), 'tt-empty-')))).toThrow(/no manifest\.json/);
    expect(() => openArtifact('/nonexistent/model')).toThrow(ArtifactError);
  });

  it('leaves no trace when filling fails, and never replaces an existing artifact unless asked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-art-'));
    const dir = join(root, 'model');
    await expect(writeArtifact(dir, manifest, () => { throw new Error('killed'); })).rejects.toThrow('killed');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
    await make(dir);
    await expect(make(dir)).rejects.toThrow(/already exists/);
    const again = await writeArtifact(dir, { ...manifest, data: { name: 'v2', fingerprint: 'def' } }, (tmp) => writeFileSync(join(tmp, 'a.json'), '1'), { overwrite: true });
    expect(openArtifact(dir).manifest.data.name).toBe('v2');
    expect(again.files.map((f) => f.path)).toEqual(['a.json']);
    expect(readdirSync(root)).toEqual(['model']);
  });
});
