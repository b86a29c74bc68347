/**
 * New towers start with the rows an unknown user id and an unknown item id read at zero, in every
 * member, and again after `resetTwoTower`; every other row keeps its random start. After
 * training, `averageUnknownRows` sets those still at zero to their table's mean row.
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

  it('averageUnknownRows: a row still at zero becomes the mean of its table’s other rows; a trained one is left alone', () => {
    const rec = makeRecommender({ ...testSpec(), model: { ...testSpec().model, members: 2 } });
    // user_id and title_id, in each of the two members
    expect(rec.averageUnknownRows()).toBe(4);
    for (const [tower, input] of [['query', 'user_id'], ['candidate', 'title_id']] as const) {
      const { id, rows } = unknownRows(rec, tower, input);
      rec.models.twoTower.members.forEach((p, k) => {
        const t = p[tower].inputs.tables.get(input)!;
        for (let j = 0; j < t.dim; j++) {
          let sum = 0;
          for (let r = 0; r < t.vocabularySize; r++) if (r !== id) sum += t.weights[r * t.dim + j]!;
          expect(rows[k]![j]).toBeCloseTo(sum / (t.vocabularySize - 1), 6);
        }
      });
    }
    // nothing is still at zero: a second call sets none; a row trained away from zero is never replaced
    expect(rec.averageUnknownRows()).toBe(0);
    const fresh = makeRecommender();
    const { rows } = unknownRows(fresh, 'query', 'user_id');
    rows[0]![0] = 0.5;
    expect(fresh.averageUnknownRows()).toBe(1);
    expect(rows[0]![0]).toBe(0.5);
    rec.dispose();
    fresh.dispose();
  });
});
