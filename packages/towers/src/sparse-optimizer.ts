/** Which optimiser updates embedding rows (and, with the same name, the dense layers). */
export type OptimizerName = 'adagrad' | 'adam' | 'sgd';

/** Options of a sparse row optimiser. */
export interface SparseOptimizerOptions {
  /** Optimiser. Default 'adagrad' (the TFRS reference). */
  name?: OptimizerName;
  /** Learning rate. Default 0.1. */
  learningRate?: number;
  /** Adagrad's initial accumulator (as Keras). Default 0.1. */
  initialAccumulator?: number;
  /** Adam's beta1 / beta2. Defaults 0.9 / 0.999. */
  beta1?: number;
  beta2?: number;
  /** Added to denominators. Default 1e-7 (Keras). */
  epsilon?: number;
  /** L2 weight decay applied to the rows a batch touches (lazy, as TF's sparse updates). Default 0. */
  weightDecay?: number;
}

/**
 * Applies an optimiser step to some rows of a `[rows × dim]` table. Only the given rows change,
 * and only their optimiser state is read or written: O(rows touched × dim) per step, whatever
 * the vocabulary size (lazy/sparse semantics as `tf.IndexedSlices` updates in TensorFlow).
 */
export class SparseRowOptimizer {
  readonly name: OptimizerName;
  readonly learningRate: number;
  private readonly o: Required<SparseOptimizerOptions>;
  /** Adagrad accumulator or Adam first moment, [rows × dim]. */
  readonly slot1: Float32Array;
  /** Adam second moment, [rows × dim] (empty otherwise). */
  readonly slot2: Float32Array;
  /** Steps taken (Adam bias correction). */
  step = 0;

  constructor(rows: number, dim: number, options: SparseOptimizerOptions = {}) {
    this.o = {
      name: options.name ?? 'adagrad',
      learningRate: options.learningRate ?? 0.1,
      initialAccumulator: options.initialAccumulator ?? 0.1,
      beta1: options.beta1 ?? 0.9,
      beta2: options.beta2 ?? 0.999,
      epsilon: options.epsilon ?? 1e-7,
      weightDecay: options.weightDecay ?? 0,
    };
    if (!['adagrad', 'adam', 'sgd'].includes(this.o.name)) {
      throw new Error(`optimizer "${this.o.name}" is not supported: use adagrad, adam or sgd`);
    }
    if (!(this.o.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${this.o.learningRate}`);
    this.name = this.o.name;
    this.learningRate = this.o.learningRate;
    const size = this.o.name === 'sgd' ? 0 : rows * dim;
    this.slot1 = new Float32Array(size);
    if (this.o.name === 'adagrad') this.slot1.fill(this.o.initialAccumulator);
    this.slot2 = new Float32Array(this.o.name === 'adam' ? rows * dim : 0);
  }

  /**
   * Updates `weights` rows `rows[r]` with gradient rows `grads[r * dim ...]`. Rows must be unique.
   * @param weights [vocab × dim]
   * @param rows [count] unique row ids
   * @param grads [count × dim]
   */
  apply(weights: Float32Array, dim: number, rows: Int32Array, grads: Float32Array, count = rows.length): void {
    const { learningRate: lr, epsilon: eps, weightDecay: wd, beta1, beta2 } = this.o;
    this.step++;
    if (this.name === 'adagrad') {
      const acc = this.slot1;
      for (let r = 0; r < count; r++) {
        const base = rows[r]! * dim;
        const g0 = r * dim;
        for (let d = 0; d < dim; d++) {
          const w = weights[base + d]!;
          const g = grads[g0 + d]! + wd * w;
          const a = acc[base + d]! + g * g;
          acc[base + d] = a;
          weights[base + d] = w - (lr * g) / (Math.sqrt(a) + eps);
        }
      }
    } else if (this.name === 'adam') {
      const m = this.slot1;
      const v = this.slot2;
      const c1 = 1 - Math.pow(beta1, this.step);
      const c2 = 1 - Math.pow(beta2, this.step);
      const alpha = (lr * Math.sqrt(c2)) / c1;
      for (let r = 0; r < count; r++) {
        const base = rows[r]! * dim;
        const g0 = r * dim;
        for (let d = 0; d < dim; d++) {
          const w = weights[base + d]!;
          const g = grads[g0 + d]! + wd * w;
          const mm = beta1 * m[base + d]! + (1 - beta1) * g;
          const vv = beta2 * v[base + d]! + (1 - beta2) * g * g;
          m[base + d] = mm;
          v[base + d] = vv;
          weights[base + d] = w - (alpha * mm) / (Math.sqrt(vv) + eps);
        }
      }
    } else {
      for (let r = 0; r < count; r++) {
        const base = rows[r]! * dim;
        const g0 = r * dim;
        for (let d = 0; d < dim; d++) {
          const w = weights[base + d]!;
          weights[base + d] = w - lr * (grads[g0 + d]! + wd * w);
        }
      }
    }
  }
}
