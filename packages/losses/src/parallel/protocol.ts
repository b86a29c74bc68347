/** Shared state between the main thread and the softmax worker (one job at a time). */
export interface SharedBuffers {
  scores: SharedArrayBuffer; // Float32 [batch × n]
  grad: SharedArrayBuffer; // Float32 [batch × n]
  gradT: SharedArrayBuffer; // Float32 [n × batch]
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
  buffers?: SharedBuffers;
}
