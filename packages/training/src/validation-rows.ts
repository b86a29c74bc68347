import { permutation, type Interactions } from '@twotower/data';

/** How {@link carveValidation} draws the validation rows out of the training rows. */
export interface CarveValidationOptions {
  /** Share of the drawn users' training rows held out, in (0, 1). */
  fraction: number;
  /** Seed of the draw. */
  seed: number;
  /**
   * Share of the users whose rows are drawn from, in (0, 1]. 1 (default): a share of all
   * training rows. Below 1: a seeded subset of the users, and `fraction` of their training rows;
   * every other user keeps all its rows for fitting, so the fit rows are nearly all the training
   * rows (as dense as the final model's) while each drawn user holds out as many rows as the
   * fraction says.
   */
  users?: number;
}

/**
 * Validation rows carved out of the training rows, and the rest (the fit rows).
 * @param trainRows `[n]` row indices of `log`
 * @throws naming the option when `fraction` or `users` is out of range
 */
export function carveValidation(log: Interactions, trainRows: Int32Array, options: CarveValidationOptions): { fitRows: Int32Array; validationRows: Int32Array } {
  const { fraction, seed } = options;
  const users = options.users ?? 1;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`trainingData: validationFraction must be in (0, 1) to carve validation rows, got ${fraction}`);
  if (!(users > 0 && users <= 1)) throw new Error(`trainingData: validationUsers must be in (0, 1], got ${users}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`trainingData: validationSeed must be a non-negative integer, got ${seed}`);
  if (users === 1) {
    const nVal = Math.max(1, Math.round(trainRows.length * fraction));
    const perm = permutation(trainRows.length, seed);
    return { validationRows: Int32Array.from(perm.subarray(0, nVal), (p) => trainRows[p]!), fitRows: Int32Array.from(perm.subarray(nVal), (p) => trainRows[p]!) };
  }
  const numUsers = log.userIds.length;
  const drawn = new Uint8Array(numUsers);
  const order = permutation(numUsers, seed);
  for (let k = 0; k < Math.max(1, Math.round(numUsers * users)); k++) drawn[order[k]!] = 1;
  const pool = trainRows.filter((r) => drawn[log.users[r]!] === 1);
  const nVal = Math.max(1, Math.round(pool.length * fraction));
  const held = new Uint8Array(log.length);
  const perm = permutation(pool.length, seed + 1);
  for (let k = 0; k < nVal; k++) held[pool[perm[k]!]!] = 1;
  return { validationRows: trainRows.filter((r) => held[r] === 1), fitRows: trainRows.filter((r) => held[r] === 0) };
}
