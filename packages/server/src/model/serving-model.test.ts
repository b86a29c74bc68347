import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifact, sha256File } from '@twotower/artifact';
import { buildIndex, faissStatus } from '@twotower/index';
import { tf } from '@twotower/runtime';
import { modelA } from '../test/fixtures';
import { loadServingModel } from './serving-model';

jest.setTimeout(60_000);

/** A copy of model A whose manifest lists a prebuilt item index. */
async function withListedIndex(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tt-serving-idx-')), 'model');
  cpSync(modelA(), dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const ids = JSON.parse(readFileSync(join(dir, 'candidates.ids.json'), 'utf8')) as string[];
  const raw = readFileSync(join(dir, 'candidates.f32'));
  const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const index = buildIndex(ids, vectors, manifest.embeddings.candidates.dim);
  await index.save(join(dir, 'candidates.index'));
  manifest.files.push({ path: 'candidates.index', bytes: statSync(join(dir, 'candidates.index')).size, sha256: sha256File(join(dir, 'candidates.index')) });
  manifest.indexes = { candidates: { file: 'candidates.index' } };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return dir;
}

describe('loadServingModel', () => {
  it('caches every user’s default-time query embedding and keeps tensors flat', async () => {
    const base = tf.memory().numTensors;
    const m = await loadServingModel(modelA());
    const rec = m.recommender;
    const direct = rec.embedQueries(rec.users.ids);
    expect(m.userVectors.length).toBe(direct.length);
    m.userVectors.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 5));
    expect(m.summary).toMatchObject({ items: 40, users: 60, indexes: { items: { kind: 'exact', source: 'built' }, users: { kind: 'exact', rows: 60, source: 'built' } } });
    expect(m.summary.queryRows).toBe(openArtifact(modelA()).readJson<string[]>('queries.ids.json').length);
    expect(m.popularOrder[0]).toBe(Array.from(rec.popularity).indexOf(Math.max(...rec.popularity)));
    m.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('loads a prebuilt index the manifest lists (verified like every file)', async () => {
    const dir = await withListedIndex();
    const m = await loadServingModel(dir);
    expect(m.summary.indexes.items).toMatchObject({ kind: 'exact', source: 'loaded', rows: 40 });
    m.dispose();
    writeFileSync(join(dir, 'candidates.index'), Buffer.concat([readFileSync(join(dir, 'candidates.index')), Buffer.from([0])]));
    await expect(loadServingModel(dir)).rejects.toThrow(/candidates\.index does not match its checksum/);
  });

  it('refuses an artifact whose item embeddings are not finite, naming the item', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-serving-nan-')), 'model');
    cpSync(modelA(), dir, { recursive: true });
    const file = join(dir, 'candidates.f32');
    const raw = readFileSync(file);
    raw.writeFloatLE(NaN, 4 * (3 * 16)); // item 3, first value (dim 16)
    writeFileSync(file, raw);
    const manifestFile = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.files.find((f: { path: string }) => f.path === 'candidates.f32').sha256 = sha256File(file);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    await expect(loadServingModel(dir)).rejects.toThrow(/the embedding of item "i3" is not finite/);
  });

  it('serves user2user from FAISS indexes of the query embeddings and of the user vectors with the same answers as the exact ones', async () => {
    if (!faissStatus().available) {
      console.warn(`FAISS unavailable (${faissStatus().reason}): skipping the FAISS user-index check`);
      return;
    }
    const exact = await loadServingModel(modelA());
    const ann = await loadServingModel(modelA(), { queries: { kind: 'faiss', factory: 'Flat' }, items: { kind: 'faiss', factory: 'Flat' }, users: { kind: 'faiss', factory: 'Flat' } });
    expect(ann.summary.indexes.queries).toMatchObject({ kind: 'faiss', factory: 'Flat' });
    expect(ann.summary.indexes.users).toMatchObject({ kind: 'faiss', factory: 'Flat', rows: 60, source: 'built' });
    for (let u = 0; u < 10; u++) {
      const skip = new Set([u]);
      const a = exact.userIndex.search(exact.userVector(u), 6, skip);
      const b = ann.userIndex.search(ann.userVector(u), 6, skip);
      expect(Array.from(b.users)).toEqual(Array.from(a.users));
      expect(Array.from(ann.userVectorIndex.search(ann.userVector(u), 6, skip).users)).toEqual(Array.from(exact.userVectorIndex.search(exact.userVector(u), 6, skip).users));
      const ia = exact.itemIndex.search(exact.userVector(u), 5).ids(0);
      expect(ann.itemIndex.search(ann.userVector(u), 5).ids(0)).toEqual(ia);
    }
    exact.dispose();
    ann.dispose();
  });
});
