/* item2vec on MovieLens 100K beside gensim's Word2Vec(sg=1) on the same sequences and settings:
 * training seconds (alternating rounds), tokens/s and the genre agreement of the 10 nearest
 * neighbours. Prints one JSON object.
 *   pnpm --filter @twotower/embeddings build
 *   pnpm --filter @twotower/embeddings exec tsx bench/item2vec-gensim.ts [--rounds 3] [--seed 42] [--order time|shuffle]
 *     [--window W] [--epochs E] [--dim D] [--negatives K] [--sample S] [--threads T] [--shuffle true|false]
 *     [--maxscore X]  (ours only: no update for targets scored beyond ±X; gensim always skips at 6)
 * (reads the built dist/, so the worker threads run). The same settings from the environment:
 * ROUNDS, SEED, ORDER, WINDOW, EPOCHS, DIM, NEGATIVES, SAMPLE, THREADS (2, gensim's workers too),
 * SHUFFLE (older names ITEM2VEC_ORDER, ITEM2VEC_WINDOW, ... still read); PYTHON (/usr/bin/python3).
 * Unset settings are the library's (item2vec: window 20, 5 epochs, dim 32, 5 negatives, sample 1e-3).
 * Both sides read the same sequences (with --order shuffle each user's items are shuffled once,
 * seed 42, and written once). Ours re-shuffles the order of the sequences each epoch (its default);
 * gensim is given a corpus that does the same (a new seeded permutation each pass), so both see
 * the same kind of order; --shuffle false turns it off on both sides.
 * Trainer defaults (order shuffle, window 50, 20 epochs): --order shuffle --window 50 --epochs 20.
 * Measured (2 vCPUs shared with other jobs, gensim 4.2.0, dim 32, 5 negatives, sample 1e-3):
 * - Before gensim got the re-shuffle (ours re-shuffled, gensim in user-id order), window 20, time
 *   order, 5 epochs, 2 threads, ROUNDS=5 at load ~3: ours 1.97 s wall / 2.15 s CPU, gensim 3.86 s /
 *   3.61 s; genre agreement 0.6145 vs 0.6170, ours below in every batch. That gap was the order:
 *   1 thread, 10 seeds each, re-shuffled both: ours 0.6125 (0.6149 with another generator in
 *   place of mulberry32), gensim 0.6137; user-id order both (--shuffle false, 30 seeds): ours
 *   0.6146, gensim 0.6162, of which ~0.0009 is gensim's coarser learning-rate schedule (one alpha
 *   per 10000-word job, by sentences: ours with it 0.6153, paired over 20 seeds +0.0009).
 * - Trainer defaults (--order shuffle --window 50 --epochs 20, 2 threads, re-shuffle both sides),
 *   three batches of ROUNDS=3 (--seed 42, 45, 48; load 1.6-3.5): ours median wall / CPU per batch
 *   18.1 / 23.8, 24.9 / 49.2, 15.8 / 31.1 s, gensim 20.8 / 28.0, 18.2 / 34.7, 22.4 / 43.2 s; over
 *   the 9 rounds ours 18.1 s wall / 31.1 s CPU, gensim 20.8 s / 34.9 s (CPU seconds for the same
 *   work ranged 18-49 s ours, 28-52 s gensim on this shared box). Genre agreement over the 9
 *   rounds 0.5466 vs 0.5484 (paired by seed -0.0018, standard error ~0.002; per seed 0.5387-0.5551
 *   vs 0.5420-0.5525). 1 thread, 3 seeds: ours 0.5460, gensim 0.5456.
 * - After each thread's scratch got cache lines of its own (two threads had been slower than
 *   one), --rounds 12 --seed 42 (load 1.7-2.0): ours median 14.5 s wall / 28.5 s CPU, faster in
 *   11 of 12 rounds; gensim 20.5 / 38.9 s; genre agreement 0.5472 vs 0.5463 (paired +0.0009,
 *   standard error 0.0015). Saved as results-item2vec-gensim.json. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ITEM2VEC_DEFAULTS } from '../dist/item2vec/train-item2vec';
import { itemSequences } from '../dist/item2vec/item-sequences';
import { resolveSkipGramOptions } from '../dist/skipgram/options';
import { trainSkipGram } from '../dist/skipgram/train-skipgram';
import { benchSettings } from './item2vec-bench-args';
import { genreAgreement, loadMovieLens, trainingRows } from './item2vec-movielens';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const b = benchSettings();
  const rounds = b.rounds;
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const ml = loadMovieLens();
  const rows = trainingRows(ml.log.users.length, 42);
  const order = b.order;
  const corpus = itemSequences(ml.log, { numItems: ml.numItems, rows, order, seed: 42 });
  const given = Object.fromEntries(Object.entries({
    window: b.window, epochs: b.epochs, dim: b.dim, negatives: b.negatives, subsample: b.subsample, shuffle: b.shuffle, maxScore: b.maxScore,
  }).filter(([, v]) => v !== undefined));
  const settings = { ...resolveSkipGramOptions({ ...ITEM2VEC_DEFAULTS, ...given, threads: b.threads }), numItems: ml.numItems };
  const dir = mkdtempSync(join(tmpdir(), 'item2vec-gensim-'));
  const seqFile = join(dir, 'sequences.txt');
  const lines: string[] = [];
  for (let s = 0; s + 1 < corpus.offsets.length; s++) lines.push(Array.from(corpus.tokens.subarray(corpus.offsets[s]!, corpus.offsets[s + 1]!)).join(' '));
  writeFileSync(seqFile, lines.join('\n') + '\n');
  const ours = { seconds: [] as number[], cpuSeconds: [] as number[], tokensPerSecond: [] as number[], genreAgreement: [] as number[], lossCurve: [] as number[][] };
  const gensim = { seconds: [] as number[], cpuSeconds: [] as number[], trainSeconds: [] as number[], tokensPerSecond: [] as number[], genreAgreement: [] as number[] };
  try {
    for (let r = 0; r < rounds; r++) {
      const cpu = process.cpuUsage();
      const res = await trainSkipGram(corpus, { ...settings, seed: b.seed + r });
      const used = process.cpuUsage(cpu);
      ours.seconds.push(res.seconds);
      ours.cpuSeconds.push((used.user + used.system) / 1e6);
      ours.tokensPerSecond.push(res.tokensPerSecond);
      ours.genreAgreement.push(genreAgreement(res.vectors, res.dim, ml.genres));
      ours.lossCurve.push(res.lossCurve.map((e) => Number(e.loss.toFixed(4))));
      const out = join(dir, 'gensim.f32');
      const g = JSON.parse(execFileSync(python, [join(__dirname, 'gensim_word2vec.py'), seqFile, JSON.stringify({ ...settings, seed: b.seed + r }), out], { encoding: 'utf8' }).trim().split('\n').pop()!);
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
    data: `ML-100K u.data, seeded 80% training rows (mulberry32(42) shuffle): ${rows.length} rows, ${corpus.offsets.length - 1} users, order '${order}'`,
    settings: { ...shown, seed: undefined, seeds: Array.from({ length: rounds }, (_, r) => b.seed + r) },
    loadAverage: loadavg(),
    ours: { ...ours, medianSeconds: median(ours.seconds), medianCpuSeconds: median(ours.cpuSeconds), medianTokensPerSecond: median(ours.tokensPerSecond), meanGenreAgreement: ours.genreAgreement.reduce((a, b) => a + b, 0) / rounds },
    gensim: { ...gensim, medianSeconds: median(gensim.seconds), medianCpuSeconds: median(gensim.cpuSeconds), medianTokensPerSecond: median(gensim.tokensPerSecond), meanGenreAgreement: gensim.genreAgreement.reduce((a, b) => a + b, 0) / rounds, note: 'seconds = build_vocab + train; trainSeconds = train alone; cpuSeconds = all threads; per-epoch re-shuffle ' + (settings.shuffle ? 'on (re-shuffling corpus)' : 'off') },
  }, null, 1));
}

void main();
