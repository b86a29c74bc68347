import { boxMuller, mulberry32 } from '@twotower/utils';

/**
 * @internal Test data: `perBlob` rows around each of `blobs` centres placed far apart (centre b
 * at `separation` along axis `b mod dim`, signed by `b / dim`), spread N(0, spread²) per column.
 * Rows are shuffled blob-wise interleaved: row i belongs to blob `truth[i]`.
 */
export function plantedBlobs(blobs: number, perBlob: number, dim: number, seed: number, separation = 20, spread = 1): { vectors: Float32Array; truth: Int32Array; rows: number } {
  const random = mulberry32(seed);
  const normal = boxMuller(random);
  const rows = blobs * perBlob;
  const vectors = new Float32Array(rows * dim);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const b = i % blobs;
    truth[i] = b;
    for (let d = 0; d < dim; d++) {
      const centre = d === b % dim ? (Math.floor(b / dim) % 2 === 0 ? separation : -separation) : 0;
      vectors[i * dim + d] = centre + spread * normal();
    }
  }
  return { vectors, truth, rows };
}

/** @internal True when `a` and `b` are the same partition up to a relabelling. */
export function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}
