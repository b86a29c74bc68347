/**
 * Running sums of the per-user ranking metrics at several cut-offs, fed one recommended list at a
 * time; also catalogue coverage and the popularity of what is recommended. Internal building block
 * of `evaluateRetrieval`; the definitions match `metrics/list-metrics.ts`.
 */
/**
 * Ideal DCG of nDCG@K: `'atK'` = DCG of min(K, |relevant|) hits (standard; 1.0 is reachable);
 * `'allRelevant'` = DCG of all |relevant| hits, not capped at K (as in Dacrema et al.'s evaluation
 * code, which gives lower values when users have more than K test items).
 */
export type NdcgIdeal = 'atK' | 'allRelevant';

export class PerUserAccumulator {
  private readonly ks: readonly number[];
  private readonly idcg: Float64Array;
  private readonly recall: Float64Array;
  private readonly precision: Float64Array;
  private readonly ndcg: Float64Array;
  private readonly map: Float64Array;
  private readonly hit: Float64Array;
  private readonly pctSum: Float64Array;
  private readonly logPopSum: Float64Array;
  private readonly entries: Float64Array;
  /** Best (smallest) 0-based list position at which each item was recommended to anyone. */
  private readonly bestPosition: Int32Array;
  private rrSum = 0;
  private users = 0;
  /** Each user's recall@K and nDCG@K, in the order added (when kept). */
  private readonly kept: { recall: number[][]; ndcg: number[][] } | undefined;

  /**
   * @param ks sorted unique cut-offs.
   * @param numItems catalogue size.
   * @param percentile `[numItems]` popularity percentile per item, or undefined.
   * @param logPopularity `[numItems]` ln(1 + count) per item, or undefined.
   */
  constructor(
    ks: readonly number[],
    private readonly numItems: number,
    private readonly percentile?: Float64Array,
    private readonly logPopularity?: Float64Array,
    private readonly ndcgIdeal: NdcgIdeal = 'atK',
    keepValues = false,
  ) {
    this.ks = ks;
    this.kept = keepValues ? { recall: ks.map(() => []), ndcg: ks.map(() => []) } : undefined;
    const maxIdeal = ndcgIdeal === 'atK' ? (ks[ks.length - 1] ?? 0) : numItems;
    this.idcg = new Float64Array(maxIdeal + 1);
    for (let r = 1; r <= maxIdeal; r++) this.idcg[r] = this.idcg[r - 1]! + 1 / Math.log2(r + 1);
    const nk = ks.length;
    this.recall = new Float64Array(nk);
    this.precision = new Float64Array(nk);
    this.ndcg = new Float64Array(nk);
    this.map = new Float64Array(nk);
    this.hit = new Float64Array(nk);
    this.pctSum = new Float64Array(nk);
    this.logPopSum = new Float64Array(nk);
    this.entries = new Float64Array(nk);
    this.bestPosition = new Int32Array(numItems).fill(0x7fffffff);
  }

  /**
   * Adds one user.
   * @param list recommended items best first; the first `listLength` entries are used.
   * @param relevantMark `relevantMark[item] === mark` exactly for the user's relevant items.
   * @param numRelevant number of distinct relevant items (> 0).
   * @param reciprocalRank 1 / (1-based rank of the first relevant item in the full ranking), 0 if none.
   */
  addUser(
    list: Int32Array,
    listLength: number,
    relevantMark: Int32Array,
    mark: number,
    numRelevant: number,
    reciprocalRank: number,
  ): void {
    const ks = this.ks;
    const pct = this.percentile;
    const logPop = this.logPopularity;
    let hits = 0;
    let dcg = 0;
    let apSum = 0;
    let pctAcc = 0;
    let logAcc = 0;
    let ki = 0;
    const record = (k: number, len: number): void => {
      const recall = hits / numRelevant;
      this.recall[ki]! += recall;
      this.precision[ki]! += len > 0 ? hits / len : 0;
      const ideal = Math.min(k, numRelevant);
      const idealForNdcg = this.ndcgIdeal === 'atK' ? ideal : Math.min(numRelevant, this.idcg.length - 1);
      const ndcg = dcg / this.idcg[idealForNdcg]!;
      this.ndcg[ki]! += ndcg;
      if (this.kept) {
        this.kept.recall[ki]!.push(recall);
        this.kept.ndcg[ki]!.push(ndcg);
      }
      this.map[ki]! += apSum / ideal;
      this.hit[ki]! += hits > 0 ? 1 : 0;
      this.pctSum[ki]! += pctAcc;
      this.logPopSum[ki]! += logAcc;
      this.entries[ki]! += len;
    };
    for (let p = 0; p < listLength; p++) {
      while (ki < ks.length && ks[ki] === p) {
        record(ks[ki]!, p);
        ki++;
      }
      const item = list[p]!;
      if (relevantMark[item] === mark) {
        hits++;
        dcg += 1 / Math.log2(p + 2);
        apSum += hits / (p + 1);
      }
      if (pct !== undefined) pctAcc += pct[item]!;
      if (logPop !== undefined) logAcc += logPop[item]!;
      if (p < this.bestPosition[item]!) this.bestPosition[item] = p;
    }
    while (ki < ks.length) {
      record(ks[ki]!, listLength);
      ki++;
    }
    this.rrSum += reciprocalRank;
    this.users++;
  }

  /** Number of users added. */
  get numUsers(): number {
    return this.users;
  }

  /** Mean metrics over the users added: keys `recall@K`, `precision@K`, `ndcg@K`, `map@K`, `hitRate@K`, `mrr`. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    const u = this.users;
    for (let i = 0; i < this.ks.length; i++) {
      const k = this.ks[i]!;
      out[`recall@${k}`] = this.recall[i]! / u;
      out[`precision@${k}`] = this.precision[i]! / u;
      out[`ndcg@${k}`] = this.ndcg[i]! / u;
      out[`map@${k}`] = this.map[i]! / u;
      out[`hitRate@${k}`] = this.hit[i]! / u;
    }
    out.mrr = this.rrSum / u;
    return out;
  }

  /**
   * Each user's `recall@K` and `ndcg@K`, in the order the users were added; undefined unless
   * the accumulator was built with `keepValues`.
   */
  values(): Record<string, Float64Array> | undefined {
    const kept = this.kept;
    if (!kept) return undefined;
    const out: Record<string, Float64Array> = {};
    this.ks.forEach((k, i) => {
      out[`recall@${k}`] = Float64Array.from(kept.recall[i]!);
      out[`ndcg@${k}`] = Float64Array.from(kept.ndcg[i]!);
    });
    return out;
  }

  /** Fraction of the catalogue in at least one user's top K, keys `coverage@K`. */
  coverage(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of this.ks) {
      let c = 0;
      for (let j = 0; j < this.numItems; j++) if (this.bestPosition[j]! < k) c++;
      out[`coverage@${k}`] = this.numItems > 0 ? c / this.numItems : NaN;
    }
    return out;
  }

  /**
   * Mean popularity percentile and mean ln(1 + count) of the recommended entries (every user's top K
   * counted with multiplicity), keys `meanPercentile@K`, `meanLogPopularity@K`.
   */
  popularity(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.ks.length; i++) {
      const k = this.ks[i]!;
      const e = this.entries[i]!;
      out[`meanPercentile@${k}`] = e > 0 ? this.pctSum[i]! / e : NaN;
      out[`meanLogPopularity@${k}`] = e > 0 ? this.logPopSum[i]! / e : NaN;
    }
    return out;
  }
}
