/** @internal Sizes of a k-means run, shared with the worker thread. */
export interface KMeansShape {
  rows: number;
  dim: number;
  k: number;
  /** k-means++ candidates per centre: 2 + ⌊ln k⌋. */
  trials: number;
  /** Groups of centres with their own lower bound (Yinyang): max(1, round(k / 10)). */
  groups: number;
}

/**
 * @internal The arrays a k-means run works on, as views over (shared) buffers so that a worker
 * thread can take part. The rows are split into two fixed parts whatever the thread count; each
 * part has its own partial sums, so results do not depend on the number of threads.
 */
export interface KMeansState extends KMeansShape {
  /** Rows `[rows × dim]` in double. */
  x: Float64Array;
  /** `||x_i||²` `[rows]`. */
  xNorms: Float64Array;
  /** Centres `[k × dim]`. */
  centroids: Float64Array;
  /** `||c_j||²` `[k]`. */
  cNorms: Float64Array;
  /** Half the distance from each centre to its nearest other centre `[k]`. */
  half: Float64Array;
  /** Cluster of each row `[rows]` (−1 before the first E-step). */
  assign: Int32Array;
  /** Hamerly's upper bound on the distance to the assigned centre `[rows]`. */
  upper: Float64Array;
  /** Per row and group of centres, a lower bound on the distance to the group's centres other than the assigned one `[rows × groups]`. */
  lower: Float64Array;
  /** Centres of group g are `[groupStart[g], groupStart[g + 1])` `[groups + 1]`. */
  groupStart: Int32Array;
  /** Per part, the change of each cluster's sum in the last E-step `[2 × k × dim]`. */
  dSums: Float64Array;
  /** Per part, the change of each cluster's count in the last E-step `[2 × k]`. */
  dCounts: Int32Array;
  /** Per part: rows that changed cluster, rows fully scanned `[2 × 2]`. */
  stats: Float64Array;
  /** k-means++: squared distance of each row to its nearest centre so far `[rows]`. */
  closest: Float64Array;
  /** k-means++: that centre `[rows]`. */
  nearest: Int32Array;
  /** k-means++: the candidates' rows `[trials × dim]`, their norms `[trials]`. */
  cand: Float64Array;
  candNorms: Float64Array;
  /** k-means++: squared distance of candidate t to centre j, `[trials × k]`. */
  toCentres: Float64Array;
  /** k-means++: min(closest, distance² to candidate t) per row, `[trials × rows]`. */
  trialDist: Float64Array;
  /** k-means++: per part, each candidate's partial potential `[2 × trials]`. */
  potsPart: Float64Array;
}

const FLOAT_FIELDS = ['x', 'xNorms', 'centroids', 'cNorms', 'half', 'upper', 'lower', 'dSums', 'stats', 'closest', 'cand', 'candNorms', 'toCentres', 'trialDist', 'potsPart'] as const;
const INT_FIELDS = ['assign', 'dCounts', 'nearest', 'groupStart'] as const;

function lengths(s: KMeansShape): Record<(typeof FLOAT_FIELDS)[number] | (typeof INT_FIELDS)[number], number> {
  const { rows, dim, k, trials, groups } = s;
  return {
    x: rows * dim,
    xNorms: rows,
    centroids: k * dim,
    cNorms: k,
    half: k,
    upper: rows,
    lower: rows * groups,
    dSums: 2 * k * dim,
    stats: 4,
    closest: rows,
    cand: trials * dim,
    candNorms: trials,
    toCentres: trials * k,
    trialDist: trials * rows,
    potsPart: 2 * trials,
    assign: rows,
    dCounts: 2 * k,
    nearest: rows,
    groupStart: groups + 1,
  };
}

/** @internal The buffers behind a {@link KMeansState}: what is sent to the worker. */
export interface RawState {
  shape: KMeansShape;
  buffers: Record<string, ArrayBufferLike>;
}

/** @internal Allocates a state, over SharedArrayBuffers when `shared`. */
export function allocateState(shape: KMeansShape, shared: boolean): RawState {
  const buffers: Record<string, ArrayBufferLike> = {};
  const len = lengths(shape);
  for (const f of FLOAT_FIELDS) buffers[f] = shared ? new SharedArrayBuffer(len[f] * 8) : new ArrayBuffer(len[f] * 8);
  for (const f of INT_FIELDS) buffers[f] = shared ? new SharedArrayBuffer(len[f] * 4) : new ArrayBuffer(len[f] * 4);
  return { shape, buffers };
}

/** @internal Typed-array views over a {@link RawState}. */
export function stateOf(raw: RawState): KMeansState {
  const views: Record<string, Float64Array | Int32Array> = {};
  for (const f of FLOAT_FIELDS) views[f] = new Float64Array(raw.buffers[f]!);
  for (const f of INT_FIELDS) views[f] = new Int32Array(raw.buffers[f]!);
  return { ...raw.shape, ...(views as unknown as Omit<KMeansState, keyof KMeansShape>) };
}

/** @internal Rows `[start, end)` of part `p` (0 or 1). */
export function partRange(rows: number, p: number): [number, number] {
  const mid = rows >>> 1;
  return p === 0 ? [0, mid] : [mid, rows];
}
