import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { VizInputError } from './errors';
import { jointProbabilitiesDense, jointProbabilitiesSparse, upperTriangle, type SparseP } from './joint-probabilities';
import { exactKnn } from './knn';
import { pca } from './pca';
import { QuadTree } from './quadtree';
import { SeededRandom } from './random';
import { exactGradient } from './tsne-gradient';
import { BarnesHut } from './barnes-hut';
import * as os from 'node:os';
import { countRows, type Vectors } from './vectors';
import { relabel, unrelabel } from './tsne-relabel';

/** How the t-SNE gradient is computed. */
export type TsneMethod = 'exact' | 'barnes-hut';

/** One progress report of {@link tsne}, sent every `checkEvery` iterations. */
export interface TsneProgress {
  /** Iterations done so far (1-based). */
  iteration: number;
  /** Total iterations planned. */
  iterations: number;
  /** KL divergence at this iteration (with the exaggerated P during early exaggeration). */
  kl: number;
  /** Norm of the last (gain-scaled) gradient. */
  gradientNorm: number;
  /** Whether early exaggeration is still on. */
  exaggerated: boolean;
}

/**
 * Options of {@link tsne}. The defaults are scikit-learn 1.2's, so results can be compared with it
 * setting for setting.
 */
export interface TsneOptions {
  /**
   * Effective number of neighbours each point's Gaussian covers. Default 30. Clamped to
   * `(n − 1) / 3` for small inputs; the value used is in the result.
   */
  perplexity?: number;
  /** Step size, or `'auto'`: `max(n / earlyExaggeration / 4, 50)`. Default `'auto'`. */
  learningRate?: number | 'auto';
  /** Factor on P during the first `earlyExaggerationIterations`. Default 12. */
  earlyExaggeration?: number;
  /** Iterations with early exaggeration (and momentum `initialMomentum`). Default 250. */
  earlyExaggerationIterations?: number;
  /** Total iterations, early exaggeration included. Default 1000. */
  iterations?: number;
  /** Momentum during early exaggeration. Default 0.5. */
  initialMomentum?: number;
  /** Momentum afterwards. Default 0.8. */
  finalMomentum?: number;
  /** Lower bound of the per-coordinate adaptive gains. Default 0.01. */
  minGain?: number;
  /** Barnes-Hut accuracy: a cell is summarised when side / distance < theta. Default 0.5. */
  theta?: number;
  /**
   * Barnes-Hut threads: 1, or 2 (a worker thread computes part of the repulsion; same numbers
   * as 1 thread). `'auto'`: 2 from 5,000 points on when the machine has 2 CPUs and its load
   * average leaves one free, else 1. Default `'auto'`.
   */
  threads?: number | 'auto';
  /**
   * `'exact'` (O(n²) per iteration, dense P over all pairs), `'barnes-hut'` (sparse P over the
   * `⌊3·perplexity⌋ + 1` nearest neighbours, quadtree repulsion), or `'auto'`: exact up to
   * `exactMaxPoints` points. Default `'auto'`.
   */
  method?: TsneMethod | 'auto';
  /** Largest input `'auto'` solves exactly. Default 1000. */
  exactMaxPoints?: number;
  /**
   * Starting layout: `'pca'` (first two principal components, scaled so the first has standard
   * deviation 1e-4, as scikit-learn does), `'random'` (N(0, 1e-4²) from `seed`), or an `[n, 2]`
   * array. Default `'pca'`.
   */
  init?: 'pca' | 'random' | Vectors;
  /** Seed of every random choice (random init; PCA of very wide data). Default 0. */
  seed?: number;
  /** Iterations between KL evaluations, convergence checks and progress reports. Default 50. */
  checkEvery?: number;
  /** Stop when KL has not improved for this many iterations (after early exaggeration). Default 300. */
  iterationsWithoutProgress?: number;
  /** Stop when the gradient norm falls below this. Default 1e-7. */
  minGradNorm?: number;
  /** Called every `checkEvery` iterations. */
  onProgress?: (progress: TsneProgress) => void;
  /**
   * Called about 100 times with steps done of `n + iterations`: one step per input row while the
   * affinities are computed (the neighbour search for Barnes-Hut, all pairs for exact), then one
   * per iteration. Steps differ in time; `done` increases and the last call has
   * `done === total`, also when a convergence test ends the run early. Default: none.
   */
  onWorkProgress?: ProgressCallback;
}

/** What {@link tsne} returns. */
export interface TsneResult {
  /** `[n, 2]` row-major embedding. */
  embedding: Float32Array;
  /** Final KL(P‖Q) of the returned embedding (Barnes-Hut: with the Barnes-Hut estimate of Q's normaliser). */
  kl: number;
  /** Iterations run (fewer than asked when a convergence test stopped it). */
  iterations: number;
  /** The gradient method used. */
  method: TsneMethod;
  /** The perplexity used (after clamping). */
  perplexity: number;
  /** The learning rate used. */
  learningRate: number;
  /** Neighbours per point in P (n − 1 for exact). */
  neighbours: number;
  /** Threads the gradient used. */
  threads: number;
  /** KL at each check, `{ iteration, kl }`. */
  klHistory: { iteration: number; kl: number }[];
}

/**
 * t-distributed stochastic neighbour embedding into 2-D: exact for small inputs, Barnes-Hut for
 * large ones. Deterministic for a given input, options and seed.
 *
 * @param data `[n, dim]` row-major vectors (n ≥ 4).
 * @param dim width of each row.
 */
export function tsne(data: Vectors, dim: number, options: TsneOptions = {}): TsneResult {
  const n = countRows(data, dim);
  if (n < 4) throw new VizInputError('data', `t-SNE needs at least 4 rows; got ${n} (use pca() or plot the points as they are)`);
  const o = resolve(options, n);
  const method: TsneMethod = o.method === 'auto' ? (n <= o.exactMaxPoints ? 'exact' : 'barnes-hut') : o.method;
  if (method === 'exact' && n > 10000) {
    throw new VizInputError('method', `exact t-SNE keeps n² numbers; ${n} rows is too many: use 'barnes-hut'`);
  }
  const perplexity = Math.min(o.perplexity, (n - 1) / 3);
  const learningRate = o.learningRate === 'auto' ? Math.max(n / o.earlyExaggeration / 4, 50) : o.learningRate;

  const tick = progressReporter(o.onWorkProgress, n + o.iterations);
  let pDense: Float64Array | null = null;
  let pSparse: SparseP | null = null;
  let neighbours = n - 1;
  if (method === 'exact') {
    pDense = jointProbabilitiesDense(data, dim, n, perplexity, tick);
  } else {
    neighbours = Math.min(n - 1, Math.floor(3 * perplexity + 1));
    pSparse = jointProbabilitiesSparse(exactKnn(data, dim, neighbours, { onProgress: tick }), n, perplexity);
  }

  let y = initialLayout(data, dim, n, o.init, o.seed);
  // Barnes-Hut: relabel the points in the quadtree order of the starting layout, so that points
  // near each other (in the layout, and so mostly in P) are near in memory; undone at the end.
  let rank: Int32Array | null = null;
  if (pSparse) {
    const start = new QuadTree(Math.max(1024, 4 * n));
    start.build(y, n);
    const order = start.order;
    rank = new Int32Array(n);
    for (let t = 0; t < n; t++) rank[order[t]!] = t;
    const moved = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      moved[2 * rank[i]!] = y[2 * i]!;
      moved[2 * rank[i]! + 1] = y[2 * i + 1]!;
    }
    y = moved;
    pSparse = upperTriangle(relabel(pSparse, n, order, rank), n);
  }
  const grad = new Float64Array(2 * n);
  const neg = new Float64Array(2 * n);
  let bh: BarnesHut | null = null;
  if (pSparse) {
    bh = new BarnesHut(n, pSparse, o.theta, o.threads === 'auto' ? autoThreads(n) : o.threads);
    bh.y.set(y);
    y = bh.y; // the optimiser moves the points in the (possibly shared) array the gradient reads
  }
  const gradient = (exaggeration: number, computeKl: boolean): number =>
    bh ? bh.gradient(exaggeration, grad, computeKl) : exactGradient(y, n, pDense!, exaggeration, grad, neg, computeKl);
  try {
    return optimise();
  } finally {
    bh?.close();
  }

  function optimise(): TsneResult {
    const klHistory: { iteration: number; kl: number }[] = [];
    const update = new Float64Array(2 * n);
    const gains = new Float64Array(2 * n);
    // One phase of gradient descent with momentum and adaptive gains (Jacobs 1988), as in
    // scikit-learn's _gradient_descent: returns the last iteration index run.
    const phase = (from: number, to: number, momentum: number, exaggeration: number, patience: number): number => {
      update.fill(0);
      gains.fill(1);
      let best = Infinity;
      let bestIt = from;
      let it = from;
      for (; it < to; it++) {
        const check = (it + 1) % o.checkEvery === 0;
        const kl = gradient(exaggeration, check);
        let norm2 = 0;
        for (let t = 0; t < 2 * n; t++) {
          const g = grad[t]!;
          let gain = gains[t]!;
          gain = update[t]! * g < 0 ? gain + 0.2 : gain * 0.8;
          if (gain < o.minGain) gain = o.minGain;
          gains[t] = gain;
          const sg = g * gain;
          norm2 += sg * sg;
          const u = momentum * update[t]! - learningRate * sg;
          update[t] = u;
          y[t]! += u;
        }
        if (check) {
          const gradientNorm = Math.sqrt(norm2);
          klHistory.push({ iteration: it + 1, kl });
          o.onProgress?.({ iteration: it + 1, iterations: o.iterations, kl, gradientNorm, exaggerated: exaggeration !== 1 });
          if (kl < best) {
            best = kl;
            bestIt = it;
          } else if (it - bestIt > patience) {
            break;
          }
          if (gradientNorm <= o.minGradNorm) break;
        }
        tick(n + it + 1);
      }
      return Math.min(it, to - 1);
    };
    const exploration = Math.min(o.earlyExaggerationIterations, o.iterations);
    let last = phase(0, exploration, o.initialMomentum, o.earlyExaggeration, exploration);
    if (last < exploration - 1 || o.iterations > exploration) {
      last = phase(last + 1, o.iterations, o.finalMomentum, 1, o.iterationsWithoutProgress);
    }
    const kl = gradient(1, true);
    tick(n + o.iterations);
    return {
      embedding: rank ? unrelabel(y, rank) : Float32Array.from(y),
      kl,
      iterations: last + 1,
      method,
      perplexity,
      learningRate,
      neighbours,
      threads: bh ? bh.threads : 1,
      klHistory,
    };
  }
}

/**
 * Threads for `threads: 'auto'`: 2 from 5,000 points on, when the machine has 2 CPUs and its
 * 1-minute load average leaves one free. On a busy machine a second thread waits for a core and
 * makes the run slower, not faster (docs/performance.md). The result is the same bits either way.
 */
function autoThreads(n: number): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const load = os.loadavg()[0] ?? 0;
  return n >= 5000 && cpus >= 2 && load <= cpus - 1 ? 2 : 1;
}

type Resolved = Required<Omit<TsneOptions, 'onProgress' | 'onWorkProgress'>> & Pick<TsneOptions, 'onProgress' | 'onWorkProgress'>;

function resolve(options: TsneOptions, n: number): Resolved {
  const o: Resolved = {
    perplexity: options.perplexity ?? 30,
    learningRate: options.learningRate ?? 'auto',
    earlyExaggeration: options.earlyExaggeration ?? 12,
    earlyExaggerationIterations: options.earlyExaggerationIterations ?? 250,
    iterations: options.iterations ?? 1000,
    initialMomentum: options.initialMomentum ?? 0.5,
    finalMomentum: options.finalMomentum ?? 0.8,
    minGain: options.minGain ?? 0.01,
    theta: options.theta ?? 0.5,
    threads: options.threads ?? 'auto',
    method: options.method ?? 'auto',
    exactMaxPoints: options.exactMaxPoints ?? 1000,
    init: options.init ?? 'pca',
    seed: options.seed ?? 0,
    checkEvery: options.checkEvery ?? 50,
    iterationsWithoutProgress: options.iterationsWithoutProgress ?? 300,
    minGradNorm: options.minGradNorm ?? 1e-7,
    onProgress: options.onProgress,
    onWorkProgress: options.onWorkProgress,
  };
  const positive = (field: keyof TsneOptions, v: number, integer = false): void => {
    if (!(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new VizInputError(field, `must be a positive ${integer ? 'integer' : 'number'}; got ${v}`);
    }
  };
  positive('perplexity', o.perplexity);
  if (o.learningRate !== 'auto') positive('learningRate', o.learningRate);
  positive('earlyExaggeration', o.earlyExaggeration);
  positive('iterations', o.iterations, true);
  positive('checkEvery', o.checkEvery, true);
  positive('theta', o.theta);
  positive('minGain', o.minGain);
  if (!Number.isInteger(o.earlyExaggerationIterations) || o.earlyExaggerationIterations < 0) {
    throw new VizInputError('earlyExaggerationIterations', `must be a non-negative integer; got ${o.earlyExaggerationIterations}`);
  }
  if (o.threads !== 'auto' && o.threads !== 1 && o.threads !== 2) {
    throw new VizInputError('threads', `must be 1, 2 or 'auto'; got ${String(o.threads)}`);
  }
  if (!['auto', 'exact', 'barnes-hut'].includes(o.method)) {
    throw new VizInputError('method', `must be 'auto', 'exact' or 'barnes-hut'; got ${String(o.method)}`);
  }
  if (typeof o.init !== 'string' && o.init.length !== 2 * n) {
    throw new VizInputError('init', `an initial layout must hold n × 2 = ${2 * n} numbers; got ${o.init.length}`);
  }
  if (typeof o.init === 'string' && o.init !== 'pca' && o.init !== 'random') {
    throw new VizInputError('init', `must be 'pca', 'random' or an n × 2 array; got ${String(o.init)}`);
  }
  return o;
}

function initialLayout(data: Vectors, dim: number, n: number, init: Resolved['init'], seed: number): Float64Array {
  const y = new Float64Array(2 * n);
  if (typeof init !== 'string') {
    y.set(init);
    return y;
  }
  if (init === 'pca' && dim >= 2) {
    const proj = pca(data, dim, { components: 2, seed }).projection;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += proj[2 * i]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (proj[2 * i]! - mean) ** 2;
    const std = Math.sqrt(v / n);
    if (std > 0) {
      for (let t = 0; t < 2 * n; t++) y[t] = (proj[t]! / std) * 1e-4;
      return y;
    }
  }
  const rng = new SeededRandom(seed);
  for (let t = 0; t < 2 * n; t++) y[t] = 1e-4 * rng.normal();
  return y;
}
