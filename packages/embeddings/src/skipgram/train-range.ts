import { mulberry32 } from '@twotower/utils';
import type { SimdKernel } from './simd-kernel';
import { sgnsPairUpdate } from './sgns-update';
import { scratchAt, tablesAt } from './shared-arrays';
import { sgnsPairUpdateSimd, type KernelLayout } from './sgns-update-simd';

/** The arrays every training thread reads and writes (shared memory when there are workers). */
export interface SkipGramArrays {
  /** Input vectors `[vocabulary × dim]` (updated Hogwild). */
  syn0: Float32Array;
  /** Output vectors `[vocabulary × dim]` (updated Hogwild). */
  syn1: Float32Array;
  /** Negative-sampling table (see `unigramTable`). */
  table: Int32Array;
  /** Keep probability per token `[vocabulary]`, 0 for tokens without a vector. */
  keep: Float32Array;
  /** The corpus' tokens. */
  tokens: Int32Array;
  /** The corpus' offsets `[sequences + 1]`. */
  offsets: Int32Array;
  /** This epoch's order of the sequences `[sequences]`. */
  order: Int32Array;
  /** Int32 `[2]`: the next index of `order` to take, and the corpus tokens done this epoch (shared by the threads). */
  control: Int32Array;
  /** The SIMD kernel on the memory holding `syn0` and `syn1`, or null for the JavaScript loops. */
  kernel: SimdKernel | null;
}

/** The fixed settings of a run, as the threads need them. */
export interface SkipGramKernelSettings {
  dim: number;
  window: number;
  negatives: number;
  learningRate: number;
  minLearningRate: number;
  epochs: number;
  /** Targets with `|u·v|` at least this get no update (see `SkipGramOptions.maxScore`). */
  maxScore: number;
  /** Longest sequence (scratch size). */
  longest: number;
}

/** One thread's part in one epoch: chunks of `order` taken from `control` until none are left. */
export interface RangeJob {
  epoch: number;
  /** Sequences per chunk taken at a time. */
  chunk: number;
  /** Corpus tokens per epoch (for the learning-rate schedule). */
  epochTokens: number;
  /** Seed of this thread's windows, subsampling and negatives. */
  seed: number;
  /** This thread's number (0 = main thread): which scratch of the kernel's memory it uses. */
  thread: number;
}

/** What a thread did: summed loss over `pairs` trained pairs, and corpus tokens read. */
export interface RangeTotals {
  loss: number;
  pairs: number;
  words: number;
}

/**
 * Trains skip-gram with negative sampling over chunks of the epoch's sequences, taken from the
 * shared cursor `control[0]` until all are taken (so a thread the OS holds back leaves its share
 * to the others, like gensim's job queue), with word2vec's loop: each
 * sequence is down-sampled (tokens kept with `keep[t]`), then every kept token is a centre whose
 * window is drawn in `1..window`, and each context token's input vector is trained to predict
 * the centre against `negatives` draws from the table (a draw equal to the centre is skipped).
 * The learning rate falls linearly from `learningRate` at the start of epoch 0 to
 * `minLearningRate` at the end of the last epoch, by the share of the epoch's tokens done by all
 * threads (`control[1]`). With one thread the result depends on the seed alone.
 *
 * @param onWords called after each chunk with the tokens all threads have done this epoch (progress).
 */
export function trainRange(a: SkipGramArrays, s: SkipGramKernelSettings, job: RangeJob, onWords?: (words: number) => void): RangeTotals {
  const { syn0, syn1, table, keep, tokens, offsets, order, control, kernel } = a;
  const { dim, window, negatives, learningRate, minLearningRate, epochs, maxScore } = s;
  const random = mulberry32(job.seed);
  const sentence = new Int32Array(s.longest);
  const work = new Float32Array(dim);
  const tableSize = table.length;
  const bytes = dim * 4;
  const syn0At = syn0.byteOffset;
  const scratch = scratchAt(syn0.length, dim, negatives, job.thread);
  const layout: KernelLayout = { syn1: syn1.byteOffset, targets: scratch.targets, work: scratch.work, tables: tablesAt(syn0.length) };
  // With the kernel the targets live in its memory, where it reads them.
  const targets = kernel !== null ? new Int32Array(syn0.buffer, scratch.targets, negatives + 1) : new Int32Array(negatives + 1);
  const epochTokens = Math.max(1, job.epochTokens);
  let words = 0;
  let loss = 0;
  let pairs = 0;
  for (;;) {
    const from = Atomics.add(control, 0, job.chunk);
    if (from >= order.length) break;
    const to = Math.min(order.length, from + job.chunk);
    let done = Atomics.load(control, 1);
    let chunkWords = 0;
    for (let q = from; q < to; q++) {
      const sq = order[q]!;
      const start = offsets[sq]!;
      const end = offsets[sq + 1]!;
      const progress = (job.epoch + (done + chunkWords) / epochTokens) / epochs;
      const alpha = Math.max(minLearningRate, learningRate - (learningRate - minLearningRate) * progress);
      let n = 0;
      for (let i = start; i < end; i++) {
        const t = tokens[i]!;
        const k = keep[t]!;
        if (k >= 1 || (k > 0 && random() < k)) sentence[n++] = t;
      }
      chunkWords += end - start;
      for (let i = 0; i < n; i++) {
        const centre = sentence[i]!;
        targets[0] = centre;
        const w = window - Math.floor(random() * window);
        const lo = i - w < 0 ? 0 : i - w;
        const hi = i + w + 1 > n ? n : i + w + 1;
        for (let j = lo; j < hi; j++) {
          if (j === i) continue;
          let c = 1;
          for (let k = 0; k < negatives; k++) {
            const t = table[Math.floor(random() * tableSize)]!;
            if (t !== centre) targets[c++] = t;
          }
          loss += kernel !== null
            ? sgnsPairUpdateSimd(kernel, layout, syn0At + sentence[j]! * bytes, c, bytes, alpha, maxScore)
            : sgnsPairUpdate(syn0, sentence[j]! * dim, syn1, targets, c, dim, alpha, work, maxScore);
          pairs++;
        }
      }
    }
    words += chunkWords;
    done = Atomics.add(control, 1, chunkWords) + chunkWords;
    onWords?.(done);
  }
  return { loss, pairs, words };
}
