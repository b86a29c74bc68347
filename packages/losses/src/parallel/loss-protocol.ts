/** Byte offsets of the regions of the loss pool's kernel memory. */
export interface LossRegions {
  /** Raw scores `[batch × n]` (each thread writes its chunks' rows). */
  scores: number;
  /** `dLoss/dScores` `[batch × n]` (each thread its chunks' rows). */
  grad: number;
  /** `logQWeight · candidateLogProb` `[n]` (zeros without logQ). */
  shift: number;
  /** Query embeddings `[batch × dim]`. */
  q: number;
  /** Candidate embeddings `[n × dim]`. */
  c: number;
  /** `dLoss/dQueries` `[batch × dim]` (each thread its chunks' rows). */
  dq: number;
  /** Each thread's part of dLoss/dCandidates: [main, worker]. */
  dc: [number, number];
  /** Each thread's transposed chunk: [main, worker]. */
  scratch: [number, number];
  /** Bytes in all. */
  bytes: number;
}

/** The loss pool's shared state (sent to the worker when it is new). */
export interface LossBuffers {
  memory: { buffer: ArrayBufferLike };
  regions: LossRegions;
  positiveIds: SharedArrayBuffer; // Int32 [batch]
  candidateIds: SharedArrayBuffer; // Int32 [n]
  sampleWeights: SharedArrayBuffer; // Float32 [batch]
}

/** One loss for the worker's share. */
export interface LossJob {
  seq: number;
  batch: number;
  n: number;
  dim: number;
  chunk: number;
  totalWeight: number;
  temperature: number;
  inBatchNegatives: boolean;
  hasHits: boolean;
  hasWeights: boolean;
  buffers?: LossBuffers;
}

/** Int32 slots of the control buffer (Float64 at byte {@link WORKER_LOSS_BYTE}: the worker's loss sum). */
export const LOSS_CONTROL = {
  /** 0 while the worker starts its tfjs backend, 1 ready, -1 it could not. */
  state: 0,
  /** Next query row to take (both threads add the chunk size). */
  next: 1,
  /** Sequence number of the last job the worker finished (negative: it failed). */
  done: 2,
} as const;
export const WORKER_LOSS_BYTE = 16;

/** Lays out the regions for capacities (floats rounded up to 16 bytes). */
export function lossRegions(batch: number, n: number, dim: number, chunk: number): LossRegions {
  let at = 0;
  const take = (floats: number) => {
    const here = at;
    at += Math.ceil(floats / 4) * 16;
    return here;
  };
  const scores = take(batch * n);
  const grad = take(batch * n);
  const shift = take(n);
  const q = take(batch * dim);
  const c = take(n * dim);
  const dq = take(batch * dim);
  const dc: [number, number] = [take(n * dim), take(n * dim)];
  const scratch: [number, number] = [take(n * chunk), take(n * chunk)];
  return { scores, grad, shift, q, c, dq, dc, scratch, bytes: at };
}
