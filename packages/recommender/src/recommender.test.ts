import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@twotower/runtime';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { writeArtifact } from '@twotower/artifact';
import { Recommender, type RecommenderSpec } from './recommender';

const spec = (): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 10 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
});

function make() {
  const catalogue = {
    ids: ['1', '2', '3', '4'],
    titles: ['Toy Story (1995)', 'GoldenEye (1995)', 'Four Rooms (1995)', 'Get Shorty (1995)'],
    genres: [['Animation'], ['Action'], ['Thriller'], ['Comedy']],
  };
  return Recommender.create(spec(), { users: ['a', 'b', 'a', 'c'], timestamps: [100, 200, 300, 400] }, {
    catalogue,
    users: { ids: ['a', 'b', 'c'], lastTimestamp: Float64Array.from([300, 200, 400]) },
    seen: { offsets: Int32Array.from([0, 2, 3, 4]), items: Int32Array.from([0, 2, 1, 3]) },
    popularity: Float32Array.from([1, 1, 1, 1]),
  });
}

describe('Recommender', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('embeds by original ids, defaults the query time to the user latest, and maps unknown users to OOV', () => {
    const r = make();
    expect(r.itemIndex('3')).toBe(2);
    expect(r.itemIndex('nope')).toBe(-1);
    expect(Array.from(r.seenItems(0))).toEqual([0, 2]);
    expect(r.defaultTimestamp('a')).toBe(300);
    expect(r.defaultTimestamp('stranger')).toBe(400);
    expect(Array.from(r.embedQueries(['a']))).toEqual(Array.from(r.embedQueries(['a'], [300])));
    expect(r.embedQueries(['stranger']).length).toBe(8);
    expect(r.embedItems().length).toBe(4 * 8);
    expect(Array.from(r.embedItemIndices([2]))).toEqual(Array.from(r.embedItems().subarray(16, 24)));
    r.dispose();
  });

  it('saves into an artifact and loads back identical, ranking model included', async () => {
    const r = make();
    const ranking = r.addRankingModel({ layers: [16, 8], seed: 2 });
    ranking.trainStep(r.queryBatch(['a', 'b'], [300, 200]), r.candidatesFor([0, 1]), 2, Float32Array.from([1, 0]));
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
    await writeArtifact(dir, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (tmp) => r.save(tmp));
    const back = await Recommender.load(dir);
    expect(Array.from(back.embedItems())).toEqual(Array.from(r.embedItems()));
    expect(Array.from(back.embedQueries(['a', 'c']))).toEqual(Array.from(r.embedQueries(['a', 'c'])));
    expect(back.ranker?.kind).toBe('probability');
    expect(Array.from(back.ranker!.scorePairs(['a', 'b'], [3, 0]))).toEqual(Array.from(r.ranker!.scorePairs(['a', 'b'], [3, 0])));
    expect(() => back.ranker!.scorePairs(['a'], [1, 2])).toThrow(/1 users but 2 items/);
    r.dispose();
    back.dispose();
  });

  it('has no ranker until one is added', () => {
    const r = make();
    expect(r.ranker).toBeUndefined();
    r.dispose();
  });
});
