/* item2vec on MovieLens 100K beside gensim's Word2Vec(sg=1) on the same sequences and settings:
 * training seconds (alternating rounds), tokens/s and the genre agreement of the 10 nearest
 * neighbours. Prints one JSON object.
 *   pnpm --filter @twotower/embeddings exec tsx bench/item2vec-gensim.ts
 * (reads the built dist/: run `pnpm --filter @twotower/embeddings build` first, so the worker threads run)
 * env: ROUNDS (3), PYTHON (/usr/bin/python3), ITEM2VEC_ORDER ('time' | 'shuffle'), ITEM2VEC_WINDOW,
 *   ITEM2VEC_EPOCHS, ITEM2VEC_DIM, ITEM2VEC_SUBSAMPLE, THREADS (2, gensim's workers too).
 * Measured (2 vCPUs shared with other jobs, gensim 4.2.0, item2vec defaults: window 20, dim 32,
 * 5 epochs, 2 threads), ROUNDS=5 at load ~3: ours median 1.97 s wall / 2.15 s CPU, gensim 3.86 s /
 * 3.61 s; genre agreement 0.6145 vs 0.6170. ROUNDS=10 at load ~8.5: 5.95 s / 2.40 s vs 8.09 s /
 * 3.38 s; 0.6142 vs 0.6172. Window 5, load ~1.5: 0.64 s vs 0.82 s; 0.529 vs 0.532. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ITEM2VEC_DEFAULTS } from '../dist/item2vec/train-item2vec';
import { itemSequences } from '../dist/item2vec/item-sequences';
import { resolveSkipGramOptions } from '../dist/skipgram/options';
import { trainSkipGram } from '../dist/skipgram/train-skipgram';
import { genreAgreement, loadMovieLens, trainingRows } from './item2vec-movielens';

const num = (name: string) => (process.env[name] === undefined ? undefined : Number(process.env[name]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const rounds = num('ROUNDS') ?? 3;
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const ml = loadMovieLens();
  const rows = trainingRows(ml.log.users.length, 42);
  const order = (process.env.ITEM2VEC_ORDER as 'time' | 'shuffle' | undefined) ?? 'time';
  const corpus = itemSequences(ml.log, { numItems: ml.numItems, rows, order, seed: 42 });
  const settings = {
    ...resolveSkipGramOptions({
      ...ITEM2VEC_DEFAULTS,
      ...(num('ITEM2VEC_WINDOW') !== undefined ? { window: num('ITEM2VEC_WINDOW') } : {}),
      ...(num('ITEM2VEC_EPOCHS') !== undefined ? { epochs: num('ITEM2VEC_EPOCHS') } : {}),
      ...(num('ITEM2VEC_DIM') !== undefined ? { dim: num('ITEM2VEC_DIM') } : {}),
      ...(num('ITEM2VEC_SUBSAMPLE') !== undefined ? { subsample: num('ITEM2VEC_SUBSAMPLE') } : {}),
      threads: num('THREADS') ?? 2,
    }),
    numItems: ml.numItems,
  };
  const dir = mkdtempSync(join(tmpdir(), 'item2vec-gensim-'));
  const seqFile = join(dir, 'sequences.txt');
  const lines: string[] = [];
  for (let s = 0; s + 1 < corpus.offsets.length; s++) lines.push(Array.from(corpus.tokens.subarray(corpus.offsets[s]!, corpus.offsets[s + 1]!)).join(' '));
  writeFileSync(seqFile, lines.join('\n') + '\n');
  const ours = { seconds: [] as number[], cpuSeconds: [] as number[], tokensPerSecond: [] as number[], genreAgreement: [] as number[], finalLoss: [] as number[] };
  const gensim = { seconds: [] as number[], cpuSeconds: [] as number[], trainSeconds: [] as number[], tokensPerSecond: [] as number[], genreAgreement: [] as number[] };
  try {
    for (let r = 0; r < rounds; r++) {
      const cpu = process.cpuUsage();
      const res = await trainSkipGram(corpus, { ...settings, seed: 42 + r });
      const used = process.cpuUsage(cpu);
      ours.seconds.push(res.seconds);
      ours.cpuSeconds.push((used.user + used.system) / 1e6);
      ours.tokensPerSecond.push(res.tokensPerSecond);
      ours.genreAgreement.push(genreAgreement(res.vectors, res.dim, ml.genres));
      ours.finalLoss.push(res.lossCurve[res.lossCurve.length - 1]!.loss);
      const out = join(dir, 'gensim.f32');
      const g = JSON.parse(execFileSync(python, [join(__dirname, 'gensim_word2vec.py'), seqFile, JSON.stringify({ ...settings, seed: 42 + r }), out], { encoding: 'utf8' }).trim().split('\n').pop()!);
      const buf = readFileSync(out);
      const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      gensim.seconds.push(g.seconds);
      gensim.cpuSeconds.push(g.cpuSeconds);
      gensim.trainSeconds.push(g.trainSeconds);
      gensim.tokensPerSecond.push(g.tokensPerSecond);
      gensim.genreAgreement.push(genreAgreement(vectors, settings.dim, ml.genres));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { onProgress: _p, onEpoch: _e, ...shown } = settings;
  console.log(JSON.stringify({
    data: `ML-100K u.data, seeded 80% training rows (mulberry32(42) shuffle): ${rows.length} rows, ${corpus.offsets.length - 1} users, order '${order ?? 'time'}'`,
    settings: shown,
    loadAverage: loadavg(),
    ours: { ...ours, medianSeconds: median(ours.seconds), medianCpuSeconds: median(ours.cpuSeconds), medianTokensPerSecond: median(ours.tokensPerSecond), meanGenreAgreement: ours.genreAgreement.reduce((a, b) => a + b, 0) / rounds },
    gensim: { ...gensim, medianSeconds: median(gensim.seconds), medianCpuSeconds: median(gensim.cpuSeconds), medianTokensPerSecond: median(gensim.tokensPerSecond), meanGenreAgreement: gensim.genreAgreement.reduce((a, b) => a + b, 0) / rounds, note: 'seconds = build_vocab + train; trainSeconds = train alone; cpuSeconds = all threads' },
  }, null, 1));
}

void main();
