import { EaseBaseline, type MatMulF32 } from '@twotower/eval';
import { parallelMatMulF32 } from './linalg/parallel-matmul';
import type { TrainingData } from './training-data';

/** Options of the EASE teacher ({@link FitRetrievalOptions.distill}). */
export interface DistillOptions {
  /** Share of each example's target given to the teacher, in [0, 1]. */
  weight: number;
  /** Temperature of the teacher's scores, standardised over each example's candidates. Default 1. */
  temperature?: number;
  /** EASE's L2 regularisation λ. Default 500. */
  lambda?: number;
}

/**
 * EASE as a teacher of the retrieval towers: its score of a candidate for a training example is
 * `x_u B` of the example's user — its fit items — less the example's own item's row of B, so the
 * teacher reads what the query tower reads (the user's other items), never the target.
 * Keeps `[users × items]` scores and the dense `[items × items]` B.
 */
export class EaseTeacher {
  private constructor(
    private readonly userScores: Float32Array,
    private readonly weights: Float32Array,
    readonly numItems: number,
  ) {}

  /** EASE on the data's fit rows (what the towers learn from), every user's scores computed once. */
  static fit(data: TrainingData, lambda = 500, matmul: MatMulF32 = parallelMatMulF32): EaseTeacher {
    const ease = EaseBaseline.fit(data.log, data.fitRows, data.numUsers, data.numItems, { lambda, matmul });
    const scores = new Float32Array(data.numUsers * data.numItems);
    ease.scoreUsers(Int32Array.from({ length: data.numUsers }, (_, u) => u), scores);
    return new EaseTeacher(scores, ease.weights, data.numItems);
  }

  /**
   * @param users `[n]` each example's user index
   * @param positives `[n]` each example's own item
   * @param candidates `[m]` the batch's candidate items
   * @returns `[n × m]` teacher scores
   */
  scores(users: ArrayLike<number>, positives: ArrayLike<number>, candidates: ArrayLike<number>): Float32Array {
    const n = users.length;
    const m = candidates.length;
    const I = this.numItems;
    const out = new Float32Array(n * m);
    for (let r = 0; r < n; r++) {
      const s = users[r]! * I;
      const b = positives[r]! * I;
      const o = r * m;
      for (let j = 0; j < m; j++) {
        const c = candidates[j]!;
        out[o + j] = this.userScores[s + c]! - this.weights[b + c]!;
      }
    }
    return out;
  }
}
