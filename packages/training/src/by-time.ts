/** Orders log rows by time, oldest first (rows without a finite time last), ties by row. */
export function byTime(timestamps: ArrayLike<number>): (a: number, b: number) => number {
  const time = (r: number) => (Number.isFinite(timestamps[r]!) ? timestamps[r]! : Infinity);
  return (a, b) => time(a) - time(b) || a - b;
}
