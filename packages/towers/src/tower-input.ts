import { EmbeddingTable } from './embedding-table';
import { AttentionPooling, SEQUENCE_POOLINGS, type SequencePooling } from './attention-pooling';
import type { SparseOptimizerOptions } from './sparse-optimizer';

/** An embedding input: integer ids → rows of a trained table. */
export interface EmbeddingInputSpec {
  name: string;
  kind: 'embedding';
  /** Rows of the table (ids in `[0, vocabularySize)`). */
  vocabularySize: number;
  /** Width of a row. */
  dim: number;
  /**
   * Ids per example. 1 (default): one id, its row read as it is. Larger: a padded sequence (id 0 =
   * padding) pooled into one vector by {@link pooling}.
   */
  width?: number;
  /**
   * How a sequence (width > 1) is pooled. Default `'mean'`: the mean of its non-padding rows (TFRS'
   * text feature: token embeddings, masked, mean-pooled), `dim` wide in the MLP input.
   * `'attention'`: softmax attention over its non-padding rows with `heads` learned query vectors
   * ({@link AttentionPooling}), `dim × heads` wide; the query vectors start at zero (= the mean)
   * and are the table `<name>/attention` (`[heads × dim]`) of {@link TowerInputs.tables}.
   * Not for width 1.
   */
  pooling?: SequencePooling;
  /** Query vectors of `'attention'` pooling (only with it). Default 1. */
  heads?: number;
  /**
   * Read the rows of another tower's table instead of a table of its own: the name of that
   * tower's input (given to {@link TowerInputs} as `sharedTables`; in a `TwoTowerModel`, a query
   * input naming a candidate input, e.g. a history reading the candidate tower's item ids).
   * `vocabularySize` and `dim` must be that table's. The gradient this input sends is added to
   * the owner's and applied in one optimiser step by the owning tower's `backward`. Default: a
   * table of its own.
   */
  sharedTable?: string;
}

/** A numeric input: `width` float values per example, passed through (e.g. a normalised timestamp). Default width 1. */
export interface NumericInputSpec {
  name: string;
  kind: 'numeric';
  width?: number;
}

/** One input of a tower: an {@link EmbeddingInputSpec} or a {@link NumericInputSpec}. */
export type TowerInputSpec = EmbeddingInputSpec | NumericInputSpec;

/** Name of the table holding the attention query vectors of input `name` (`pooling: 'attention'`). */
export const attentionTableName = (name: string): string => `${name}/attention`;

/** A batch of tower inputs: per input name, `[batch × width]` values. */
export type TowerBatch = Record<string, Int32Array | Float32Array>;

/**
 * The inputs of a tower: turns a {@link TowerBatch} into the dense matrix the MLP reads
 * (`[batch × inputDim]`, concatenated in spec order) and sends that matrix's gradient back to
 * the embedding rows that produced it.
 */
export class TowerInputs {
  readonly specs: TowerInputSpec[];
  /** Per embedding input its table, by input name; per attention-pooled input also its query vectors, as `<name>/attention` ({@link attentionTableName}). */
  readonly tables: Map<string, EmbeddingTable>;
  /** The attention pooling of each input with `pooling: 'attention'`, by input name. */
  readonly poolings: Map<string, AttentionPooling>;
  /** Width of the assembled matrix. */
  readonly inputDim: number;

  /** Inputs whose table is another tower's (`sharedTable`): their gradient is applied by the owner. */
  readonly borrowed: ReadonlySet<string>;

  /**
   * @param options.sharedTables the tables inputs with `sharedTable` read, by the owning tower's input name
   */
  constructor(specs: TowerInputSpec[], options: { seed?: number; optimizer?: SparseOptimizerOptions; initScale?: number; sharedTables?: ReadonlyMap<string, EmbeddingTable> } = {}) {
    if (specs.length === 0) throw new Error('a tower needs at least one input');
    const names = new Set<string>();
    this.specs = specs;
    this.tables = new Map();
    this.poolings = new Map();
    const borrowed = new Set<string>();
    this.borrowed = borrowed;
    let dim = 0;
    specs.forEach((s, i) => {
      if (names.has(s.name)) throw new Error(`tower input "${s.name}" is listed twice`);
      names.add(s.name);
      const width = s.width ?? 1;
      if (!Number.isInteger(width) || width < 1) throw new Error(`tower input "${s.name}": width must be a positive integer, got ${width}`);
      if (s.kind === 'embedding') {
        if (s.sharedTable !== undefined) {
          this.tables.set(s.name, sharedTable(s, options.sharedTables));
          borrowed.add(s.name);
        } else {
          this.tables.set(s.name, new EmbeddingTable({ vocabularySize: s.vocabularySize, dim: s.dim, seed: (options.seed ?? 0) * 131 + i, optimizer: options.optimizer, initScale: options.initScale }));
        }
        const pooling = checkPooling(s, width);
        if (pooling === 'attention') {
          const pool = new AttentionPooling({ heads: s.heads, dim: s.dim, optimizer: options.optimizer });
          this.poolings.set(s.name, pool);
          this.tables.set(attentionTableName(s.name), pool.queries);
          dim += pool.outputDim;
        } else {
          dim += s.dim;
        }
      } else if (s.kind === 'numeric') {
        dim += width;
      } else {
        throw new Error(`tower input "${(s as { name: string }).name}": kind must be "embedding" or "numeric"`);
      }
    });
    for (const name of this.poolings.keys()) {
      if (names.has(attentionTableName(name))) throw new Error(`tower input "${attentionTableName(name)}" has the name of input "${name}"'s attention table: rename it`);
    }
    this.inputDim = dim;
  }

  private values(batch: TowerBatch, spec: TowerInputSpec, n: number): Int32Array | Float32Array {
    const v = batch[spec.name];
    const width = spec.width ?? 1;
    if (!v) throw new Error(`tower input "${spec.name}" is missing from the batch (have: ${Object.keys(batch).join(', ') || 'nothing'})`);
    if (v.length !== n * width) throw new Error(`tower input "${spec.name}" has ${v.length} values, expected ${n} × ${width}`);
    return v;
  }

  /**
   * Builds the MLP input.
   * @param n batch size
   * @returns [n × inputDim]
   */
  assemble(batch: TowerBatch, n: number, out = new Float32Array(n * this.inputDim)): Float32Array {
    const D = this.inputDim;
    let col = 0;
    for (const spec of this.specs) {
      const v = this.values(batch, spec, n);
      const width = spec.width ?? 1;
      if (spec.kind === 'numeric') {
        for (let i = 0; i < n; i++) for (let w = 0; w < width; w++) out[i * D + col + w] = v[i * width + w]!;
        col += width;
        continue;
      }
      const table = this.tables.get(spec.name)!;
      const pool = this.poolings.get(spec.name);
      if (pool) {
        pool.forward(v, width, n, table, out, D, col, `tower input "${spec.name}"`);
        col += pool.outputDim;
        continue;
      }
      const dim = table.dim;
      const W = table.weights;
      for (let i = 0; i < n; i++) {
        const o = i * D + col;
        if (width === 1) {
          const id = v[i]!;
          if (!(id >= 0 && id < table.vocabularySize)) table.checkId(id, `tower input "${spec.name}", example ${i}`);
          const r = id * dim;
          for (let d = 0; d < dim; d++) out[o + d] = W[r + d]!;
        } else {
          for (let d = 0; d < dim; d++) out[o + d] = 0;
          let count = 0;
          for (let t = 0; t < width; t++) {
            const id = v[i * width + t]!;
            if (id === 0) continue;
            if (!(id > 0 && id < table.vocabularySize)) table.checkId(id, `tower input "${spec.name}", example ${i}`);
            const r = id * dim;
            for (let d = 0; d < dim; d++) out[o + d]! += W[r + d]!;
            count++;
          }
          if (count > 1) for (let d = 0; d < dim; d++) out[o + d]! /= count;
        }
      }
      col += dim;
    }
    return out;
  }

  /**
   * Routes `dLoss/dInput` ([n × inputDim]) to the embedding rows of the batch (and, for an
   * attention-pooled input, to its query vectors) and applies the sparse optimiser step to every
   * touched row (a borrowed table's rows only accumulate: its owner's `backward`, called after
   * this one, applies both). Called after {@link assemble} of the same batch: attention pooling reuses that
   * pass's weights α when the batch's arrays are the same objects (else it recomputes them).
   */
  backward(batch: TowerBatch, n: number, grad: Float32Array): void {
    const D = this.inputDim;
    let col = 0;
    for (const spec of this.specs) {
      const width = spec.width ?? 1;
      if (spec.kind === 'numeric') {
        col += width;
        continue;
      }
      const v = batch[spec.name]!;
      const table = this.tables.get(spec.name)!;
      const pool = this.poolings.get(spec.name);
      if (pool) {
        pool.backward(v, width, n, table, grad, D, col);
        if (!this.borrowed.has(spec.name)) table.applyAccumulated();
        pool.queries.applyAccumulated();
        col += pool.outputDim;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const o = i * D + col;
        if (width === 1) {
          table.accumulate(v[i]!, grad, o);
        } else {
          let count = 0;
          for (let t = 0; t < width; t++) if (v[i * width + t] !== 0) count++;
          if (count === 0) continue;
          const scale = 1 / count;
          for (let t = 0; t < width; t++) {
            const id = v[i * width + t]!;
            if (id !== 0) table.accumulate(id, grad, o, scale);
          }
        }
      }
      // a borrowed table's owner applies this gradient with its own, in one step
      if (!this.borrowed.has(spec.name)) table.applyAccumulated();
      col += table.dim;
    }
  }
}

/** The pooling of an embedding input, checked: an error names the input, the field and the allowed values. */
function checkPooling(s: EmbeddingInputSpec, width: number): SequencePooling {
  const pooling = s.pooling ?? 'mean';
  if (!SEQUENCE_POOLINGS.includes(pooling)) throw new Error(`tower input "${s.name}": pooling must be ${SEQUENCE_POOLINGS.map((p) => `"${p}"`).join(' or ')}, got ${JSON.stringify(s.pooling)}`);
  if (pooling === 'attention' && width === 1) throw new Error(`tower input "${s.name}": pooling "attention" pools a sequence: it needs width > 1 (got width 1); leave pooling out for a single id`);
  if (s.heads !== undefined) {
    if (pooling !== 'attention') throw new Error(`tower input "${s.name}": heads is an option of pooling "attention" (pooling is "${pooling}"): leave it out or set pooling: "attention"`);
    if (!Number.isInteger(s.heads) || s.heads < 1) throw new Error(`tower input "${s.name}": heads must be a positive integer, got ${s.heads}`);
  }
  return pooling;
}

/** The owner's table an input with `sharedTable` reads; its size must be the input's. */
function sharedTable(s: EmbeddingInputSpec, tables: ReadonlyMap<string, EmbeddingTable> | undefined): EmbeddingTable {
  const t = tables?.get(s.sharedTable!);
  if (!t) throw new Error(`tower input "${s.name}": sharedTable "${s.sharedTable}" is not an input of the other tower (have: ${[...(tables?.keys() ?? [])].join(', ') || 'none'})`);
  if (t.vocabularySize !== s.vocabularySize || t.dim !== s.dim) {
    throw new Error(`tower input "${s.name}": its table [${s.vocabularySize} × ${s.dim}] must be the shared table "${s.sharedTable}"'s [${t.vocabularySize} × ${t.dim}]`);
  }
  return t;
}
