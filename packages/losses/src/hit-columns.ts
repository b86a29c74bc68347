/**
 * The columns holding each candidate id `[n]`, so that a row masks its accidental hits (other
 * columns with its positive's id) without comparing every column: most rows have none.
 */
export function columnsById(candidateIds: ArrayLike<number>, n: number): Map<number, number[]> {
  const columns = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const list = columns.get(candidateIds[j]!);
    if (list) list.push(j);
    else columns.set(candidateIds[j]!, [j]);
  }
  return columns;
}
