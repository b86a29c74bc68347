import { deriveSeed, mulberry32, progressReporter, shuffleInPlace } from '@twotower/utils';
import type { Corpus } from '../corpus';
import { resolveSkipGramOptions, type SkipGramOptions } from './options';
import { arraysOf, sharedCopy, vectorStorage, type SkipGramBuffers } from './shared-arrays';
import { keepProbabilities } from './subsample';
import { countTokens } from './token-counts';
import { trainRange, type RangeTotals, type SkipGramArrays, type SkipGramKernelSettings } from './train-range';
import { unigramTable } from './unigram-table';
import { acquireWorkers, releaseWorkers, runOnWorker, workersAvailable } from './worker-pool';

/** What {@link trainSkipGram} returns. */
export interface SkipGramResult {
  /** Input vectors `[vocabulary × dim]` (word2vec's / gensim's `wv`); zeros for untrained tokens. */
  vectors: Float32Array;
  dim: number;
  vocabulary: number;
  /** Occurrences of each token in the corpus `[vocabulary]`. */
  counts: Int32Array;
  /** 1 when the token had at least `minCount` occurrences and so a trained vector `[vocabulary]`. */
  trained: Uint8Array;
  /**
   * Mean negative-sampling loss per trained pair (before its update), one entry per epoch. At
   * wide windows it can rise after the first epochs (ML-100K item2vec, window 20: 2.41, 2.21,
   * 2.24, 2.27, 2.30). gensim's `get_latest_training_loss()` is not comparable: a float32 running
   * sum over all epochs (terms below half its spacing are lost) that leaves out |u·v| >= 6.
   */
  lossCurve: { epoch: number; loss: number }[];
  /** Wall-clock seconds of the training (setup included). */
  seconds: number;
  /** Corpus tokens (before subsampling) times epochs, per second. */
  tokensPerSecond: number;
}

/**
 * Skip-gram with negative sampling (word2vec; gensim's `Word2Vec(sg=1, hs=0)` on the same
 * settings): learns one vector per token from the co-occurrences of tokens within a window of
 * each other in the corpus' sequences. Multi-threaded over shared memory (Hogwild) when the
 * compiled worker is available; see {@link SkipGramOptions} for every setting and its default.
 * When `dim` is a multiple of 4 the pair step runs in a small WebAssembly SIMD kernel (σ and
 * softplus from interpolated tables, error < 1e-6, σ clamped beyond ±8); otherwise in JavaScript
 * with `Math.exp` ({@link sgnsPairUpdate}, the tested reference). Input vectors start uniform in
 * `[−1/dim, 1/dim)` as gensim 4's, output vectors at 0.
 *
 * ```ts
 * const { vectors, dim } = await trainSkipGram({ tokens, offsets, vocabulary: 1682 }, { dim: 32, window: 5 });
 * ```
 *
 * @param corpus the sequences (items per user, nodes per walk).
 * @throws SkipGramInputError for a malformed corpus or a bad option.
 */
export async function trainSkipGram(corpus: Corpus, options?: SkipGramOptions): Promise<SkipGramResult> {
  const started = performance.now();
  const o = resolveSkipGramOptions(options);
  const { counts, longest } = countTokens(corpus);
  const V = corpus.vocabulary;
  const dim = o.dim;
  const trained = new Uint8Array(V);
  for (let t = 0; t < V; t++) trained[t] = counts[t]! >= o.minCount ? 1 : 0;
  const sequences = corpus.offsets.length - 1;
  const threads = workersAvailable() ? Math.max(1, Math.min(o.threads, sequences)) : 1;
  const shared = threads > 1;
  const storage = vectorStorage(V * dim, dim, o.negatives, threads);
  const buffers: SkipGramBuffers = {
    ...storage,
    cells: V * dim,
    table: sharedCopy(unigramTable(counts, trained, o.negativeExponent), shared).buffer,
    keep: sharedCopy(keepProbabilities(counts, trained, o.subsample), shared).buffer,
    tokens: sharedCopy(corpus.tokens, shared).buffer,
    offsets: sharedCopy(corpus.offsets, shared).buffer,
    order: new Int32Array(shared ? new SharedArrayBuffer(sequences * 4) : new ArrayBuffer(sequences * 4)).buffer,
    control: shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8),
  };
  const arrays: SkipGramArrays = arraysOf(buffers);
  const syn0 = arrays.syn0;
  const init = mulberry32(deriveSeed(o.seed, 0));
  for (let t = 0; t < V; t++) {
    // Uniform in [−1/dim, 1/dim), as gensim 4 (word2vec.c: [−0.5/dim, 0.5/dim)); output vectors start at 0.
    if (trained[t] === 1) for (let d = 0; d < dim; d++) syn0[t * dim + d] = (2 * init() - 1) / dim;
  }
  const settings: SkipGramKernelSettings = {
    dim, window: o.window, negatives: o.negatives, learningRate: o.learningRate,
    minLearningRate: o.minLearningRate, epochs: o.epochs, maxScore: o.maxScore, longest,
  };
  const tokensPerEpoch = corpus.tokens.length;
  const tick = progressReporter(o.onProgress, tokensPerEpoch * o.epochs);
  const lossCurve: { epoch: number; loss: number }[] = [];
  // Sequences the threads take at a time: ~32 chunks per thread and epoch, so that a thread the
  // OS holds back delays the end of the epoch by little.
  const chunk = Math.max(1, Math.min(256, Math.ceil(sequences / (threads * 32))));
  const workers = shared ? acquireWorkers(threads - 1) : [];
  let failed = false;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const epochStart = performance.now();
      const order = arrays.order;
      for (let q = 0; q < sequences; q++) order[q] = q;
      if (o.shuffle) shuffleInPlace(order, mulberry32(deriveSeed(o.seed, 2 * epoch + 1)));
      arrays.control[0] = 0;
      arrays.control[1] = 0;
      const jobOf = (p: number) => ({
        epoch, chunk, epochTokens: tokensPerEpoch, seed: deriveSeed(o.seed, 1000 + epoch * 1024 + p), thread: p,
      });
      const pending = workers.map((w, i) => runOnWorker(w, { buffers, settings, job: jobOf(i + 1) }));
      const totals: RangeTotals[] = [trainRange(arrays, settings, jobOf(0), (w) => tick(epoch * tokensPerEpoch + w))];
      totals.push(...(await Promise.all(pending)));
      let loss = 0;
      let pairs = 0;
      for (const t of totals) {
        loss += t.loss;
        pairs += t.pairs;
      }
      const mean = pairs > 0 ? loss / pairs : 0;
      lossCurve.push({ epoch, loss: mean });
      tick((epoch + 1) * tokensPerEpoch);
      const seconds = (performance.now() - epochStart) / 1000;
      o.onEpoch?.({ epoch, loss: mean, seconds, tokensPerSecond: tokensPerEpoch / Math.max(seconds, 1e-9) });
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (failed) for (const w of workers) void w.terminate();
    else releaseWorkers(workers);
  }
  const vectors = new Float32Array(V * dim);
  vectors.set(syn0);
  const seconds = (performance.now() - started) / 1000;
  return {
    vectors, dim, vocabulary: V, counts, trained, lossCurve, seconds,
    tokensPerSecond: (tokensPerEpoch * o.epochs) / Math.max(seconds, 1e-9),
  };
}
