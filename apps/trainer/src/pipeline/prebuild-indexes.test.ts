import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusteredVectors, faissStatus, loadIndex } from '@twotower/index';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { openArtifact } from '@twotower/artifact';
import { prebuildIndexes } from './prebuild-indexes';
import { train } from '../commands/train';

jest.setTimeout(120_000);

const faiss = faissStatus().available;
if (!faiss) console.warn(`FAISS is not available (${faissStatus().reason}): skipping the prebuilt-index tests; nothing is prebuilt without it.`);
const withFaiss = faiss ? it : it.skip;

describe('prebuildIndexes', () => {
  withFaiss('builds FAISS indexes only for sets of at least exactBelow rows, and saves them loadable', async () => {
    const dim = 8;
    const candidates = { ids: Array.from({ length: 500 }, (_, i) => `item${i}`), vectors: clusteredVectors({ n: 500, dim, clusters: 10, seed: 1 }) };
    const queries = { ids: Int32Array.from({ length: 2000 }, (_, i) => i), vectors: clusteredVectors({ n: 2000, dim, clusters: 10, seed: 2 }) };
    const lines: string[] = [];
    const built = prebuildIndexes({ candidates, queries }, dim, 1000, (l) => lines.push(l));
    expect(built.entry.candidates).toBeUndefined();
    expect(built.entry.queries).toMatchObject({ kind: 'faiss', factory: 'IVF32,Flat', searchParams: { nprobe: 8 }, file: 'indexes/queries.index', rows: 2000 });
    expect(lines).toEqual([expect.stringMatching(/^prebuilt index of the query embeddings: FAISS IVF32,Flat over 2,000 rows in \d+\.\d s$/)]);
    const dir = mkdtempSync(join(tmpdir(), 'tt-prebuilt-'));
    await built.save(dir);
    const index = await loadIndex(join(dir, 'indexes/queries.index'), { dim, metric: 'ip' });
    expect(index.size).toBe(2000);
    expect(index.has(0) && index.has(1999)).toBe(true);
    expect(index.search(queries.vectors.subarray(0, dim), 5).count(0)).toBe(5);
    expect(existsSync(join(dir, 'indexes/candidates.index'))).toBe(false);
  });

  withFaiss('puts them in the trained artifact and its manifest, unless prebuild is off', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-prebuilt-train-'));
    const data = join(root, 'ml');
    await writeMovieLensFixture(data, '100k', { dataset: syntheticDataset({ numUsers: 80, numItems: 40, numInteractions: 2000, seed: 5 }) });
    const overrides = (prebuild: boolean) => ({ training: { epochs: 1 }, evaluation: { baselines: [] }, ranking: { enabled: false }, indexes: { prebuild, exactBelow: 1000 } });
    const out = join(root, 'model');
    await train({ data, out, overrides: overrides(true), quiet: true, print: () => {}, report: false });
    const a = openArtifact(out);
    const listed = (a.manifest as unknown as { indexes: Record<string, { file: string; rows: number }> }).indexes;
    expect(Object.keys(listed)).toEqual(['queries']);
    expect(listed.queries).toMatchObject({ file: 'indexes/queries.index', rows: 1600 });
    expect(a.manifest.files.map((f) => f.path)).toContain('indexes/queries.index');
    const off = join(root, 'model-off');
    await train({ data, out: off, overrides: overrides(false), quiet: true, print: () => {}, report: false });
    expect(openArtifact(off).manifest).not.toHaveProperty('indexes');
  });
});
