import { EvalInputError } from '../errors';
import type { ScoreBlock } from '../protocols/evaluate-retrieval';

/**
 * Turns a per-user scorer into a per-query scorer for `evaluateRetrieval`'s `scoreQueries`: each
 * query row is scored as its user, each distinct user of a block once (rows arrive grouped by
 * user, so a block of 256 rows usually holds only a few users).
 * @param queryUser `[numQueries]` user of each query row (e.g. `test.user`).
 * @param numItems catalogue size.
 * @param scoreUsers writes `[users.length × numItems]` scores.
 */
export function queriesAsUsers(queryUser: Int32Array, numItems: number, scoreUsers: ScoreBlock): ScoreBlock {
  let scratch = new Float32Array(0);
  return async (rows, out) => {
    if (out.length !== rows.length * numItems) {
      throw new EvalInputError('out', `has length ${out.length}, expected rows × numItems = ${rows.length * numItems}`);
    }
    const users: number[] = [];
    const slot = new Int32Array(rows.length);
    const index = new Map<number, number>();
    for (let b = 0; b < rows.length; b++) {
      const r = rows[b]!;
      const u = queryUser[r];
      if (u === undefined) throw new EvalInputError(`rows[${b}]`, `is ${r}, outside the ${queryUser.length} queries`);
      let s = index.get(u);
      if (s === undefined) {
        s = users.length;
        index.set(u, s);
        users.push(u);
      }
      slot[b] = s;
    }
    const need = users.length * numItems;
    if (scratch.length < need) scratch = new Float32Array(need);
    const buf = scratch.subarray(0, need);
    await scoreUsers(Int32Array.from(users), buf);
    for (let b = 0; b < rows.length; b++) {
      const s = slot[b]! * numItems;
      out.set(buf.subarray(s, s + numItems), b * numItems);
    }
  };
}
