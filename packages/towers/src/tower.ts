import { tf } from '@twotower/runtime';
import { TowerInputs, type TowerBatch, type TowerInputSpec } from './tower-input';
import { Mlp } from './mlp';
import type { SparseOptimizerOptions } from './sparse-optimizer';
import type { EmbeddingTable } from './embedding-table';

/** Configuration of one tower. */
export interface TowerConfig {
  /** The inputs, concatenated in this order before the MLP. */
  inputs: TowerInputSpec[];
  /** MLP layer sizes; ReLU on all but the last. Default `[32]` (TFRS' basic model). */
  layers?: number[];
  /** L2-normalise the output (cosine scores; pair with a temperature below 1). Default false. */
  normalize?: boolean;
}

/**
 * A tower: inputs (embedding tables + numeric values) → MLP → optional L2 normalisation.
 */
export class Tower {
  readonly name: string;
  readonly config: Required<TowerConfig>;
  readonly inputs: TowerInputs;
  readonly mlp: Mlp;

  /** @param options.sharedTables the other tower's tables, which inputs with `sharedTable` read */
  constructor(name: string, config: TowerConfig, options: { seed?: number; optimizer?: SparseOptimizerOptions; sharedTables?: ReadonlyMap<string, EmbeddingTable> } = {}) {
    this.name = name;
    this.config = { inputs: config.inputs, layers: config.layers ?? [32], normalize: config.normalize ?? false };
    this.inputs = new TowerInputs(config.inputs, { seed: options.seed, optimizer: options.optimizer, ...(options.sharedTables ? { sharedTables: options.sharedTables } : {}) });
    this.mlp = new Mlp({ inputDim: this.inputs.inputDim, layers: this.config.layers, seed: (options.seed ?? 0) + 7, name });
  }

  /** Output width. */
  get outputDim(): number {
    return this.mlp.outputDim;
  }

  /**
   * The tower on an assembled input (inside autodiff when training).
   * @param x [batch, inputDim]
   * @returns [batch, outputDim]
   */
  forward(x: tf.Tensor2D, params?: tf.Tensor[]): tf.Tensor2D {
    const y = this.mlp.apply(x, params);
    if (!this.config.normalize) return y;
    return tf.mul(y, tf.rsqrt(tf.add(tf.sum(tf.square(y), 1, true), 1e-12))) as tf.Tensor2D;
  }

  /**
   * Embeddings of `n` examples, computed in chunks (no gradients).
   * @returns [n × outputDim]
   */
  embed(batch: TowerBatch, n: number, chunk = 4096): Float32Array {
    const out = new Float32Array(n * this.outputDim);
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      const part: TowerBatch = {};
      for (const s of this.inputs.specs) {
        const w = s.width ?? 1;
        const v = batch[s.name];
        if (!v) throw new Error(`tower "${this.name}": input "${s.name}" is missing`);
        part[s.name] = v.subarray(start * w, (start + m) * w);
      }
      const x = this.inputs.assemble(part, m);
      // (typed arrays never leave a tf.tidy: tfjs would walk each element looking for tensors)
      tf.tidy(() => {
        out.set(this.forward(tf.tensor2d(x, [m, this.inputs.inputDim])).dataSync() as Float32Array, start * this.outputDim);
      });
    }
    return out;
  }

  dispose(): void {
    this.mlp.dispose();
  }
}
