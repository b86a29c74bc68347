import { tf } from '@twotower/runtime';
import { binaryCrossEntropy, meanSquaredError } from '@twotower/losses';
import { TowerInputs, type TowerBatch, type TowerInputSpec } from '../tower-input';
import { Mlp } from '../mlp';
import type { SparseOptimizerOptions } from '../sparse-optimizer';
import { createDenseOptimizer } from '../dense-optimizer';
import { readWeights, writeWeights } from '../weights-io';
import { mulberry32 } from '@twotower/utils';
import { CrossNetwork, type CrossOptions } from './cross-network';
import { collectState, restoreState, type StateParts } from '../model-state';

/** What a {@link RankingModel} predicts. */
export type RankingHead = 'binary' | 'regression';

/** The ranking model's optimiser unless the configuration names one. */
export const DEFAULT_RANKING_OPTIMIZER: Readonly<SparseOptimizerOptions> = Object.freeze({ name: 'adam', learningRate: 1e-3 });

/** Configuration of a {@link RankingModel}; plain data (JSON-serialisable). */
export interface RankingConfig {
  /** Query-side inputs (e.g. user id, timestamp bucket, normalised timestamp). */
  query: TowerInputSpec[];
  /** Candidate-side inputs (e.g. title id, title tokens). Names may repeat query names: the sides have their own tables. */
  candidate: TowerInputSpec[];
  /** Hidden layers of the scoring MLP (ReLU), followed by one linear output unit. Default `[256, 64]`: the TFRS MovieLens ranking model (256 ReLU → 64 ReLU → 1). */
  layers?: number[];
  /** DCN-v2 cross layers between the concatenated inputs and the MLP. Default: none. */
  cross?: CrossOptions;
  /**
   * `'binary'` (default): the output is a logit, trained with binary cross-entropy on 0/1 labels
   * (e.g. rating ≥ 4), predicted as a probability. `'regression'`: the output is the target itself
   * (e.g. the rating), trained with mean squared error.
   */
  head?: RankingHead;
  /**
   * Initial bias of the output unit. Default 0. For regression, the mean training target (about
   * 3.5 for MovieLens ratings) saves the first epoch from learning it; for binary, the log-odds
   * of the positive rate.
   */
  outputBias?: number;
  /**
   * Optimiser of embedding rows (sparse) and dense weights. Default Adam, learning rate 1e-3
   * ({@link DEFAULT_RANKING_OPTIMIZER}); `weightDecay` regularises the embedding rows a batch touches.
   */
  optimizer?: SparseOptimizerOptions;
  /** Optimiser of the embedding rows when they should differ from the dense weights'. Default: `optimizer`. */
  embeddingOptimizer?: SparseOptimizerOptions;
  /**
   * Dropout rate on the concatenated input during training: each value is zeroed with this
   * probability and the rest scaled by `1 / (1 − rate)` (no dropout in {@link RankingModel.predict}).
   * Embedding rows of dropped values get no gradient. The masks come from a seeded stream that
   * checkpoints do not hold: a resumed run draws other masks. Default 0 (0.4 tuned on ML-100K).
   */
  inputDropout?: number;
  /** Embedding rows start uniform in [-embeddingInitScale, embeddingInitScale]. Default 0.05 (Keras). */
  embeddingInitScale?: number;
  /** Seed of all initial weights. Default 0. */
  seed?: number;
}

/**
 * The ranking (re-ranking) model of the two-stage recommender: query and candidate features are
 * embedded by tables of its own, concatenated `[query inputs | candidate inputs]`, optionally
 * crossed (DCN-v2), and scored by an MLP (`256 ReLU → 64 ReLU → 1` by default). As in the
 * two-tower model, embedding tables live outside autodiff and get sparse row updates; the dense
 * weights are tfjs variables updated by a tfjs optimiser.
 *
 * @example
 * const model = new RankingModel({ query: [{ name: 'user', kind: 'embedding', vocabularySize: 944, dim: 32 }],
 *   candidate: [{ name: 'item', kind: 'embedding', vocabularySize: 1683, dim: 32 }] });
 * model.trainStep({ user }, { item }, n, liked);
 * const p = model.predict({ user }, { item }, n); // P(liked) per row
 */
export class RankingModel {
  readonly config: RankingConfig;
  readonly head: RankingHead;
  readonly query: TowerInputs;
  readonly candidate: TowerInputs;
  readonly cross: CrossNetwork | null;
  readonly mlp: Mlp;
  private readonly optimizer: tf.Optimizer;
  private readonly dropout: number;
  private readonly random: () => number;
  private xBuf = new Float32Array(0);
  private keepBuf = new Uint8Array(0);
  private qBuf = new Float32Array(0);
  private cBuf = new Float32Array(0);

  constructor(config: RankingConfig) {
    // validate everything before allocating variables
    const head = config.head ?? 'binary';
    if (head !== 'binary' && head !== 'regression') throw new Error(`ranking head must be 'binary' or 'regression', got ${JSON.stringify(head)}`);
    const layers = config.layers ?? [256, 64];
    if (!Array.isArray(layers) || layers.some((l) => !Number.isInteger(l) || l < 1)) {
      throw new Error(`ranking layers must be positive integers such as [256, 64] (an empty list scores the input linearly), got ${JSON.stringify(layers)}`);
    }
    const outputBias = config.outputBias ?? 0;
    if (!Number.isFinite(outputBias)) throw new Error(`outputBias must be a finite number, got ${outputBias}`);
    const initScale = config.embeddingInitScale ?? 0.05;
    if (!(initScale >= 0) || !Number.isFinite(initScale)) throw new Error(`embeddingInitScale must be a finite number >= 0, got ${initScale}`);
    const dropout = config.inputDropout ?? 0;
    if (!(dropout >= 0 && dropout < 1)) throw new Error(`inputDropout must be in [0, 1), got ${config.inputDropout}`);
    this.config = config;
    this.head = head;
    this.dropout = dropout;
    const seed = config.seed ?? 0;
    const optimizer = config.optimizer ?? DEFAULT_RANKING_OPTIMIZER;
    const rows = config.embeddingOptimizer ?? optimizer;
    this.query = new TowerInputs(config.query, { seed: seed * 4 + 1, optimizer: rows, initScale });
    this.candidate = new TowerInputs(config.candidate, { seed: seed * 4 + 2, optimizer: rows, initScale });
    const dim = this.inputDim;
    this.cross = config.cross ? new CrossNetwork(dim, config.cross, seed * 4 + 3, 'ranking') : null;
    this.mlp = new Mlp({ inputDim: dim, layers: [...layers, 1], seed: seed * 4 + 4, name: 'ranking' });
    if (outputBias !== 0) {
      const b = this.mlp.variables[this.mlp.variables.length - 1]!;
      const t = tf.fill([1], outputBias);
      b.assign(t);
      t.dispose();
    }
    this.optimizer = createDenseOptimizer(optimizer);
    this.random = mulberry32(seed * 4 + 5);
  }

  /** Width of the concatenated input `[query inputs | candidate inputs]`. */
  get inputDim(): number {
    return this.query.inputDim + this.candidate.inputDim;
  }

  /** Every dense variable: cross layers, then the MLP. */
  get variables(): tf.Variable[] {
    return [...(this.cross?.variables ?? []), ...this.mlp.variables];
  }

  /**
   * The model on an assembled input (inside autodiff when training).
   * @param x [batch, inputDim]
   * @param params the dense weights to use (default: the variables), in {@link variables} order
   * @returns [batch, 1] logits (binary) or predicted targets (regression)
   */
  forward(x: tf.Tensor2D, params: tf.Tensor[] = this.variables): tf.Tensor2D {
    const nc = this.cross?.variables.length ?? 0;
    const h = this.cross ? this.cross.apply(x, params.slice(0, nc)) : x;
    return this.mlp.apply(h, params.slice(nc));
  }

  /**
   * `[n × inputDim]`: each row the query side's inputs followed by the candidate side's.
   * @param out where to write (default: a new array)
   */
  assemble(query: TowerBatch, candidate: TowerBatch, n: number, out = new Float32Array(n * this.inputDim)): Float32Array {
    const dq = this.query.inputDim;
    const dc = this.candidate.inputDim;
    if (this.qBuf.length < n * dq) this.qBuf = new Float32Array(n * dq);
    if (this.cBuf.length < n * dc) this.cBuf = new Float32Array(n * dc);
    const xq = this.query.assemble(query, n, this.qBuf.subarray(0, n * dq));
    const xc = this.candidate.assemble(candidate, n, this.cBuf.subarray(0, n * dc));
    const D = dq + dc;
    for (let i = 0; i < n; i++) {
      out.set(xq.subarray(i * dq, (i + 1) * dq), i * D);
      out.set(xc.subarray(i * dc, (i + 1) * dc), i * D + dq);
    }
    return out;
  }

  private checkTargets(labels: Float32Array, n: number, sampleWeights: Float32Array | undefined): void {
    if (labels.length !== n) throw new Error(`labels has ${labels.length} values for ${n} rows: give one label per row`);
    if (sampleWeights && sampleWeights.length !== n) throw new Error(`sampleWeights has ${sampleWeights.length} values for ${n} rows: give one weight per row`);
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      if (this.head === 'binary' ? !(y >= 0 && y <= 1) : !Number.isFinite(y)) {
        const want = this.head === 'binary' ? 'in [0, 1] (e.g. 1 for rating >= 4, else 0)' : 'a finite number';
        throw new Error(`labels[${i}] is ${y}: the ${this.head} head needs labels ${want}`);
      }
      if (sampleWeights && !(sampleWeights[i]! >= 0)) throw new Error(`sampleWeights[${i}] is ${sampleWeights[i]}: weights must be >= 0`);
    }
  }

  /**
   * One training step on `n` (query, candidate, label) rows: binary cross-entropy from the logit
   * (binary head) or mean squared error (regression head), weighted by `sampleWeights`.
   * @param labels [n] 0/1 (binary; soft labels in [0, 1] allowed) or targets (regression)
   * @param sampleWeights [n] optional per-row weights (the loss is their weighted mean)
   * @returns the loss before the update
   */
  trainStep(query: TowerBatch, candidate: TowerBatch, n: number, labels: Float32Array, sampleWeights?: Float32Array): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`trainStep needs n >= 1 rows, got ${n}`);
    this.checkTargets(labels, n, sampleWeights);
    const D = this.inputDim;
    if (this.xBuf.length < n * D) this.xBuf = new Float32Array(n * D);
    const x = this.assemble(query, candidate, n, this.xBuf.subarray(0, n * D));
    let keep: Uint8Array | null = null;
    if (this.dropout > 0) {
      if (this.keepBuf.length < n * D) this.keepBuf = new Uint8Array(n * D);
      keep = this.keepBuf;
      const scale = 1 / (1 - this.dropout);
      for (let j = 0; j < n * D; j++) {
        const k = this.random() >= this.dropout ? 1 : 0;
        keep[j] = k;
        x[j] = k ? x[j]! * scale : 0;
      }
    }
    const vars = this.variables;
    const lossFn = this.head === 'binary' ? binaryCrossEntropy : meanSquaredError;
    // Results leave the tidy through these variables: returning typed arrays from tf.tidy makes
    // tfjs walk every element looking for tensors.
    let lossValue = NaN;
    let dx = new Float32Array(0);
    tf.tidy(() => {
      const xT = tf.tensor2d(x, [n, D]);
      const yT = tf.tensor1d(labels);
      const wT = sampleWeights ? tf.tensor1d(sampleWeights) : undefined;
      const f = (...args: tf.Tensor[]) => lossFn(this.forward(args[0] as tf.Tensor2D, args.slice(1)), yT, { sampleWeights: wT });
      const { value, grads } = tf.valueAndGrads(f)([xT, ...vars]);
      const named: tf.NamedTensorMap = {};
      vars.forEach((v, i) => {
        named[v.name] = grads[1 + i]!;
      });
      this.optimizer.applyGradients(named);
      lossValue = value.dataSync()[0]!;
      dx = grads[0]!.dataSync() as Float32Array;
    });
    if (keep) {
      const scale = 1 / (1 - this.dropout);
      for (let j = 0; j < n * D; j++) dx[j] = keep[j] ? dx[j]! * scale : 0;
    }
    const dq = this.query.inputDim;
    const dc = this.candidate.inputDim;
    const gq = this.qBuf.subarray(0, n * dq);
    const gc = this.cBuf.subarray(0, n * dc);
    for (let i = 0; i < n; i++) {
      gq.set(dx.subarray(i * D, i * D + dq), i * dq);
      gc.set(dx.subarray(i * D + dq, (i + 1) * D), i * dc);
    }
    this.query.backward(query, n, gq);
    this.candidate.backward(candidate, n, gc);
    return lossValue;
  }

  /**
   * Raw outputs, in chunks and without gradients: logits (binary) or predicted targets (regression).
   * @returns [n]
   */
  scores(query: TowerBatch, candidate: TowerBatch, n: number, chunk = 4096): Float32Array {
    return this.run(query, candidate, n, chunk, false);
  }

  /**
   * Predictions for `n` rows: P(label = 1) for the binary head, the target for regression.
   * @returns [n]
   */
  predict(query: TowerBatch, candidate: TowerBatch, n: number, chunk = 4096): Float32Array {
    return this.run(query, candidate, n, chunk, this.head === 'binary');
  }

  private run(query: TowerBatch, candidate: TowerBatch, n: number, chunk: number, sigmoid: boolean): Float32Array {
    const out = new Float32Array(n);
    const D = this.inputDim;
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      const x = this.assemble(slice(query, this.query.specs, start, m), slice(candidate, this.candidate.specs, start, m), m);
      tf.tidy(() => {
        const y = this.forward(tf.tensor2d(x, [m, D]));
        out.set((sigmoid ? tf.sigmoid(y) : y).dataSync() as Float32Array, start);
      });
    }
    return out;
  }

  private parts(): StateParts {
    const tables: StateParts['tables'] = [];
    for (const [side, inputs] of [['query', this.query], ['candidate', this.candidate]] as const) {
      for (const [name, table] of inputs.tables) tables.push([`${side}/${name}/embeddings`, table]);
    }
    const named = (names: string[], vars: tf.Variable[]) => vars.map((v, i): [string, tf.Variable] => [names[i]!, v]);
    const variables = [...(this.cross ? named(this.cross.names, this.cross.variables) : []), ...named(this.mlp.names, this.mlp.variables)];
    return { tables, variables, optimizer: this.optimizer };
  }

  /**
   * Saves the weights to `<dir>/<name>.json` + `.bin`; with `optimizer: true` also the
   * optimiser state, so that {@link loadWeights} resumes training exactly (checkpoints).
   */
  async saveWeights(dir: string, name = 'ranking', options: { optimizer?: boolean } = {}): Promise<void> {
    writeWeights(dir, name, await collectState(this.parts(), options.optimizer ?? false));
  }

  /** Loads what {@link saveWeights} wrote into this model (same configuration and vocabularies required). */
  async loadWeights(dir: string, name = 'ranking', options: { optimizer?: boolean } = {}): Promise<void> {
    await restoreState(this.parts(), readWeights(dir, name), options.optimizer ?? false);
  }

  dispose(): void {
    this.cross?.dispose();
    this.mlp.dispose();
    this.optimizer.dispose();
  }
}

/** Rows `[start, start + m)` of a batch (views, no copies). */
function slice(batch: TowerBatch, specs: readonly TowerInputSpec[], start: number, m: number): TowerBatch {
  const part: TowerBatch = {};
  for (const s of specs) {
    const w = s.width ?? 1;
    const v = batch[s.name];
    if (!v) throw new Error(`ranking input "${s.name}" is missing from the batch (have: ${Object.keys(batch).join(', ') || 'nothing'})`);
    part[s.name] = v.subarray(start * w, (start + m) * w);
  }
  return part;
}
