import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '@twotower/index';
import { modelA, modelN } from '../test/fixtures';
import { ITEM2VEC_DIM } from '../test/named-sets-fixture';
import { loadServingModel } from './serving-model';

jest.setTimeout(60_000);

type Json = Record<string, any>;

/** A copy of `from` changed by `change`, its manifest's file list and checksums regenerated (so only the server's own checks can tell). */
function changedCopy(from: string, change: (dir: string, manifest: Json) => void): string {
  // in the run's temporary folder, which the jest preset removes
  const dir = join(mkdtempSync(join(tmpdir(), 'tt-serving-sets-')), 'model');
  cpSync(from, dir, { recursive: true });
  const mf = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(mf, 'utf8')) as Json;
  change(dir, manifest);
  for (const f of manifest['files'] as Array<{ path: string; bytes: number; sha256: string }>) {
    const b = readFileSync(join(dir, f.path));
    f.bytes = b.length;
    f.sha256 = createHash('sha256').update(b).digest('hex');
  }
  writeFileSync(mf, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Saves an index over item2vec's rows (all, or `drop` fewer) as a prebuilt index listed in the manifest. */
async function withPrebuiltIndex(drop: number): Promise<string> {
  const read = (dir: string) => ({
    ids: JSON.parse(readFileSync(join(dir, 'embeddings/item2vec.ids.json'), 'utf8')) as string[],
    vectors: new Float32Array(new Uint8Array(readFileSync(join(dir, 'embeddings/item2vec.f32'))).buffer),
  });
  const { ids, vectors } = read(modelN());
  const keep = ids.map((_, r) => r).filter((r) => vectors.subarray(r * ITEM2VEC_DIM, (r + 1) * ITEM2VEC_DIM).some((x) => x !== 0)).slice(drop);
  const rows = new Float32Array(keep.length * ITEM2VEC_DIM);
  keep.forEach((r, j) => rows.set(vectors.subarray(r * ITEM2VEC_DIM, (r + 1) * ITEM2VEC_DIM), j * ITEM2VEC_DIM));
  const index = buildIndex(keep.map((r) => ids[r]!), rows, ITEM2VEC_DIM, { metric: 'cosine' });
  const tmp = join(mkdtempSync(join(tmpdir(), 'tt-serving-index-')), 'item2vec.index');
  await index.save(tmp);
  return changedCopy(modelN(), (dir, manifest) => {
    mkdirSync(join(dir, 'indexes'), { recursive: true });
    cpSync(tmp, join(dir, 'indexes/item2vec.index'));
    manifest['indexes'] = { ...manifest['indexes'], item2vec: { kind: 'exact', file: 'indexes/item2vec.index', rows: keep.length, seconds: 0 } };
    manifest['files'].push({ path: 'indexes/item2vec.index', bytes: 0, sha256: '' });
  });
}

describe('loading named sets and segmentations', () => {
  it('loads the prebuilt index the manifest lists for a named set, and refuses one without exactly its ids', async () => {
    const model = await loadServingModel(await withPrebuiltIndex(0));
    try {
      expect(model.summary.embeddings['item2vec']!.index).toMatchObject({ kind: 'exact', rows: 37, source: 'loaded' });
      expect(model.namedSets.get('item2vec')!.index.size).toBe(37);
    } finally {
      model.dispose();
    }
    await expect(loadServingModel(await withPrebuiltIndex(1))).rejects.toThrow(/index indexes\/item2vec\.index does not hold exactly the 37 items of embedding set "item2vec" that have a vector/);
  });

  it('refuses a set whose id is not in the catalogue, or repeated, naming the file and row', async () => {
    const edit = (change: (ids: string[]) => void) =>
      changedCopy(modelN(), (dir) => {
        const p = join(dir, 'embeddings/item2vec.ids.json');
        const ids = JSON.parse(readFileSync(p, 'utf8')) as string[];
        change(ids);
        writeFileSync(p, JSON.stringify(ids));
      });
    await expect(loadServingModel(edit((ids) => (ids[3] = 'not-an-item')))).rejects.toThrow(/embedding set "item2vec" \(embeddings\/item2vec\.ids\.json\) row 3 is item "not-an-item", which is not in the catalogue/);
    await expect(loadServingModel(edit((ids) => (ids[5] = ids[4]!)))).rejects.toThrow(/row 5 repeats "i33" \(also row 4\)/);
  });

  it('refuses a segmentation whose segment list does not match k', async () => {
    const dir = changedCopy(modelN(), (d) => {
      const p = join(d, 'segments/users.json');
      const info = JSON.parse(readFileSync(p, 'utf8')) as Json;
      info['segments'] = info['segments'].slice(0, 1);
      writeFileSync(p, JSON.stringify(info));
    });
    await expect(loadServingModel(dir)).rejects.toThrow(/the segments of "users" say k 2 but list 1 segments/);
  });

  it('a model without named sets has none, and no segmentation', async () => {
    const model = await loadServingModel(modelA());
    try {
      expect(model.namedSets.size).toBe(0);
      expect(model.segmentations.size).toBe(0);
      expect(model.summary.segmentations).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});
