import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { openArtifact, openModelDirectory } from '@twotower/artifact';
import { Recommender } from '@twotower/recommender';
import { train } from './train';

jest.setTimeout(120_000);

const quiet = { quiet: true, print: () => {}, report: false };
const small = {
  split: { validationFraction: 0.1 },
  training: { epochs: 4, batchSize: 128, patience: 0 },
  evaluation: { baselines: ['popularity', 'ease'] },
};

let data: string;
beforeAll(async () => {
  data = join(mkdtempSync(join(tmpdir(), 'tt-train-')), 'ml');
  const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 1500, seed: 5 });
  await writeMovieLensFixture(data, '100k', { dataset });
});

describe('train (end to end on a small MovieLens-layout fixture)', () => {
  it('writes a verified artifact whose metrics.json has the contract fields', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-out-')), 'model');
    // (without the default's refit: training.epochs is then the epochs asked for)
    const r = await train({ data, out, overrides: { ...small, training: { ...small.training, refit: false } }, ...quiet, report: true });
    expect(r.written).toBe(true);
    // the report: one self-contained page and a PNG of every figure
    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    expect(html).toMatch(/Day embedding/);
    expect(html).toMatch(/Item embeddings/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(readdirSync(join(out, 'report', 'figures')).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(5);
    const md = openModelDirectory(out);
    const a = md.artifact;
    const m = md.metrics();
    expect(m.dataset).toMatchObject({ users: 60, items: 40, interactions: expect.any(Number) });
    expect(m.split).toMatchObject({ protocol: 'random', seed: 42, train: expect.any(Number), test: expect.any(Number) });
    expect(m.training).toMatchObject({ backend: expect.any(String), epochs: 4, seconds: expect.any(Number), examplesPerSecond: expect.any(Number) });
    // every table: accuracies in [0, 1] that never fall as K grows; the same test rows for the model and the baselines
    for (const figures of [m.retrieval.wholeCatalogue, m.retrieval.excludeSeen!, m.baselines.popularity!.wholeCatalogue, m.baselines.ease!.excludeSeen!]) {
      const byK = ['top1', 'top5', 'top10', 'top50', 'top100'].map((k) => (figures as unknown as Record<string, number>)[k]!);
      expect(byK.every((v, i) => v >= 0 && v <= 1 && (i === 0 || v >= byK[i - 1]!))).toBe(true);
      expect(byK[4]).toBeGreaterThan(0);
    }
    // per-user figures are in [0, 1] and agree with each other: no hit in the top 10 means no gain
    const ex = m.retrieval.excludeSeen as unknown as Record<string, number>;
    expect(ex['recall@10']).toBeGreaterThan(0);
    expect(ex['recall@10']).toBeLessThanOrEqual(1);
    expect(ex['ndcg@10']).toBeGreaterThan(0);
    expect(ex['ndcg@10']).toBeLessThanOrEqual(1);
    // the manifest lists and checksums every file; the model loads back and embeds
    const files = a.manifest.files.map((f) => f.path);
    for (const f of ['features.json', 'two-tower.json', 'two-tower.bin', 'candidates.f32', 'candidates.ids.json', 'queries.f32', 'metrics.json', 'history.json']) expect(files).toContain(f);
    const rec = await Recommender.load(out);
    expect(rec.embedItems().length).toBe(40 * rec.dim);
    rec.dispose();
    expect(readdirSync(join(out, '..')).filter((n) => n.startsWith('.tmp-') || n.endsWith('.checkpoint'))).toEqual([]);
  });

  it('refuses a corrupted artifact with a message naming the file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-out-')), 'model');
    await train({ data, out, overrides: { ...small, training: { ...small.training, epochs: 1 }, evaluation: { baselines: [] } }, ...quiet });
    const f = join(out, 'two-tower.bin');
    const b = readFileSync(f);
    b[10] = b[10]! ^ 0x55;
    writeFileSync(f, b);
    await expect(Recommender.load(out)).rejects.toThrow(/two-tower\.bin does not match its checksum/);
  });

  it('resumes a killed run from its last checkpoint and ends exactly where an uninterrupted run ends', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-resume-'));
    const overrides = { ...small, evaluation: { baselines: [] } };
    const whole = await train({ data, out: join(root, 'whole'), overrides, ...quiet });
    const part = await train({ data, out: join(root, 'resumed'), overrides, maxEpochsThisRun: 2, ...quiet });
    expect(part.written).toBe(false);
    expect(existsSync(join(root, 'resumed'))).toBe(false); // no half-written model
    expect(existsSync(join(root, 'resumed.checkpoint', 'state.json'))).toBe(true);
    const resumed = await train({ data, out: join(root, 'resumed'), overrides, resume: true, ...quiet });
    expect(resumed.fit.resumedFrom).toBe(2);
    expect(resumed.fit.history.map((h) => h.loss)).toEqual(whole.fit.history.map((h) => h.loss));
    const a = openArtifact(join(root, 'whole')).readFloat32('candidates.f32');
    const b = openArtifact(join(root, 'resumed')).readFloat32('candidates.f32');
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('refits for the epochs validation chose, keeping refitHoldOut of the validation rows for the engagement model', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-out-')), 'model');
    const lines: string[] = [];
    const r = await train({ data, out, overrides: { ...small, training: { ...small.training, epochs: 3, refit: true, refitHoldOut: 0.5 }, evaluation: { baselines: [] } }, ...quiet, print: (l: string) => lines.push(l) });
    const refitEpochs = r.fit.history.filter((h) => h.refit);
    expect(refitEpochs).toHaveLength(r.fit.bestEpoch);
    // the refit runs exactly those epochs: no validation picks one of them
    expect(refitEpochs.every((h) => h.validation === undefined)).toBe(true);
    expect(r.fit.history.filter((h) => !h.refit).every((h) => h.validation !== undefined)).toBe(true);
    expect(existsSync(`${out}.checkpoint-refit`)).toBe(false);
    // 1,200 training rows, 120 of them validation: half kept out of the refit, the engagement model learns on them after it
    const refitLine = lines.findIndex((l) => l.startsWith('refit: training fresh towers on 1140 of the 1200 training rows (60 validation rows kept out for the engagement model)'));
    const engagementLine = lines.findIndex((l) => l.startsWith('engagement model: 60 held-out interactions'));
    expect(refitLine).toBeGreaterThanOrEqual(0);
    expect(engagementLine).toBeGreaterThan(refitLine);
    expect(r.metrics.ranking?.engagement?.positives).toBeLessThanOrEqual(60);
    // refitHoldOut 0 (default): every training row is refit; the engagement model learned before, on all 120
    const all: string[] = [];
    await train({ data, out: `${out}-all`, overrides: { ...small, training: { ...small.training, epochs: 2, refit: true }, evaluation: { baselines: [] } }, ...quiet, print: (l: string) => all.push(l) });
    const allRefit = all.findIndex((l) => l.startsWith('refit: training fresh towers on 1200 of the 1200 training rows for'));
    expect(allRefit).toBeGreaterThan(all.findIndex((l) => l.startsWith('engagement model: 120 held-out interactions')));
    expect(all.findIndex((l) => l.startsWith('engagement model'))).toBeGreaterThanOrEqual(0);
  });

  it.each(['dat', 'csv'] as const)('trains and evaluates the ML-1M (.dat) and ML-latest (.csv) layouts with the same command (%s)', async (layout) => {
    const dir = join(mkdtempSync(join(tmpdir(), `tt-${layout}-`)), 'ml');
    await writeMovieLensFixture(dir, layout, { dataset: syntheticDataset({ numUsers: 40, numItems: 30, numInteractions: 900, seed: 9 }) });
    const out = join(mkdtempSync(join(tmpdir(), 'tt-out-')), 'model');
    const r = await train({ data: dir, out, overrides: { ...small, training: { ...small.training, epochs: 2 }, evaluation: { baselines: ['popularity'] } }, ...quiet });
    expect(r.metrics.dataset).toMatchObject({ users: 40, items: 30 });
    const ex = r.metrics.retrieval.excludeSeen as unknown as Record<string, number>;
    expect(ex.top10).toBeGreaterThan(0);
    expect(ex.top10).toBeLessThanOrEqual(ex.top100!);
    // one two-stage evaluation per candidate count of the default config (10 and 100)
    expect(r.twoStage?.map((t) => t.candidates)).toEqual([10, 100]);
  });

  it('names the data directory when it does not exist', async () => {
    await expect(train({ data: '/nonexistent/ml', out: join(tmpdir(), 'never'), ...quiet })).rejects.toThrow(/data not found at \/nonexistent\/ml/);
  });
});
