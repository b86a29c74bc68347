import { logSamplingProbabilities, sampleUniformNegatives, uniformLogProbability, type RetrievalLossOptions } from '@twotower/losses';

/** Options of a {@link RetrievalTask}: the retrieval loss and its negatives. */
export interface RetrievalTaskOptions {
  /** Softmax temperature (scores are divided by it). Default 1. */
  temperature?: number;
  /**
   * `'sum'` (default, as TFRS's Retrieval task) or `'mean'` of the per-example losses. The sum
   * scales the gradients with the batch: with the mean, the sparse embedding rows of a
   * default-initialised model (Adagrad 0.1) barely move.
   */
  reduction?: 'mean' | 'sum';
  /** Keep only this many hardest negatives per row; 0 (default) keeps all. */
  hardNegatives?: number;
  /** Uniformly sampled extra negatives per batch, besides the in-batch ones. Default 0. */
  sampledNegatives?: number;
  /**
   * Weight of the logQ (sampling-probability) correction: each candidate's score is lowered by
   * this times the log of its expected count in a batch, undoing the in-batch softmax's penalty
   * on popular items (they are everybody's negatives). 0 (default) is off.
   */
  logQCorrection?: number;
  /**
   * The logQ weight of a batch trained without its time (`fitRetrieval` with the spec's
   * `timeDropout`, which then hides the time of whole batches): a weight above
   * `logQCorrection` leans the query without a time — a user's list, judged against all of the
   * user's later items — further towards popular items than a query at a time, judged against
   * one item. In-batch negatives only. Absent (default): every batch uses `logQCorrection`.
   */
  untimedLogQCorrection?: number;
  /** Drop negatives that are the row's own positive item (accidental hits). Default false. */
  removeAccidentalHits?: boolean;
  /**
   * `'in-batch'` (default): the other examples' items are the negatives (plus `sampledNegatives`),
   * corrected by `logQCorrection`. `'catalogue'`: every catalogue item but the row's own is a
   * negative, once — the full softmax, with no sampling to correct (logQ, sampled negatives and
   * hard negatives do not apply). Each step then runs the candidate tower on batch + catalogue
   * rows: cheap while the catalogue is not much larger than a batch (MovieLens: 1,682 to 3,883 films).
   */
  negatives?: 'in-batch' | 'catalogue';
}

/** A batch's candidates and loss options, as {@link RetrievalTask.batch} makes them. */
export interface RetrievalBatch {
  /** `[n + sampled]` candidate item indices: the batch's own items, then the sampled negatives. */
  candidates: Int32Array;
  loss: RetrievalLossOptions;
}

/**
 * The retrieval task (TFRS's `tasks.Retrieval`): for a batch of (query, item) pairs it decides
 * the candidates (in-batch items plus sampled negatives) and everything the loss needs —
 * temperature, the logQ input from the items' sampling probabilities, accidental-hit masks,
 * hard-negative mining.
 */
export class RetrievalTask {
  private readonly logp: Float32Array;
  readonly options: Required<Omit<RetrievalTaskOptions, 'untimedLogQCorrection'>>;
  /** {@link RetrievalTaskOptions.untimedLogQCorrection}, when set. */
  readonly untimedLogQCorrection: number | undefined;

  /**
   * @param itemCounts `[items]` training interactions per item: the sampling distribution of in-batch negatives
   */
  constructor(
    options: RetrievalTaskOptions,
    private readonly itemCounts: Float32Array,
  ) {
    this.options = {
      temperature: options.temperature ?? 1,
      reduction: options.reduction ?? 'sum',
      hardNegatives: options.hardNegatives ?? 0,
      sampledNegatives: options.sampledNegatives ?? 0,
      logQCorrection: options.logQCorrection ?? 0,
      removeAccidentalHits: options.removeAccidentalHits ?? false,
      negatives: options.negatives ?? 'in-batch',
    };
    this.untimedLogQCorrection = options.untimedLogQCorrection;
    const o = this.options;
    const bad = (what: string, v: unknown) => new Error(`RetrievalTask: ${what}, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    if (!(o.temperature > 0 && Number.isFinite(o.temperature))) throw bad('temperature must be a positive finite number', o.temperature);
    if (o.reduction !== 'mean' && o.reduction !== 'sum') throw bad("reduction must be 'mean' or 'sum'", o.reduction);
    for (const k of ['hardNegatives', 'sampledNegatives'] as const) if (!Number.isInteger(o[k]) || o[k] < 0) throw bad(`${k} must be an integer >= 0`, o[k]);
    if (!(o.logQCorrection >= 0 && Number.isFinite(o.logQCorrection))) throw bad('logQCorrection must be a finite number >= 0', o.logQCorrection);
    if (o.negatives !== 'in-batch' && o.negatives !== 'catalogue') throw bad("negatives must be 'in-batch' or 'catalogue'", o.negatives);
    const u = this.untimedLogQCorrection;
    if (u !== undefined && !(u >= 0 && Number.isFinite(u))) throw bad('untimedLogQCorrection must be a finite number >= 0', u);
    if (u !== undefined && o.negatives === 'catalogue') throw new Error("RetrievalTask: untimedLogQCorrection applies to in-batch negatives; with negatives 'catalogue' there is no sampling to correct (leave it out)");
    if (itemCounts.length === 0) throw new Error('RetrievalTask: itemCounts is empty (no items to sample)');
    this.logp = logSamplingProbabilities(itemCounts);
  }

  get numItems(): number {
    return this.itemCounts.length;
  }

  /**
   * Candidates and loss options of one batch.
   * @param items `[n]` the batch's positive items
   * @param rand the generator of the sampled negatives
   * @param untimed the batch's queries read no time: its logQ weight is `untimedLogQCorrection` when set
   */
  batch(items: Int32Array, rand: () => number, untimed = false): RetrievalBatch {
    const o = this.options;
    const logQWeight = untimed && this.untimedLogQCorrection !== undefined ? this.untimedLogQCorrection : o.logQCorrection;
    const n = items.length;
    const loss: RetrievalLossOptions = { temperature: o.temperature, reduction: o.reduction, hardNegatives: o.hardNegatives || undefined };
    if (o.negatives === 'catalogue') {
      // the batch's positives, then every item once: row i's negatives are the catalogue but its own item
      const candidates = new Int32Array(n + this.numItems);
      candidates.set(items);
      for (let j = 0; j < this.numItems; j++) candidates[n + j] = j;
      return { candidates, loss: { temperature: o.temperature, reduction: o.reduction, inBatchNegatives: false, positiveIds: items, candidateIds: candidates } };
    }
    let candidates = items;
    if (o.sampledNegatives > 0) {
      const extra = sampleUniformNegatives(this.numItems, o.sampledNegatives, rand);
      candidates = new Int32Array(n + extra.length);
      candidates.set(items);
      candidates.set(extra, n);
    }
    if (logQWeight > 0) {
      // log of each column's expected count in a batch (sampled-softmax correction): in-batch
      // items n · p_j, uniform extras M / numItems. Not clipped at 0: the most popular items,
      // whose expected count exceeds 1, are the ones the correction matters most for.
      const lq = new Float32Array(candidates.length);
      const logN = Math.log(n);
      for (let j = 0; j < n; j++) lq[j] = this.logp[candidates[j]!]! + logN;
      const u = uniformLogProbability(this.numItems, o.sampledNegatives);
      for (let j = n; j < candidates.length; j++) lq[j] = u;
      loss.candidateLogProb = lq;
      loss.logQWeight = logQWeight;
    }
    if (o.removeAccidentalHits) {
      loss.positiveIds = items;
      loss.candidateIds = candidates;
    }
    return { candidates, loss };
  }

  /** The loss a train step returned, per example (the `'sum'` reduction divided by `n`). */
  perExample(loss: number, n: number): number {
    return this.options.reduction === 'sum' ? loss / n : loss;
  }
}
