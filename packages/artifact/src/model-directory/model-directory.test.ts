import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArtifact } from '../write-artifact';
import { openModelDirectory } from './read-model-directory';
import { writeModelDirectory } from './write-model-directory';
import type { ModelMetrics } from './metrics-types';
import { ArtifactError } from '../errors';

const metrics = { config: 'test', dataset: { name: 'tiny', users: 2, items: 3, interactions: 4 } } as ModelMetrics;
const input = { packages: { '@twotower/artifact': '0.1.0' }, config: { epochs: 1 }, data: { name: 'tiny', fingerprint: 'f' }, metrics, model: { dim: 2, items: 3, queries: 2 } };
const tmp = () => join(mkdtempSync(join(tmpdir(), 'tt-md-')), 'model');

async function write(dir: string) {
  return writeModelDirectory(dir, input, async (w) => {
    w.json('metrics', metrics, { pretty: true });
    w.json('history', [{ epoch: 1, loss: 0.5, seconds: 1, examplesPerSecond: 4 }]);
    w.json('timestampBuckets', { counts: [1, 0, 3] });
    w.embeddingSet('candidates', ['a', 'b', 'c'], Float32Array.from([1, 0, 0, 1, 1, 1]), 2);
    w.embeddingSet('queries', ['u1', 'u2'], Float32Array.from([0.5, 0.5, -1, 2]), 2);
    await w.index('candidates', { kind: 'faiss', factory: 'Flat', rows: 3, seconds: 0 }, async (path) => writeFileSync(path, 'index bytes'));
  });
}

describe('model directory', () => {
  it('lists what was written in the manifest and reads every file back by role', async () => {
    const dir = tmp();
    const manifest = await write(dir);
    expect(manifest.embeddings).toEqual({ candidates: { file: 'candidates.f32', ids: 'candidates.ids.json', dim: 2 }, queries: { file: 'queries.f32', ids: 'queries.ids.json', dim: 2 } });
    expect(manifest.indexes?.candidates).toEqual({ kind: 'faiss', factory: 'Flat', rows: 3, seconds: 0, file: 'indexes/candidates.index' });
    const md = openModelDirectory(dir);
    expect(md.metrics().dataset.items).toBe(3);
    expect(md.history()[0]!.loss).toBe(0.5);
    expect(md.timestampBuckets()).toEqual([1, 0, 3]);
    expect(Array.from(md.embeddingSet('queries', 2)!.vectors)).toEqual([0.5, 0.5, -1, 2]);
    expect(md.embeddingSet('candidates', 2)!.ids).toEqual(['a', 'b', 'c']);
    expect(readFileSync(md.index('candidates')!.path, 'utf8')).toBe('index bytes');
    expect(md.index('queries')).toBeUndefined();
  });

  it('refuses embeddings whose width differs from the towers, naming the field', async () => {
    const dir = tmp();
    await write(dir);
    expect(() => openModelDirectory(dir).embeddingSet('candidates', 3)).toThrow(/embeddings\.candidates\.dim is 2 but the towers output 3/);
  });

  it('reads a directory written before the manifest listed embedding sets, by the default names', async () => {
    const dir = tmp();
    await writeArtifact(dir, { packages: {}, config: {}, data: { name: 'old', fingerprint: 'x' } }, (d) => {
      writeFileSync(join(d, 'candidates.f32'), new Uint8Array(Float32Array.from([1, 2]).buffer));
      writeFileSync(join(d, 'candidates.ids.json'), '["x"]');
    });
    const md = openModelDirectory(dir);
    expect(md.embeddingSet('candidates', 2)!.ids).toEqual(['x']);
    expect(md.embeddingSet('queries', 2)).toBeUndefined();
    expect(md.history()).toEqual([]);
    expect(md.timestampBuckets()).toBeUndefined();
  });

  it('names the damaged file: a float file of a length not a multiple of 4, truncated JSON', async () => {
    for (const [file, bytes, pattern] of [
      ['candidates.f32', Buffer.from([1, 2, 3, 4, 5]), /candidates\.f32 has 5 bytes, not a whole number of 4-byte values/],
      ['candidates.ids.json', Buffer.from('["a", "b'), /candidates\.ids\.json is not valid JSON/],
    ] as const) {
      const dir = tmp();
      await writeArtifact(dir, { packages: {}, config: {}, data: { name: 'd', fingerprint: 'x' } }, (d) => {
        writeFileSync(join(d, 'candidates.f32'), new Uint8Array(8));
        writeFileSync(join(d, 'candidates.ids.json'), '["a", "b"]');
        writeFileSync(join(d, file), bytes);
      });
      const read = () => openModelDirectory(dir).embeddingSet('candidates', 1);
      expect(read).toThrow(ArtifactError);
      expect(read).toThrow(pattern);
    }
  });

  it('refuses ids that are not strings', async () => {
    const dir = tmp();
    await writeArtifact(dir, { packages: {}, config: {}, data: { name: 'd', fingerprint: 'x' } }, (d) => {
      writeFileSync(join(d, 'queries.f32'), new Uint8Array(4));
      writeFileSync(join(d, 'queries.ids.json'), '[7]');
    });
    expect(() => openModelDirectory(dir).embeddingSet('queries', 1)).toThrow(/queries\.ids\.json must be a JSON array of string ids/);
  });
});
