/**
 * New towers start with the rows an unknown user id and an unknown item id read at zero, in every
 * member, and again after `resetTwoTower`; every other row keeps its random start.
 */
import { makeRecommender, testSpec } from './test-utils';
import type { Recommender } from './recommender';

/** The id an unknown user / item reads for `input`, and that row of every member's table. */
function unknownRows(rec: Recommender, tower: 'query' | 'candidate', input: string): { id: number; rows: Float32Array[] } {
  const batch = tower === 'query' ? rec.queryBatch(['someone new'], [0], false) : rec.candidatesFor(Int32Array.of(0));
  if (tower === 'query') rec.blankUser(batch, [0]);
  else rec.blankItemId(batch, [0]);
  const id = batch[input]![0]!;
  const rows = rec.models.twoTower.members.map((p) => {
    const t = p[tower].inputs.tables.get(input)!;
    return t.weights.subarray(id * t.dim, (id + 1) * t.dim);
  });
  return { id, rows };
}

describe('the rows an unknown user or item reads', () => {
  it('start at zero in every member, and again after resetTwoTower; known ids keep their random start', () => {
    const rec = makeRecommender({ ...testSpec(), model: { ...testSpec().model, members: 2 } });
    const check = () => {
      for (const [tower, input] of [['query', 'user_id'], ['candidate', 'title_id']] as const) {
        const { id, rows } = unknownRows(rec, tower, input);
        expect(rows).toHaveLength(2);
        for (const r of rows) expect(Array.from(r)).toEqual(new Array(8).fill(0));
        // a known id's row is not zero
        const known = rec.models.twoTower.members[0]![tower].inputs.tables.get(input)!;
        const other = id === 0 ? 1 : 0;
        expect(Array.from(known.weights.subarray(other * 8, (other + 1) * 8)).some((x) => x !== 0)).toBe(true);
      }
    };
    check();
    rec.models.resetTwoTower();
    check();
    // an unknown user is then embedded from what else it reads (here its time), the same for any unknown id
    const a = rec.embedQueries(['x'], [300]);
    const b = rec.embedQueries(['y'], [300]);
    expect(Array.from(a)).toEqual(Array.from(b));
    rec.dispose();
  });
});
