import { EmbeddingTable } from './embedding-table';
import type { SparseOptimizerOptions } from './sparse-optimizer';

/**
 * How a padded sequence input (an embedding input of width > 1) is pooled into one vector:
 * - `'mean'`: the mean of its non-padding rows (YouTube's candidate generation, TFRS' text feature).
 * - `'attention'`: per head a learned query vector scores each non-padding row, and the softmax of
 *   the scores weights them ({@link AttentionPooling}).
 */
export type SequencePooling = 'mean' | 'attention';

/** The pooling modes a spec may name. */
export const SEQUENCE_POOLINGS: readonly SequencePooling[] = ['mean', 'attention'];

/** Options of an {@link AttentionPooling}. */
export interface AttentionPoolingOptions {
  /** Query vectors (heads); the pooled vector is `dim × heads` wide. Default 1. */
  heads?: number;
  /** Width of the pooled rows (the sequence's embedding width). */
  dim: number;
  /** The optimiser of the query vectors (the tower's sparse optimiser). */
  optimizer?: SparseOptimizerOptions;
}

/**
 * Learned attention pooling of a padded sequence of embedding rows. Per head h a query vector
 * q_h (`dim` wide) scores each non-padding slot t of an example, `s_t = q_h · e_t / sqrt(dim)`;
 * `α = softmax(s)` over those slots only (padding, id 0, never gets weight), and head h's output
 * is `Σ_t α_t e_t`. The heads' outputs are concatenated: `[dim × heads]` per example; an example
 * with no non-padding slot pools to zeros.
 *
 * The query vectors are the rows of their own {@link EmbeddingTable} (`[heads × dim]`), trained by
 * the same sparse optimiser as the sequence's table, so weights files and checkpoints carry them
 * like any table. They start at zero, where every α is uniform: attention pooling starts exactly
 * as mean pooling and learns away from it (the heads differ from the first step on, because the
 * MLP reads each head's slice with its own weights).
 */
export class AttentionPooling {
  readonly heads: number;
  readonly dim: number;
  /** `[heads × dim]`: row h is head h's query vector; zero at construction. */
  readonly queries: EmbeddingTable;
  private readonly invSqrtDim: number;
  // the last scored batch: per example its non-padding ids (`[n × width]`, packed to the front),
  // their count, and α per head (`[n × heads × width]`); backward reuses them for the same batch
  private rows = new Int32Array(0);
  private counts = new Int32Array(0);
  private alpha = new Float64Array(0);
  private scored: { ids: ArrayLike<number>; width: number; n: number; table: EmbeddingTable } | null = null;
  private dot = new Float64Array(0);
  private readonly dq: Float64Array;
  private readonly dqOut: Float32Array;

  constructor(options: AttentionPoolingOptions) {
    const heads = options.heads ?? 1;
    if (!Number.isInteger(heads) || heads < 1) throw new Error(`attention pooling: heads must be a positive integer, got ${heads}`);
    this.heads = heads;
    this.dim = options.dim;
    this.queries = new EmbeddingTable({ vocabularySize: heads, dim: options.dim, initScale: 0, optimizer: options.optimizer });
    this.queries.weights.fill(0);
    this.invSqrtDim = 1 / Math.sqrt(options.dim);
    this.dq = new Float64Array(heads * options.dim);
    this.dqOut = new Float32Array(heads * options.dim);
  }

  /** Width of one pooled example: `dim × heads`. */
  get outputDim(): number {
    return this.dim * this.heads;
  }

  /**
   * Gathers each example's non-padding ids and computes α of every head over them, into the
   * batch cache. Throws naming `where` and the example for an id outside the table.
   */
  private score(ids: ArrayLike<number>, width: number, n: number, table: EmbeddingTable, where: string): void {
    const { dim, heads, invSqrtDim } = this;
    if (this.rows.length < n * width) {
      this.rows = new Int32Array(n * width);
      this.alpha = new Float64Array(n * width * heads);
    }
    if (this.counts.length < n) this.counts = new Int32Array(n);
    const { rows, counts, alpha } = this;
    const W = table.weights;
    const Q = this.queries.weights;
    const V = table.vocabularySize;
    this.scored = null;
    for (let i = 0; i < n; i++) {
      const base = i * width;
      let m = 0;
      for (let t = 0; t < width; t++) {
        const id = ids[base + t]!;
        if (id === 0) continue;
        if (!(id > 0 && id < V)) table.checkId(id, `${where}, example ${i}`);
        rows[base + m++] = id;
      }
      counts[i] = m;
      for (let h = 0; h < heads; h++) {
        const a0 = (i * heads + h) * width;
        const q0 = h * dim;
        let max = -Infinity;
        for (let t = 0; t < m; t++) {
          const r = rows[base + t]! * dim;
          let s = 0;
          for (let d = 0; d < dim; d++) s += Q[q0 + d]! * W[r + d]!;
          s *= invSqrtDim;
          alpha[a0 + t] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let t = 0; t < m; t++) {
          const e = Math.exp(alpha[a0 + t]! - max);
          alpha[a0 + t] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let t = 0; t < m; t++) alpha[a0 + t]! *= inv;
      }
    }
    this.scored = { ids, width, n, table };
  }

  /**
   * Pools `n` examples of `ids` (`[n × width]`, 0 = padding) over `table`'s rows, writing example
   * i's `[heads × dim]` at `out[i × stride + offset ..]`.
   * @param where names the input in an error about an id outside the table
   */
  forward(ids: ArrayLike<number>, width: number, n: number, table: EmbeddingTable, out: Float32Array, stride: number, offset: number, where: string): void {
    this.score(ids, width, n, table, where);
    const { dim, heads, rows, counts, alpha } = this;
    const W = table.weights;
    for (let i = 0; i < n; i++) {
      const base = i * width;
      const m = counts[i]!;
      for (let h = 0; h < heads; h++) {
        const oh = i * stride + offset + h * dim;
        const a0 = (i * heads + h) * width;
        for (let d = 0; d < dim; d++) out[oh + d] = 0;
        for (let t = 0; t < m; t++) {
          const r = rows[base + t]! * dim;
          const a = alpha[a0 + t]!;
          for (let d = 0; d < dim; d++) out[oh + d]! += a * W[r + d]!;
        }
      }
    }
  }

  /**
   * Accumulates, for the `n` examples {@link forward} pooled, the gradients of the loss given
   * `grad` (its gradient with respect to the pooled outputs, example i's at
   * `grad[i × stride + offset ..]`): into `table`'s rows, per slot t and head h
   * `α_t g + α_t (g·e_t − Σ_u α_u g·e_u) q_h / sqrt(dim)`, and into the query vectors
   * `Σ_t α_t (g·e_t − Σ_u α_u g·e_u) e_t / sqrt(dim)`. α comes from the forward pass of the same
   * batch (the same `ids` array, `n` and table, nothing pooled in between; else it is recomputed
   * from the current weights). The caller then applies both tables' accumulated steps
   * (`applyAccumulated`), after which the cached α is stale and dropped.
   */
  backward(ids: ArrayLike<number>, width: number, n: number, table: EmbeddingTable, grad: Float32Array, stride: number, offset: number): void {
    const c = this.scored;
    if (!c || c.ids !== ids || c.width !== width || c.n !== n || c.table !== table) this.score(ids, width, n, table, 'attention pooling');
    this.scored = null;
    const { dim, heads, invSqrtDim, rows, counts, alpha, dq } = this;
    if (this.dot.length < width) this.dot = new Float64Array(width);
    const dot = this.dot;
    const W = table.weights;
    const Q = this.queries.weights;
    dq.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      const base = i * width;
      const m = counts[i]!;
      if (m === 0) continue;
      any = true;
      for (let h = 0; h < heads; h++) {
        const g0 = i * stride + offset + h * dim;
        const q0 = h * dim;
        const a0 = (i * heads + h) * width;
        let mean = 0;
        for (let t = 0; t < m; t++) {
          const r = rows[base + t]! * dim;
          let s = 0;
          for (let d = 0; d < dim; d++) s += grad[g0 + d]! * W[r + d]!;
          dot[t] = s;
          mean += alpha[a0 + t]! * s;
        }
        for (let t = 0; t < m; t++) {
          const a = alpha[a0 + t]!;
          // dLoss/ds_t, with the 1/sqrt(dim) of the score folded in
          const ds = a * (dot[t]! - mean) * invSqrtDim;
          const id = rows[base + t]!;
          const r = id * dim;
          for (let d = 0; d < dim; d++) dq[q0 + d]! += ds * W[r + d]!;
          // the row's gradient from this head, straight into the table's pending gradient (one pass)
          table.accumulateTwo(id, grad, g0, a, Q, q0, ds);
        }
      }
    }
    // a batch of empty sequences touches no query vector (a lazy Adam step would move it anyway)
    if (!any) return;
    for (let k = 0; k < dq.length; k++) this.dqOut[k] = dq[k]!;
    for (let h = 0; h < heads; h++) this.queries.accumulate(h, this.dqOut, h * dim);
  }
}
