import { tf, matMulABt } from '@twotower/runtime';
import { applyTemperature } from './temperature';
import { logQCorrection } from './logq-correction';
import { MASKED_LOGIT, removeAccidentalHits } from './remove-accidental-hits';
import { hardNegativeMining } from './hard-negative-mining';
import { inBatchSoftmax } from './in-batch-softmax';

/** Options of the retrieval loss; each part is off unless given. */
export interface RetrievalLossOptions {
  /** Scores are divided by it before the softmax. Default 1. */
  temperature?: number;
  /**
   * Log sampling (inclusion) probability of each candidate column, for the logQ correction.
   * Length = number of candidate columns. Omit to train without the correction.
   */
  candidateLogProb?: Float32Array;
  /** Fraction of the logQ correction applied (1 = full, as in Yi et al.). Default 1. */
  logQWeight?: number;
  /** Item id of each row's positive [batch] — with `candidateIds`, enables accidental-hit removal. */
  positiveIds?: Int32Array;
  /** Item id of each candidate column [numCandidates]. */
  candidateIds?: Int32Array;
  /**
   * More columns each row must not count as negatives (CSR): row i masks columns
   * `columns[offsets[i] .. offsets[i+1])`, e.g. the other items its user is known to like.
   * A row's own positive column is never masked. `offsets` `[batch + 1]`.
   */
  maskedColumns?: MaskedColumns;
  /** Keep only this many hardest negatives per row (0 or omitted: keep all). */
  hardNegatives?: number;
  /** Per-row weights [batch]; the loss is their weighted mean (or sum). */
  sampleWeights?: Float32Array;
  /**
   * How rows combine: `'mean'` (default) or `'sum'` (what TFRS' Retrieval task does; with
   * Adagrad and its initial accumulator of 0.1 it gives early steps `batch` times larger).
   */
  reduction?: 'mean' | 'sum';
  /**
   * Whether the other queries' positives (columns `0 .. batch-1` but the row's own) are
   * negatives. `false` leaves only the extra candidates (columns past `batch`) as negatives:
   * with every catalogue item as the extra candidates and accidental hits removed, this is the
   * full softmax over the catalogue. Default true.
   */
  inBatchNegatives?: boolean;
  /**
   * Distillation: a teacher's scores of every (row, candidate column), `scores` `[batch × n]`.
   * Each row's target becomes `(1 − weight) · its positive + weight · t`, where `t` is the
   * softmax over the row's live columns (those the student's softmax keeps) of
   * `z(teacher score) / temperature − logQ shift`: the teacher's scores standardised over the
   * row, and corrected for in-batch sampling as the student's logits are. Computed by
   * {@link fusedRetrievalLoss} only (on the main thread).
   */
  teacher?: RetrievalTeacher;
}

/** See {@link RetrievalLossOptions.maskedColumns}. */
export interface MaskedColumns {
  /** `[batch + 1]` where each row's masked columns start in `columns`. */
  offsets: Int32Array;
  /** The masked column indices, row after row. */
  columns: Int32Array;
}

/** See {@link RetrievalLossOptions.teacher}. */
export interface RetrievalTeacher {
  /** `[batch × n]` the teacher's score of each row's candidate columns. */
  scores: Float32Array;
  /** Temperature of the standardised teacher scores (> 0). */
  temperature: number;
  /** Share of each row's target given to the teacher, in [0, 1]. */
  weight: number;
}

/**
 * The retrieval task, TFRS-style: scores `q · cᵀ` → temperature → logQ correction →
 * accidental-hit removal → hard-negative mining → in-batch softmax cross-entropy.
 * Built from differentiable tfjs ops; {@link fusedRetrievalLoss} computes the same value and
 * gradients in one pass and is what training uses.
 *
 * @param queries [batch, dim] query-tower outputs
 * @param candidates [numCandidates, dim] candidate-tower outputs; row i is query i's positive,
 *   rows past `batch` are extra negatives
 * @returns scalar loss
 */
export function retrievalLoss(queries: tf.Tensor2D, candidates: tf.Tensor2D, options: RetrievalLossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    let logits = matMulABt(queries, candidates);
    logits = applyTemperature(logits, options.temperature ?? 1);
    if (options.candidateLogProb) {
      logits = logQCorrection(logits, tf.tensor1d(options.candidateLogProb), options.logQWeight ?? 1);
    }
    if (options.positiveIds && options.candidateIds) {
      logits = removeAccidentalHits(logits, tf.tensor1d(options.positiveIds, 'int32'), tf.tensor1d(options.candidateIds, 'int32'));
    }
    if (options.maskedColumns) logits = maskColumns(logits, options.maskedColumns);
    if (options.inBatchNegatives === false) {
      const [b, n] = logits.shape;
      const inBatch = tf.concat([tf.sub(tf.ones([b, b]), tf.eye(b)), tf.zeros([b, n - b])], 1);
      logits = tf.where(tf.cast(inBatch, 'bool'), tf.fill([b, n], MASKED_LOGIT), logits);
    }
    if (options.hardNegatives && options.hardNegatives > 0) {
      logits = hardNegativeMining(logits, options.hardNegatives);
    }
    return inBatchSoftmax(logits, options.sampleWeights ? tf.tensor1d(options.sampleWeights) : undefined, options.reduction ?? 'mean');
  });
}

/**
 * Sets each row's listed columns (never its own positive, column i) to {@link MASKED_LOGIT}.
 * @param logits [batch, n]
 */
function maskColumns(logits: tf.Tensor2D, masked: MaskedColumns): tf.Tensor2D {
  const [batch, n] = logits.shape;
  if (masked.offsets.length !== batch + 1) throw new Error(`retrievalLoss: options.maskedColumns.offsets has length ${masked.offsets.length}, expected batch + 1 = ${batch + 1}`);
  const cells = new Uint8Array(batch * n);
  for (let i = 0; i < batch; i++) {
    for (let k = masked.offsets[i]!; k < masked.offsets[i + 1]!; k++) {
      const j = masked.columns[k]!;
      if (j !== i) cells[i * n + j] = 1;
    }
  }
  return tf.where(tf.tensor2d(cells, [batch, n], 'bool'), tf.fill([batch, n], MASKED_LOGIT), logits) as tf.Tensor2D;
}
