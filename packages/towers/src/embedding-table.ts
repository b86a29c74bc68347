import { SparseRowOptimizer, type SparseOptimizerOptions } from './sparse-optimizer';
import { mulberry32 } from '@twotower/utils';

/** Options of an {@link EmbeddingTable}. */
export interface EmbeddingTableOptions {
  /** Rows (vocabulary size, including OOV/mask slots). */
  vocabularySize: number;
  /** Columns. */
  dim: number;
  /** Initial values are uniform in [-initScale, initScale] (Keras' default 0.05). */
  initScale?: number;
  /** Seed of the initial values. Default 0. */
  seed?: number;
  /** The optimiser that updates the rows. */
  optimizer?: SparseOptimizerOptions;
}

/**
 * An embedding table kept outside autodiff, `[vocabularySize × dim]` in a Float32Array, trained
 * with sparse row updates: a step reads and writes only the rows its batch touched. Gradients
 * arrive per looked-up row (duplicates allowed); {@link accumulate} sums duplicates and
 * {@link applyAccumulated} updates each touched row once.
 */
export class EmbeddingTable {
  readonly vocabularySize: number;
  readonly dim: number;
  readonly weights: Float32Array;
  readonly optimizer: SparseRowOptimizer;
  private readonly stamp: Int32Array;
  private readonly slot: Int32Array;
  private currentStamp = 1;
  private touched: Int32Array;
  private touchedCount = 0;
  private gradBuf: Float32Array;

  constructor(options: EmbeddingTableOptions) {
    const { vocabularySize, dim } = options;
    if (!Number.isInteger(vocabularySize) || vocabularySize < 1) throw new Error(`vocabularySize must be a positive integer, got ${vocabularySize}`);
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`dim must be a positive integer, got ${dim}`);
    this.vocabularySize = vocabularySize;
    this.dim = dim;
    this.weights = new Float32Array(vocabularySize * dim);
    const rand = mulberry32(options.seed ?? 0);
    const s = options.initScale ?? 0.05;
    for (let i = 0; i < this.weights.length; i++) this.weights[i] = (rand() * 2 - 1) * s;
    this.optimizer = new SparseRowOptimizer(vocabularySize, dim, options.optimizer);
    this.stamp = new Int32Array(vocabularySize);
    this.slot = new Int32Array(vocabularySize);
    this.touched = new Int32Array(256);
    this.gradBuf = new Float32Array(256 * dim);
  }

  /** Throws, naming the position, when an id is outside the table. */
  checkId(id: number, where: string): void {
    if (!(id >= 0 && id < this.vocabularySize) || !Number.isInteger(id)) {
      throw new Error(`${where}: id ${id} is outside the embedding table [0, ${this.vocabularySize}): re-fit the features or map unknown values to an OOV slot`);
    }
  }

  /** Adds gradient `g[gOffset .. gOffset + dim) * scale` to row `id`'s pending gradient. */
  accumulate(id: number, g: Float32Array, gOffset: number, scale = 1): void {
    const o = this.slotOf(id) * this.dim;
    const dim = this.dim;
    for (let d = 0; d < dim; d++) this.gradBuf[o + d]! += g[gOffset + d]! * scale;
  }

  /** Adds `g[gOffset ..] * gScale + h[hOffset ..] * hScale` (each `dim` long) to row `id`'s pending gradient, in one pass. */
  accumulateTwo(id: number, g: Float32Array, gOffset: number, gScale: number, h: Float32Array, hOffset: number, hScale: number): void {
    const o = this.slotOf(id) * this.dim;
    const dim = this.dim;
    const buf = this.gradBuf;
    for (let d = 0; d < dim; d++) buf[o + d]! += g[gOffset + d]! * gScale + h[hOffset + d]! * hScale;
  }

  /** The pending-gradient slot of row `id`, taken (and zeroed) on its first touch since the last apply. */
  private slotOf(id: number): number {
    if (this.stamp[id] === this.currentStamp) return this.slot[id]!;
    this.stamp[id] = this.currentStamp;
    const s = this.touchedCount++;
    if (s >= this.touched.length) this.grow();
    this.slot[id] = s;
    this.touched[s] = id;
    this.gradBuf.fill(0, s * this.dim, (s + 1) * this.dim);
    return s;
  }

  /** Applies the optimiser to every row accumulated since the last call; returns how many. */
  applyAccumulated(): number {
    const n = this.touchedCount;
    if (n > 0) this.optimizer.apply(this.weights, this.dim, this.touched, this.gradBuf, n);
    this.touchedCount = 0;
    this.currentStamp++;
    if (this.currentStamp === 0x7fffffff) {
      this.stamp.fill(0);
      this.currentStamp = 1;
    }
    return n;
  }

  private grow(): void {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    this.touched = t;
    const g = new Float32Array(t.length * this.dim);
    g.set(this.gradBuf);
    this.gradBuf = g;
  }
}
