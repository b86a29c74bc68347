import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDirectory } from './read-model-directory';
import { writeModelDirectory } from './write-model-directory';
import type { SegmentsInfo } from './model-types';

const input = { packages: {}, config: {}, data: { name: 'tiny', fingerprint: 'f' } };
const tmp = () => join(mkdtempSync(join(tmpdir(), 'tt-sets-')), 'model');
const info: SegmentsInfo = {
  set: 'item2vec',
  of: 'items',
  k: 2,
  method: 'k-means',
  metric: 'cosine',
  inertia: 0.5,
  silhouette: 0.7,
  chosenBy: 'given',
  segments: [
    { id: 0, size: 2, share: 2 / 3, topLabels: [{ label: 'Drama', count: 2, share: 1, lift: 1.5 }], topMembers: ['a', 'b'] },
    { id: 1, size: 1, share: 1 / 3, topLabels: [], topMembers: ['c'] },
  ],
};

describe('named embedding sets and segments', () => {
  it('keeps a named set under embeddings/ with what it is, and its segments, and reads both back', async () => {
    const dir = tmp();
    const manifest = await writeModelDirectory(dir, input, (w) => {
      w.embeddingSet('candidates', ['a', 'b', 'c'], new Float32Array(6), 2);
      w.embeddingSet('item2vec', ['a', 'b', 'c'], Float32Array.from([1, 0, 0, 1, 1, 1, 2, 2, 2]), 3, { of: 'items', method: 'item2vec', options: { window: 5 }, seconds: 0.4 });
      w.segments(info, Int32Array.from([0, -1, 1]));
    });
    expect(manifest.embeddings?.item2vec).toEqual({ file: 'embeddings/item2vec.f32', ids: 'embeddings/item2vec.ids.json', dim: 3, of: 'items', method: 'item2vec', options: { window: 5 }, seconds: 0.4 });
    expect(manifest.segments?.item2vec).toEqual({ file: 'segments/item2vec.json', assignments: 'segments/item2vec.i32', k: 2 });
    const md = openModelDirectory(dir);
    const set = md.embeddingSet('item2vec')!;
    expect(set.dim).toBe(3);
    expect(Array.from(set.vectors.subarray(6))).toEqual([2, 2, 2]);
    expect(md.embeddingSets()).toMatchObject({ candidates: { of: 'items', method: 'two-tower' }, item2vec: { of: 'items', method: 'item2vec', dim: 3 } });
    const seg = md.segments('item2vec')!;
    expect(Array.from(seg.assignments)).toEqual([0, -1, 1]);
    expect(seg.info.segments[0]!.topLabels[0]!.label).toBe('Drama');
    expect(md.segments('candidates')).toBeUndefined();
    expect(md.embeddingSet('deepwalk')).toBeUndefined();
  });

  it('refuses a bad set name, segments before their set, and segments of the wrong length or range', async () => {
    await expect(writeModelDirectory(tmp(), input, (w) => w.embeddingSet('Item2Vec', ['a'], new Float32Array(1), 1))).rejects.toThrow(/lowercase letters, digits and dashes/);
    await expect(writeModelDirectory(tmp(), input, (w) => w.segments(info, Int32Array.from([0])))).rejects.toThrow(/write the embedding set before its segments/);
    await expect(
      writeModelDirectory(tmp(), input, (w) => {
        w.embeddingSet('item2vec', ['a', 'b', 'c'], new Float32Array(9), 3);
        w.segments(info, Int32Array.from([0, 1]));
      }),
    ).rejects.toThrow(/2 assignments for 3 rows/);
    await expect(
      writeModelDirectory(tmp(), input, (w) => {
        w.embeddingSet('item2vec', ['a', 'b', 'c'], new Float32Array(9), 3);
        w.segments(info, Int32Array.from([0, 2, -1]));
      }),
    ).rejects.toThrow(/row 1 is in segment 2, outside 0..1 \(or -1: no segment\)/);
  });
});
