/** Shared state between the main thread and the softmax worker (one job at a time). */
export interface SharedBuffers {
  /**
   * Float32 matrices, one after the other: scores `[batch × n]`, grad `[batch × n]`, gradT
   * `[n × batch]` (each `cells` floats), then the logQ shift `[n]` (`columns` floats). The buffer
   * of `memory` when the SIMD kernel runs.
   */
  matrices: SharedArrayBuffer;
  /** The shared WebAssembly memory holding `matrices`, for the SIMD kernel (absent: JavaScript pass). */
  memory?: { buffer: ArrayBufferLike };
  /** Capacity of each of scores, grad and gradT, in floats. */
  cells: number;
  /** Capacity of the shift, in floats. */
  columns: number;
  logq: SharedArrayBuffer; // Float32 [n]
  candidateIds: SharedArrayBuffer; // Int32 [n]
  positiveIds: SharedArrayBuffer; // Int32 [batch]
  sampleWeights: SharedArrayBuffer; // Float32 [batch]
  /** Int32 [2]: 0 = job sequence number the worker finished; Float64 view at byte 8: its loss sum. */
  control: SharedArrayBuffer;
}

/** One job: rows [rowStart, rowEnd) of the softmax, then those rows' columns of the transpose. */
export interface Job {
  seq: number;
  batch: number;
  n: number;
  rowStart: number;
  rowEnd: number;
  totalWeight: number;
  temperature: number;
  logQWeight: number;
  hardNegatives: number;
  inBatchNegatives: boolean;
  hasLogq: boolean;
  hasHits: boolean;
  hasWeights: boolean;
  /** Run the SIMD kernel (the caller filled the shift). */
  simd: boolean;
  buffers?: SharedBuffers;
}
