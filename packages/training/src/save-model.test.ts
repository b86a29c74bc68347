import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDirectory, type EpochRecord, type ModelMetrics } from '@twotower/artifact';
import { fingerprint, syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { faissStatus, loadIndex } from '@twotower/index';
import { Recommender, type RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { createRecommender } from './recommender-from-data';
import { packageVersions, saveModel } from './save-model';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 30, numItems: 25, numInteractions: 400, seed: 6 });
const data = trainingData(dataset.interactions);
const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };
const history: EpochRecord[] = [{ epoch: 1, loss: 5.1, seconds: 0.5, examplesPerSecond: 640 }];
const metrics = { config: 'test', dataset: { name: 'synthetic', users: 30, items: 25, interactions: 400 } } as ModelMetrics;
const out = () => join(mkdtempSync(join(tmpdir(), 'tt-save-')), 'model');

const faiss = faissStatus();
if (!faiss.available) console.warn(`saveModel: the prebuilt-index test is skipped: ${faiss.reason}`);
const itFaiss = faiss.available ? it : it.skip;

describe('saveModel', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('writes a model directory the contract reads back: embeddings, metrics, history, config, buckets; loads the same recommender', async () => {
    const rec = createRecommender(dataset, data, spec);
    const dir = out();
    const manifest = await saveModel(dir, rec, data, { dataName: 'synthetic', config: { name: 'test', epochs: 1 }, metrics, history, indexes: false });
    const m = openModelDirectory(dir);
    expect(m.manifest).toEqual(manifest);
    expect(m.manifest.data).toEqual({ name: 'synthetic', fingerprint: fingerprint(data.log), interactions: 400, users: 30, items: 25 });
    expect(m.manifest.model).toEqual({ dim: 4, items: 25, queries: data.trainRows.length });
    expect(m.manifest.packages).toEqual(packageVersions());
    expect(packageVersions()['@twotower/training']).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.manifest.indexes).toBeUndefined();
    const items = m.embeddingSet('candidates', 4)!;
    expect(items.ids).toEqual(dataset.interactions.itemIds);
    expect(Array.from(items.vectors)).toEqual(Array.from(rec.embedItems()));
    const queries = m.embeddingSet('queries', 4)!;
    expect(queries.ids).toEqual(Array.from(data.trainRows, (r) => data.rowUserIds[r]!));
    const r0 = data.trainRows[0]!;
    expect(Array.from(queries.vectors.subarray(0, 4))).toEqual(Array.from(rec.embedQueries([data.rowUserIds[r0]!], [data.timestamps[r0]!])));
    expect(m.metrics()).toEqual(metrics);
    expect(m.history()).toEqual(history);
    expect(m.config()).toEqual({ name: 'test', epochs: 1 });
    // every training row in one of the 5 timestamp buckets
    const buckets = m.timestampBuckets()!;
    expect(buckets.reduce((a, b) => a + b)).toBe(data.trainRows.length);
    const back = await Recommender.load(dir);
    expect(Array.from(back.embedItems())).toEqual(Array.from(rec.embedItems()));
    expect(back.numUsers).toBe(30);
    back.dispose();
    // replaced atomically by default; refused with overwrite: false
    await saveModel(dir, rec, data, { dataName: 'synthetic', indexes: false });
    expect(openModelDirectory(dir).history()).toEqual([]);
    await expect(saveModel(dir, rec, data, { dataName: 'synthetic', indexes: false, overwrite: false })).rejects.toThrow(`${dir} already exists`);
    expect(readdirSync(join(dir, '..'))).toEqual(['model']);
    rec.dispose();
  });

  it('builds no index below the exact threshold (the default 100,000 rows)', async () => {
    const rec = createRecommender(dataset, data, spec);
    const dir = out();
    await saveModel(dir, rec, data, { dataName: 'synthetic' });
    expect(openModelDirectory(dir).manifest.indexes).toBeUndefined();
    rec.dispose();
  });

  itFaiss('prebuilds loadable FAISS indexes of both embedding sets above exactBelow, listed in the manifest', async () => {
    const rec = createRecommender(dataset, data, spec);
    const dir = out();
    const lines: string[] = [];
    await saveModel(dir, rec, data, { dataName: 'synthetic', indexes: { exactBelow: 10 }, log: (l) => void lines.push(l) });
    const m = openModelDirectory(dir);
    expect(m.manifest.indexes?.candidates).toMatchObject({ kind: 'faiss', factory: 'IVF4,Flat', rows: 25 });
    expect(m.manifest.indexes?.queries).toMatchObject({ kind: 'faiss', rows: data.trainRows.length });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^prebuilt index of the item embeddings: FAISS IVF4,Flat over 25 rows in \d+\.\d s$/);
    const entry = m.index('candidates')!;
    expect(existsSync(entry.path)).toBe(true);
    const index = await loadIndex(entry.path);
    expect(index.info()).toMatchObject({ kind: 'faiss', dim: 4, size: 25, metric: 'ip' });
    rec.dispose();
  });
});
