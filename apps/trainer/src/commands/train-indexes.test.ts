import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faissStatus } from '@twotower/index';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { openModelDirectory } from '@twotower/artifact';
import { train } from './train';

jest.setTimeout(120_000);

const faiss = faissStatus().available;
if (!faiss) console.warn(`FAISS is not available (${faissStatus().reason}): skipping the prebuilt-index tests; nothing is prebuilt without it.`);
const withFaiss = faiss ? it : it.skip;

describe('train: prebuilt indexes', () => {
  withFaiss('puts them in the trained artifact and its manifest, unless prebuild is off', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-prebuilt-train-'));
    const data = join(root, 'ml');
    await writeMovieLensFixture(data, '100k', { dataset: syntheticDataset({ numUsers: 80, numItems: 40, numInteractions: 2000, seed: 5 }) });
    const overrides = (prebuild: boolean) => ({ training: { epochs: 1 }, evaluation: { baselines: [] }, ranking: { enabled: false }, indexes: { prebuild, exactBelow: 1000 } });
    const out = join(root, 'model');
    await train({ data, out, overrides: overrides(true), quiet: true, print: () => {}, report: false });
    const a = openModelDirectory(out).artifact;
    const listed = openModelDirectory(out).manifest.indexes!;
    expect(Object.keys(listed)).toEqual(['queries']);
    expect(listed.queries).toMatchObject({ file: 'indexes/queries.index', rows: 1600 });
    expect(a.manifest.files.map((f) => f.path)).toContain('indexes/queries.index');
    const off = join(root, 'model-off');
    await train({ data, out: off, overrides: overrides(false), quiet: true, print: () => {}, report: false });
    expect(openModelDirectory(off).manifest).not.toHaveProperty('indexes');
  });
});
