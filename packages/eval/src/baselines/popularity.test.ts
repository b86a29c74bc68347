import { evaluateRetrieval } from '../protocols/evaluate-retrieval';
import { PopularityBaseline } from './popularity';

describe('PopularityBaseline', () => {
  const interactions = { user: new Int32Array([0, 1, 1, 2, 2, 2]), item: new Int32Array([2, 2, 0, 2, 0, 3]) };

  it('scores every user with the training counts', () => {
    const pop = PopularityBaseline.fit(interactions, new Int32Array([0, 1, 2, 3]), 4);
    expect(Array.from(pop.counts)).toEqual([1, 0, 3, 0]);
    const out = new Float32Array(8);
    pop.scoreUsers(new Int32Array([5, 0]), out);
    expect(Array.from(out)).toEqual([1, 0, 3, 0, 1, 0, 3, 0]);
    expect(() => pop.scoreUsers(new Int32Array([0]), new Float32Array(3))).toThrow(/out: has length 3/);
  });

  it('plugs into evaluateRetrieval through queryScorer', async () => {
    const pop = PopularityBaseline.fit(interactions, new Int32Array([0, 1, 2, 3]), 4);
    const test = { user: new Int32Array([2, 0]), item: new Int32Array([3, 0]) };
    const m = await evaluateRetrieval({ numItems: 4, test, scoreQueries: pop.queryScorer(test.user), ks: [1, 2] });
    // item 3 ties with item 1 at 0 (rank 2); item 0 is second (rank 1)
    expect(m.wholeCatalogue).toMatchObject({ top1: 0, top2: 0.5 });
  });
});
