/**
 * The first index in `[lo, hi)` of a sorted (ascending) `values` whose value is not below `x`;
 * `hi` when every value there is below it.
 */
export function lowerBound(values: ArrayLike<number>, x: number, lo = 0, hi = values.length): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (values[mid]! < x) a = mid + 1;
    else b = mid;
  }
  return a;
}
