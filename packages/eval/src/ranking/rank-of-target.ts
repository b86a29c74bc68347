/**
 * Rank of a target item in one score row, 0-based, for the factorized top-K metric: the number of
 * items scoring strictly higher than the target (ties count in the target's favour, so the result
 * is deterministic and independent of item order). O(numItems).
 *
 * The target is in the top K when the returned rank is `< K`. A NaN target score ranks last
 * (`length`); NaN scores of other items never count as higher.
 *
 * @param scores score rows, row-major; the row used is `scores[offset .. offset + length)`.
 * @param offset start of the row in `scores`.
 * @param length number of items in the row (the catalogue size).
 * @param target item index in `[0, length)`.
 */
export function rankOfTarget(scores: ArrayLike<number>, offset: number, length: number, target: number): number {
  const st = scores[offset + target]!;
  if (st !== st) return length;
  let higher = 0;
  const end = offset + length;
  for (let j = offset; j < end; j++) {
    if (scores[j]! > st) higher++;
  }
  return higher;
}
