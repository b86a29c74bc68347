import { EmbeddingTable } from './embedding-table';
import type { SparseOptimizerOptions } from './sparse-optimizer';

/**
 * One input of a tower.
 * - `embedding`: integer ids → rows of a trained table. `width` 1 is one id per example; a
 *   larger width is a padded sequence (id 0 = padding) whose non-padding rows are averaged
 *   (TFRS' text feature: token embeddings, masked, mean-pooled).
 * - `numeric`: `width` float values per example, passed through (e.g. a normalised timestamp).
 */
export type TowerInputSpec =
  | { name: string; kind: 'embedding'; vocabularySize: number; dim: number; width?: number }
  | { name: string; kind: 'numeric'; width?: number };

/** A batch of tower inputs: per input name, `[batch × width]` values. */
export type TowerBatch = Record<string, Int32Array | Float32Array>;

/**
 * The inputs of a tower: turns a {@link TowerBatch} into the dense matrix the MLP reads
 * (`[batch × inputDim]`, concatenated in spec order) and sends that matrix's gradient back to
 * the embedding rows that produced it.
 */
export class TowerInputs {
  readonly specs: TowerInputSpec[];
  readonly tables: Map<string, EmbeddingTable>;
  /** Width of the assembled matrix. */
  readonly inputDim: number;

  constructor(specs: TowerInputSpec[], options: { seed?: number; optimizer?: SparseOptimizerOptions; initScale?: number } = {}) {
    if (specs.length === 0) throw new Error('a tower needs at least one input');
    const names = new Set<string>();
    this.specs = specs;
    this.tables = new Map();
    let dim = 0;
    specs.forEach((s, i) => {
      if (names.has(s.name)) throw new Error(`tower input "${s.name}" is listed twice`);
      names.add(s.name);
      const width = s.width ?? 1;
      if (!Number.isInteger(width) || width < 1) throw new Error(`tower input "${s.name}": width must be a positive integer, got ${width}`);
      if (s.kind === 'embedding') {
        this.tables.set(s.name, new EmbeddingTable({ vocabularySize: s.vocabularySize, dim: s.dim, seed: (options.seed ?? 0) * 131 + i, optimizer: options.optimizer, initScale: options.initScale }));
        dim += s.dim;
      } else if (s.kind === 'numeric') {
        dim += width;
      } else {
        throw new Error(`tower input "${(s as { name: string }).name}": kind must be "embedding" or "numeric"`);
      }
    });
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
   * Routes `dLoss/dInput` ([n × inputDim]) to the embedding rows of the batch and applies the
   * sparse optimiser step to every touched row.
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
      table.applyAccumulated();
      col += table.dim;
    }
  }
}
