import { tf } from '@twotower/runtime';
import { fusedRetrievalLoss, type RetrievalLossOptions } from '@twotower/losses';
import { Tower, type TowerConfig } from './tower';
import type { TowerBatch } from './tower-input';
import type { SparseOptimizerOptions } from './sparse-optimizer';
import { createDenseOptimizer } from './dense-optimizer';
import { collectState, restoreState, towerParts, type StateParts } from './model-state';
import { readWeights, writeWeights } from './weights-io';

/** Configuration of a {@link TwoTowerModel}. */
export interface TwoTowerConfig {
  query: TowerConfig;
  candidate: TowerConfig;
  /** Optimiser of both towers (embedding rows sparsely, MLP weights densely). Default Adagrad, lr 0.1. */
  optimizer?: SparseOptimizerOptions;
  /** Seed of all initial weights (member k's towers start from seed + k). Default 0. */
  seed?: number;
  /**
   * Independent pairs of towers (an ensemble), each initialised from its own seed and trained on
   * the same batches with its own loss; a query or item embedding is the members' embeddings side
   * by side, divided by √members, so a dot product is the mean of the members' dot products (a
   * cosine, for normalised towers). Default 1.
   */
  members?: number;
}

/** One member's examples of a {@link TwoTowerModel.trainMembers} step. */
export interface MemberStep {
  /** Query-tower inputs for `batch` examples. */
  queries: TowerBatch;
  batch: number;
  /** Candidate-tower inputs for `numCandidates >= batch` rows: row i is query i's positive, rows past `batch` are extra negatives. */
  candidates: TowerBatch;
  numCandidates: number;
  /** The loss's options for these examples (logQ, sample weights, teacher). */
  loss?: RetrievalLossOptions;
}

/** One member of a {@link TwoTowerModel}: a query tower and a candidate tower that meet in a dot product. */
export interface TwoTowerMember {
  readonly query: Tower;
  readonly candidate: Tower;
}

/**
 * The two-tower retrieval model: a query tower and a candidate tower whose outputs meet in a dot
 * product, trained with the in-batch softmax (plus whatever parts of the retrieval loss the
 * step's options switch on); with `members > 1`, several such pairs side by side.
 */
export class TwoTowerModel {
  readonly config: TwoTowerConfig;
  /** The pairs of towers; member 0's are named `query` and `candidate`, member k's `query-k` and `candidate-k`. */
  readonly members: readonly TwoTowerMember[];
  private readonly optimizer: tf.Optimizer;
  private qBufs: Float32Array[] = [];
  private cBufs: Float32Array[] = [];

  constructor(config: TwoTowerConfig) {
    this.config = config;
    const qOut = (config.query.layers ?? [32]).at(-1);
    const cOut = (config.candidate.layers ?? [32]).at(-1);
    if (qOut !== cOut) {
      throw new Error(`the towers' last layers differ (query ${qOut}, candidate ${cOut}): their dot product needs equal sizes`);
    }
    const m = config.members ?? 1;
    if (!Number.isInteger(m) || m < 1) throw new Error(`members must be a positive integer, got ${m}`);
    const members: TwoTowerMember[] = [];
    for (let k = 0; k < m; k++) {
      const seed = (config.seed ?? 0) + k;
      const suffix = k === 0 ? '' : `-${k}`;
      // the candidate tower first: query inputs with `sharedTable` read its tables
      const candidate = new Tower(`candidate${suffix}`, config.candidate, { seed: seed * 2 + 2, optimizer: config.optimizer });
      const query = new Tower(`query${suffix}`, config.query, { seed: seed * 2 + 1, optimizer: config.optimizer, sharedTables: candidate.inputs.tables });
      members.push({ query, candidate });
    }
    this.members = members;
    this.optimizer = createDenseOptimizer(config.optimizer);
  }

  /** Member 0's query tower (every member's towers read the same inputs). */
  get query(): Tower {
    return this.members[0]!.query;
  }

  /** Member 0's candidate tower. */
  get candidate(): Tower {
    return this.members[0]!.candidate;
  }

  /** Embedding width: the towers' output width times the number of members. */
  get dim(): number {
    return this.query.outputDim * this.members.length;
  }

  /** Every dense variable of every tower. */
  get variables(): tf.Variable[] {
    return this.members.flatMap((p) => [...p.query.mlp.variables, ...p.candidate.mlp.variables]);
  }

  /**
   * One training step: each member's loss on the same examples (members share no parameter, so
   * each learns from its own loss alone).
   * @param queries query-tower inputs for `batch` examples
   * @param candidates candidate-tower inputs for `numCandidates >= batch` rows: row i is query
   *   i's positive, rows past `batch` are extra negatives
   * @returns the loss before the update (the members' mean)
   */
  trainStep(queries: TowerBatch, batch: number, candidates: TowerBatch, numCandidates: number, loss: RetrievalLossOptions = {}): number {
    const step: MemberStep = { queries, batch, candidates, numCandidates, loss };
    return this.trainMembers(this.members.map(() => step));
  }

  /**
   * One training step in which each member learns from its own examples (`steps[k]` is member
   * k's: its own batch order, negatives and masks), so the members differ by more than their
   * initial weights. Member k's query and candidate inputs are `[steps[k].batch × …]` and
   * `[steps[k].numCandidates × …]`.
   * @returns the loss before the update (the members' mean)
   */
  trainMembers(steps: readonly MemberStep[]): number {
    const members = this.members;
    const m = members.length;
    if (steps.length !== m) throw new Error(`trainMembers: ${steps.length} member steps for ${m} members (give one per member)`);
    const qDim = this.query.inputs.inputDim;
    const cDim = this.candidate.inputs.inputDim;
    const xq: Float32Array[] = [];
    const xc: Float32Array[] = [];
    members.forEach((p, k) => {
      const { queries, batch, candidates, numCandidates } = steps[k]!;
      if ((this.qBufs[k]?.length ?? 0) < batch * qDim) this.qBufs[k] = new Float32Array(batch * qDim);
      if ((this.cBufs[k]?.length ?? 0) < numCandidates * cDim) this.cBufs[k] = new Float32Array(numCandidates * cDim);
      xq.push(p.query.inputs.assemble(queries, batch, this.qBufs[k]!.subarray(0, batch * qDim)));
      xc.push(p.candidate.inputs.assemble(candidates, numCandidates, this.cBufs[k]!.subarray(0, numCandidates * cDim)));
    });
    // per member: its query variables, then its candidate variables
    const counts = members.map((p) => [p.query.mlp.variables.length, p.candidate.mlp.variables.length] as const);
    const vars = this.variables;
    // Results leave the tidy through these variables: returning typed arrays from tf.tidy makes
    // tfjs walk every element looking for tensors, a large share of a step (docs/performance.md).
    let lossValue = NaN;
    const dxq: Float32Array[] = [];
    const dxc: Float32Array[] = [];
    tf.tidy(() => {
      const inputs = members.flatMap((_, k) => [tf.tensor2d(xq[k]!, [steps[k]!.batch, qDim]), tf.tensor2d(xc[k]!, [steps[k]!.numCandidates, cDim])]);
      const f = (...args: tf.Tensor[]) => {
        let at = 2 * m;
        let total: tf.Scalar | undefined;
        members.forEach((p, k) => {
          const [nq, nc] = counts[k]!;
          const q = p.query.forward(args[2 * k] as tf.Tensor2D, args.slice(at, at + nq));
          const c = p.candidate.forward(args[2 * k + 1] as tf.Tensor2D, args.slice(at + nq, at + nq + nc));
          at += nq + nc;
          const l = fusedRetrievalLoss(q, c, steps[k]!.loss ?? {});
          total = total ? (tf.add(total, l) as tf.Scalar) : l;
        });
        return total!;
      };
      const { value, grads } = tf.valueAndGrads(f)([...inputs, ...vars]);
      const named: tf.NamedTensorMap = {};
      vars.forEach((v, i) => {
        named[v.name] = grads[2 * m + i]!;
      });
      this.optimizer.applyGradients(named);
      lossValue = value.dataSync()[0]! / m;
      for (let k = 0; k < m; k++) {
        dxq.push(grads[2 * k]!.dataSync() as Float32Array);
        dxc.push(grads[2 * k + 1]!.dataSync() as Float32Array);
      }
    });
    members.forEach((p, k) => {
      const { queries, batch, candidates, numCandidates } = steps[k]!;
      p.query.inputs.backward(queries, batch, dxq[k]!);
      p.candidate.inputs.backward(candidates, numCandidates, dxc[k]!);
    });
    return lossValue;
  }

  /**
   * Query embeddings [n × dim].
   * @param queries query-tower inputs for `n` queries, or one such batch per member (member k
   *   reads `queries[k]`: e.g. a member that never reads a time gets the batch with its time blanked)
   */
  embedQueries(queries: TowerBatch | readonly TowerBatch[], n: number): Float32Array {
    const per = Array.isArray(queries) ? (queries as readonly TowerBatch[]) : undefined;
    if (per && per.length !== this.members.length) throw new Error(`embedQueries: ${per.length} query batches for ${this.members.length} members (give one, or one per member)`);
    return this.sideBySide(this.members.map((p, k) => p.query.embed(per ? per[k]! : (queries as TowerBatch), n)), n);
  }

  /** Candidate embeddings [n × dim]. */
  embedCandidates(candidates: TowerBatch, n: number): Float32Array {
    return this.sideBySide(this.members.map((p) => p.candidate.embed(candidates, n)), n);
  }

  /** The members' `[n × d]` embeddings as `[n × (members · d)]`, each divided by √members (one member: itself). */
  private sideBySide(parts: Float32Array[], n: number): Float32Array {
    if (parts.length === 1) return parts[0]!;
    const d = this.query.outputDim;
    const w = d * parts.length;
    const scale = 1 / Math.sqrt(parts.length);
    const out = new Float32Array(n * w);
    parts.forEach((part, k) => {
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * w + k * d + j] = part[i * d + j]! * scale;
    });
    return out;
  }

  /**
   * Saves the weights to `<dir>/<name>.json` + `.bin`; with `optimizer: true` also the
   * optimiser state, so that {@link loadWeights} resumes training exactly (checkpoints).
   */
  async saveWeights(dir: string, name = 'two-tower', options: { optimizer?: boolean } = {}): Promise<void> {
    writeWeights(dir, name, await collectState(this.stateParts(), options.optimizer ?? false));
  }

  /** Loads what {@link saveWeights} wrote into this model (same configuration required). */
  async loadWeights(dir: string, name = 'two-tower', options: { optimizer?: boolean } = {}): Promise<void> {
    await restoreState(this.stateParts(), readWeights(dir, name), options.optimizer ?? false);
  }

  /**
   * The model's state as {@link collectState} and {@link restoreState} take it: every embedding
   * table (a shared one once), every dense variable by stable name, and the dense optimiser. The
   * parts are live: e.g. `collectState(model.stateParts(), false)` for the weights in memory (copy
   * them to keep them), `restoreState(model.stateParts(), state, false)` to put them back.
   */
  stateParts(): StateParts {
    return towerParts(this.towers, this.optimizer);
  }

  /** Every tower, member by member (query, candidate). */
  private get towers(): Tower[] {
    return this.members.flatMap((p) => [p.query, p.candidate]);
  }

  dispose(): void {
    for (const t of this.towers) t.dispose();
    this.optimizer.dispose();
  }
}
