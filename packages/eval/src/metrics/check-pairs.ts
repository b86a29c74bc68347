import { EvalInputError } from '../errors';

/** @internal Checks that two parallel arrays have equal length and finite values. */
export function checkPairs(
  aName: string,
  a: ArrayLike<number>,
  bName: string,
  b: ArrayLike<number>,
): void {
  if (a.length !== b.length) {
    throw new EvalInputError(bName, `has length ${b.length} but ${aName} has ${a.length}; pass one value per example`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new EvalInputError(`${aName}[${i}]`, `is ${a[i]}; every value must be finite`);
    if (!Number.isFinite(b[i]!)) throw new EvalInputError(`${bName}[${i}]`, `is ${b[i]}; every value must be finite`);
  }
}

/** @internal Checks that every label is exactly 0 or 1. */
export function checkBinaryLabels(labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) {
      throw new EvalInputError(`labels[${i}]`, `is ${y}; binary labels must be 0 or 1 (e.g. rating >= 4 ? 1 : 0)`);
    }
  }
}
