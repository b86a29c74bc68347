import { tf, dense } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';

let nextId = 0;

/** Options of a {@link CrossNetwork} (DCN-v2 cross layers). */
export interface CrossOptions {
  /** Number of stacked cross layers, 1 or 2 in the DCN-v2 paper's ranking set-ups. */
  layers: number;
  /**
   * Rank of the factorised weight `W = U·V` (`V` [dim, r], `U` [r, dim]); omit for a full
   * `[dim, dim]` matrix. A rank of about dim/4 keeps most of the gain at a fraction of the cost.
   */
  lowRank?: number;
}

/**
 * The cross network of DCN-v2 (Wang et al. 2021): `x_{l+1} = x₀ ⊙ (W·x_l + b) + x_l`, with `W`
 * full or low-rank `U·V`, stacked `layers` times. Each layer models explicit feature crosses of
 * one more order while the residual keeps the lower ones. Kernels start Glorot-uniform, biases
 * at zero. Weights are tfjs variables, passed explicitly to {@link apply} so a training step can
 * differentiate with respect to them (through `@twotower/runtime`'s `dense`, which avoids
 * transposed matrix products on wasm).
 */
export class CrossNetwork {
  readonly dim: number;
  readonly layers: number;
  readonly lowRank: number | undefined;
  /** Per layer: [kernel, bias] (full) or [v, u, bias] (low rank). */
  readonly variables: tf.Variable[];
  /** Stable names of {@link variables} for weight files: `<name>/cross_<l>/kernel|v|u|bias`. */
  readonly names: string[];
  private readonly zeroBias: tf.Tensor1D | null;

  /**
   * @param dim width of the input (and output)
   * @param name prefix of the variable names. Default 'cross'.
   */
  constructor(dim: number, options: CrossOptions, seed = 0, name = 'cross') {
    const { layers, lowRank } = options;
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`cross network: dim must be a positive integer, got ${dim}`);
    if (!Number.isInteger(layers) || layers < 1) throw new Error(`cross.layers must be a positive integer (1 or 2 usually), got ${layers}`);
    if (lowRank !== undefined && (!Number.isInteger(lowRank) || lowRank < 1 || lowRank > dim)) {
      throw new Error(`cross.lowRank must be an integer in [1, ${dim}] (the input width), got ${lowRank}; omit it for a full-rank layer`);
    }
    this.dim = dim;
    this.layers = layers;
    this.lowRank = lowRank;
    this.variables = [];
    this.names = [];
    const uid = nextId++;
    const rand = mulberry32(seed);
    const glorot = (fanIn: number, fanOut: number) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const k = new Float32Array(fanIn * fanOut);
      for (let j = 0; j < k.length; j++) k[j] = (rand() * 2 - 1) * limit;
      return tf.tensor2d(k, [fanIn, fanOut]);
    };
    const add = (stable: string, init: tf.Tensor) => {
      this.names.push(stable);
      this.variables.push(tf.variable(init, true, `${stable}#x${uid}`));
      init.dispose();
    };
    for (let l = 0; l < layers; l++) {
      const base = `${name}/cross_${l}`;
      if (lowRank === undefined) {
        add(`${base}/kernel`, glorot(dim, dim));
      } else {
        add(`${base}/v`, glorot(dim, lowRank));
        add(`${base}/u`, glorot(lowRank, dim));
      }
      add(`${base}/bias`, tf.zeros([dim]));
    }
    this.zeroBias = lowRank === undefined ? null : tf.zeros([lowRank]);
  }

  /** Variables per layer. */
  private get stride(): number {
    return this.lowRank === undefined ? 2 : 3;
  }

  /**
   * @param x0 [batch, dim]
   * @param params the tensors to use as weights (default: the variables), same order
   * @returns [batch, dim]
   */
  apply(x0: tf.Tensor2D, params: tf.Tensor[] = this.variables): tf.Tensor2D {
    if (x0.rank !== 2 || x0.shape[1] !== this.dim) throw new Error(`cross network: expected input [batch, ${this.dim}], got ${JSON.stringify(x0.shape)}`);
    let x = x0;
    const s = this.stride;
    for (let l = 0; l < this.layers; l++) {
      const p = params.slice(l * s, l * s + s);
      let z: tf.Tensor2D;
      if (this.lowRank === undefined) {
        z = dense(x, p[0] as tf.Tensor2D, p[1] as tf.Tensor1D);
      } else {
        z = dense(dense(x, p[0] as tf.Tensor2D, this.zeroBias!), p[1] as tf.Tensor2D, p[2] as tf.Tensor1D);
      }
      x = tf.add(tf.mul(x0, z), x) as tf.Tensor2D;
    }
    return x;
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.zeroBias?.dispose();
  }
}
