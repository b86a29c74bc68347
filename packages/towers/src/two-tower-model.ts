import { tf } from '@twotower/runtime';
import { fusedRetrievalLoss, type RetrievalLossOptions } from '@twotower/losses';
import { Tower, type TowerConfig } from './tower';
import type { TowerBatch } from './tower-input';
import type { SparseOptimizerOptions } from './sparse-optimizer';
import { createDenseOptimizer } from './dense-optimizer';
import { collectState, restoreState, towerParts } from './model-state';
import { readWeights, writeWeights } from './weights-io';

/** Configuration of a {@link TwoTowerModel}. */
export interface TwoTowerConfig {
  query: TowerConfig;
  candidate: TowerConfig;
  /** Optimiser of both towers (embedding rows sparsely, MLP weights densely). Default Adagrad, lr 0.1. */
  optimizer?: SparseOptimizerOptions;
  /** Seed of all initial weights. Default 0. */
  seed?: number;
}

/**
 * The two-tower retrieval model: a query tower and a candidate tower whose outputs meet in a dot
 * product, trained with the in-batch softmax (plus whatever parts of the retrieval loss the
 * step's options switch on).
 */
export class TwoTowerModel {
  readonly config: TwoTowerConfig;
  readonly query: Tower;
  readonly candidate: Tower;
  private readonly optimizer: tf.Optimizer;
  private qBuf = new Float32Array(0);
  private cBuf = new Float32Array(0);

  constructor(config: TwoTowerConfig) {
    this.config = config;
    const qOut = (config.query.layers ?? [32]).at(-1);
    const cOut = (config.candidate.layers ?? [32]).at(-1);
    if (qOut !== cOut) {
      throw new Error(`the towers' last layers differ (query ${qOut}, candidate ${cOut}): their dot product needs equal sizes`);
    }
    const seed = config.seed ?? 0;
    // the candidate tower first: query inputs with `sharedTable` read its tables
    this.candidate = new Tower('candidate', config.candidate, { seed: seed * 2 + 2, optimizer: config.optimizer });
    this.query = new Tower('query', config.query, { seed: seed * 2 + 1, optimizer: config.optimizer, sharedTables: this.candidate.inputs.tables });
    this.optimizer = createDenseOptimizer(config.optimizer);
  }

  /** Embedding width shared by both towers. */
  get dim(): number {
    return this.query.outputDim;
  }

  /** Every dense variable of both towers. */
  get variables(): tf.Variable[] {
    return [...this.query.mlp.variables, ...this.candidate.mlp.variables];
  }

  /**
   * One training step.
   * @param queries query-tower inputs for `batch` examples
   * @param candidates candidate-tower inputs for `numCandidates >= batch` rows: row i is query
   *   i's positive, rows past `batch` are extra negatives
   * @returns the loss before the update
   */
  trainStep(queries: TowerBatch, batch: number, candidates: TowerBatch, numCandidates: number, loss: RetrievalLossOptions = {}): number {
    const qDim = this.query.inputs.inputDim;
    const cDim = this.candidate.inputs.inputDim;
    if (this.qBuf.length < batch * qDim) this.qBuf = new Float32Array(batch * qDim);
    if (this.cBuf.length < numCandidates * cDim) this.cBuf = new Float32Array(numCandidates * cDim);
    const xq = this.query.inputs.assemble(queries, batch, this.qBuf.subarray(0, batch * qDim));
    const xc = this.candidate.inputs.assemble(candidates, numCandidates, this.cBuf.subarray(0, numCandidates * cDim));
    const qVars = this.query.mlp.variables;
    const cVars = this.candidate.mlp.variables;
    const nq = qVars.length;
    const vars = [...qVars, ...cVars];
    // Results leave the tidy through these variables: returning typed arrays from tf.tidy makes
    // tfjs walk every element looking for tensors, a large share of a step (docs/performance.md).
    let lossValue = NaN;
    let dxq = new Float32Array(0);
    let dxc = new Float32Array(0);
    tf.tidy(() => {
      const xqT = tf.tensor2d(xq, [batch, qDim]);
      const xcT = tf.tensor2d(xc, [numCandidates, cDim]);
      const f = (...args: tf.Tensor[]) => {
        const q = this.query.forward(args[0] as tf.Tensor2D, args.slice(2, 2 + nq));
        const c = this.candidate.forward(args[1] as tf.Tensor2D, args.slice(2 + nq));
        return fusedRetrievalLoss(q, c, loss);
      };
      const { value, grads } = tf.valueAndGrads(f)([xqT, xcT, ...vars]);
      const named: tf.NamedTensorMap = {};
      vars.forEach((v, i) => {
        named[v.name] = grads[2 + i]!;
      });
      this.optimizer.applyGradients(named);
      lossValue = value.dataSync()[0]!;
      dxq = grads[0]!.dataSync() as Float32Array;
      dxc = grads[1]!.dataSync() as Float32Array;
    });
    this.query.inputs.backward(queries, batch, dxq);
    this.candidate.inputs.backward(candidates, numCandidates, dxc);
    return lossValue;
  }

  /** Query embeddings [n × dim]. */
  embedQueries(queries: TowerBatch, n: number): Float32Array {
    return this.query.embed(queries, n);
  }

  /** Candidate embeddings [n × dim]. */
  embedCandidates(candidates: TowerBatch, n: number): Float32Array {
    return this.candidate.embed(candidates, n);
  }

  /**
   * Saves the weights to `<dir>/<name>.json` + `.bin`; with `optimizer: true` also the
   * optimiser state, so that {@link loadWeights} resumes training exactly (checkpoints).
   */
  async saveWeights(dir: string, name = 'two-tower', options: { optimizer?: boolean } = {}): Promise<void> {
    writeWeights(dir, name, await collectState(towerParts([this.query, this.candidate], this.optimizer), options.optimizer ?? false));
  }

  /** Loads what {@link saveWeights} wrote into this model (same configuration required). */
  async loadWeights(dir: string, name = 'two-tower', options: { optimizer?: boolean } = {}): Promise<void> {
    await restoreState(towerParts([this.query, this.candidate], this.optimizer), readWeights(dir, name), options.optimizer ?? false);
  }

  dispose(): void {
    this.query.dispose();
    this.candidate.dispose();
    this.optimizer.dispose();
  }
}
