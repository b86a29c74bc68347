import type { ProgressCallback } from '@twotower/utils';
import { SkipGramInputError } from './errors';
import { wantedThreads } from './threads';

/** One finished epoch, as {@link SkipGramOptions.onEpoch} receives it. */
export interface SkipGramEpochRecord {
  /** Epoch number, from 0. */
  epoch: number;
  /** Mean negative-sampling loss per trained (input, context) pair over the epoch. */
  loss: number;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
  /** Corpus tokens (before subsampling) per second over the epoch. */
  tokensPerSecond: number;
}

/** Options of {@link trainSkipGram}: word2vec's / gensim's `Word2Vec(sg=1, hs=0)` settings. */
export interface SkipGramOptions {
  /** Vector size. Default 32. */
  dim?: number;
  /** Largest context window; each centre token draws its own window uniformly in `1..window` (word2vec). Default 5. */
  window?: number;
  /** Negative samples per (input, context) pair (gensim's `negative`). Default 5. */
  negatives?: number;
  /** Power of the unigram counts in the negative-sampling table (gensim's `ns_exponent`). Default 0.75. */
  negativeExponent?: number;
  /** Down-sampling of frequent tokens (gensim's `sample`); 0 turns it off. Default 1e-3. */
  subsample?: number;
  /** Tokens seen fewer times get no trained vector (zeros) and `trained = 0`; they are dropped from the sequences (gensim's `min_count`). Default 1. */
  minCount?: number;
  /** Passes over the corpus. Default 5. */
  epochs?: number;
  /** Starting learning rate (gensim's `alpha`), decaying linearly over all epochs. Default 0.025. */
  learningRate?: number;
  /** Final learning rate (gensim's `min_alpha`). Default 0.0001. */
  minLearningRate?: number;
  /**
   * A target (the context or a negative) whose score `|u·v|` is at least this gets no update in
   * that pair. gensim skips such targets at 6 (its `MAX_EXP`); word2vec.c clamps σ instead, which
   * `Infinity` does. Default Infinity.
   */
  maxScore?: number;
  /** Seed of the initial vectors, the sequence order, windows, subsampling and negatives. Default 42. */
  seed?: number;
  /**
   * Threads (the main thread plus `threads − 1` workers, Hogwild updates on shared memory, each
   * a slice of the sequences). Default `min(2, availableParallelism())`, or the env
   * `TWOTOWER_THREADS`. Runs on the main thread alone when 1, when the compiled worker is absent
   * (TypeScript sources) or when the corpus has fewer sequences than threads. Only `threads: 1`
   * is deterministic for a seed.
   */
  threads?: number;
  /**
   * Shuffle the order of the sequences each epoch (seeded). Default true. gensim reads an
   * iterable corpus in the same order every epoch; the order matters about as much as any other
   * difference between the two: item2vec on ML-100K (time order, window 20, 1 thread, 10 seeds)
   * gets genre agreement@10 0.6125 re-shuffled vs 0.6150 in user-id order here, and gensim 0.6137
   * vs 0.6168 (bench/item2vec-gensim.ts gives gensim the same re-shuffle).
   */
  shuffle?: boolean;
  /** Progress in corpus tokens over all epochs. */
  onProgress?: ProgressCallback;
  /** Called after each epoch. */
  onEpoch?: (record: SkipGramEpochRecord) => void;
}

/** Options with every default filled in. */
export type ResolvedSkipGramOptions = Required<Omit<SkipGramOptions, 'onProgress' | 'onEpoch'>> &
  Pick<SkipGramOptions, 'onProgress' | 'onEpoch'>;

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new SkipGramInputError(`options.${name}`, `${value} must be an integer >= ${min}`);
  }
  return value;
}

function finite(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new SkipGramInputError(`options.${name}`, `${value} must be a finite number >= ${min}`);
  }
  return value;
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new SkipGramInputError(`options.${name}`, `${value} must be a number > 0 (Infinity for no limit)`);
  return value;
}

/** Fills in the defaults of {@link SkipGramOptions} and checks each value. */
export function resolveSkipGramOptions(options: SkipGramOptions = {}): ResolvedSkipGramOptions {
  const learningRate = finite('learningRate', options.learningRate ?? 0.025, 0);
  const minLearningRate = finite('minLearningRate', options.minLearningRate ?? 0.0001, 0);
  return {
    dim: integer('dim', options.dim ?? 32, 1),
    window: integer('window', options.window ?? 5, 1),
    negatives: integer('negatives', options.negatives ?? 5, 0),
    negativeExponent: finite('negativeExponent', options.negativeExponent ?? 0.75, -Infinity),
    subsample: finite('subsample', options.subsample ?? 1e-3, 0),
    minCount: integer('minCount', options.minCount ?? 1, 1),
    epochs: integer('epochs', options.epochs ?? 5, 1),
    learningRate,
    minLearningRate,
    maxScore: positive('maxScore', options.maxScore ?? Infinity),
    seed: options.seed ?? 42,
    threads: options.threads === undefined ? wantedThreads() : integer('threads', options.threads, 1),
    shuffle: options.shuffle ?? true,
    onProgress: options.onProgress,
    onEpoch: options.onEpoch,
  };
}
