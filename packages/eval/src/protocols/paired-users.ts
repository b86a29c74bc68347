import { EvalInputError } from '../errors';
import type { PerUserValues } from './evaluate-retrieval';
import type { PairedDifference } from './evaluate-two-stage';
import { pairedDifference } from './paired-difference';

/**
 * The mean over users of `a − b` for one per-user figure of two evaluations of the same test
 * rows (each `RetrievalMetrics.userValues`, e.g. a model and EASE), with its standard error:
 * paired by user, so the users' own difficulty cancels and the error is far smaller than the
 * two means' errors would suggest.
 *
 * @param metric a kept figure, `recall@K` or `ndcg@K`
 * @throws EvalInputError naming the field when the two do not hold the same users, protocol or figure
 */
export function pairedUserDifference(a: PerUserValues, b: PerUserValues, metric: string): PairedDifference {
  if (a.protocol !== b.protocol) throw new EvalInputError('userValues.protocol', `differs ('${a.protocol}' and '${b.protocol}'): compare figures of the same protocol`);
  const n = a.users.length;
  if (b.users.length !== n || a.users.some((u, i) => u !== b.users[i])) {
    throw new EvalInputError('userValues.users', `differ (${n} and ${b.users.length} users): evaluate both on the same test rows`);
  }
  const x = a.metrics[metric];
  const y = b.metrics[metric];
  if (!x || !y) throw new EvalInputError('metric', `'${metric}' is not kept (kept: ${Object.keys(a.metrics).join(', ')})`);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    sum += d;
    squares += d * d;
  }
  return pairedDifference(sum, squares, n);
}
