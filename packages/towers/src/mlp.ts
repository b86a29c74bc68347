import { tf, dense } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';

let nextId = 0;

/** Options of an {@link Mlp}. */
export interface MlpOptions {
  /** Input width. */
  inputDim: number;
  /** Output width of each layer, e.g. `[64, 32]`. ReLU on all but the last (as TFRS' deep towers). */
  layers: number[];
  /** Seed of the Glorot-uniform initial kernels (biases start at zero). Default 0. */
  seed?: number;
  /** Activation of the last layer. Default 'linear'. */
  lastActivation?: 'linear' | 'relu';
  /** Name prefix of the variables. Default 'mlp'. */
  name?: string;
}

/**
 * A stack of dense layers whose weights are tfjs variables. `apply` takes the parameters as
 * explicit tensors so a training step can differentiate with respect to them and the input at
 * once (`tf.grads`), without transposed matmuls on wasm (see `@twotower/runtime` `dense`).
 */
export class Mlp {
  readonly layers: number[];
  readonly inputDim: number;
  readonly outputDim: number;
  /** [kernel0, bias0, kernel1, bias1, ...]; kernel i is [in_i, out_i]. */
  readonly variables: tf.Variable[];
  /**
   * Stable names of {@link variables} (`<name>/dense_<i>/kernel|bias`), used in weight files.
   * The tfjs variables themselves get a per-instance suffix: tfjs variable names are global, and
   * a server holds two models while it swaps them.
   */
  readonly names: string[];
  private readonly lastActivation: 'linear' | 'relu';

  constructor(options: MlpOptions) {
    const { inputDim, layers } = options;
    if (layers.length === 0) throw new Error('an MLP needs at least one layer: give `layers` such as [32] or [64, 32]');
    for (const l of layers) if (!Number.isInteger(l) || l < 1) throw new Error(`MLP layer sizes must be positive integers, got ${JSON.stringify(layers)}`);
    this.layers = layers.slice();
    this.inputDim = inputDim;
    this.outputDim = layers[layers.length - 1]!;
    this.lastActivation = options.lastActivation ?? 'linear';
    const rand = mulberry32(options.seed ?? 0);
    const name = options.name ?? 'mlp';
    this.variables = [];
    this.names = [];
    const uid = nextId++;
    let fanIn = inputDim;
    layers.forEach((fanOut, i) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const k = new Float32Array(fanIn * fanOut);
      for (let j = 0; j < k.length; j++) k[j] = (rand() * 2 - 1) * limit;
      this.names.push(`${name}/dense_${i}/kernel`, `${name}/dense_${i}/bias`);
      // tf.variable keeps its own reference to the values: the initialisers are disposed
      const kernel = tf.tensor2d(k, [fanIn, fanOut]);
      const bias = tf.zeros([fanOut]);
      this.variables.push(tf.variable(kernel, true, `${name}/dense_${i}/kernel#${uid}`));
      this.variables.push(tf.variable(bias, true, `${name}/dense_${i}/bias#${uid}`));
      tf.dispose([kernel, bias]);
      fanIn = fanOut;
    });
  }

  /**
   * @param x [batch, inputDim]
   * @param params the tensors to use as weights (default: the variables), same order
   * @returns [batch, outputDim]
   */
  apply(x: tf.Tensor2D, params: tf.Tensor[] = this.variables): tf.Tensor2D {
    let h = x;
    const n = this.layers.length;
    for (let i = 0; i < n; i++) {
      const act = i < n - 1 ? 'relu' : this.lastActivation;
      h = dense(h, params[2 * i] as tf.Tensor2D, params[2 * i + 1] as tf.Tensor1D, act);
    }
    return h;
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
