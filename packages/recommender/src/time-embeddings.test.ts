import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { Recommender } from './recommender';
import { timeBucketTables, timeEmbeddings } from './time-embeddings';

function build(resolutions: number[]): Recommender {
  const query = [
    ...movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 8 }),
    ...resolutions.map((bins) => ({ name: `timestamp_bucket_${bins}`, kind: 'discretized' as const, source: 'timestamp', bins, method: 'equal-width' as const, embeddingDim: 3 })),
  ];
  return Recommender.create({ query, candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4] } }, { users: ['a', 'b'], timestamps: [0, 8 * 86400] }, {
    catalogue: { ids: ['1'], titles: ['x'], genres: [[]] },
    users: { ids: ['a', 'b'], lastTimestamp: Float64Array.from([0, 8 * 86400]) },
    seen: { offsets: Int32Array.from([0, 0, 0]), items: new Int32Array(0) },
    popularity: Float32Array.from([1]),
  });
}

describe('timeEmbeddings', () => {
  it('one row per fine bucket, its centre in days; with a coarser resolution the coarse bucket\'s row beside it', () => {
    const rec = build([2]);
    const t = timeEmbeddings(rec)!;
    expect(t.buckets).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(t.days).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
    expect(t.dim).toBe(7);
    expect(t.resolutions).toEqual([2]);
    const fine = rec.models.twoTower.query.inputs.tables.get('timestamp_bucket')!;
    const coarse = rec.models.twoTower.query.inputs.tables.get('timestamp_bucket_2')!;
    const row = (i: number) => Array.from(t.vectors.subarray(i * 7, (i + 1) * 7));
    expect(row(5).slice(0, 4)).toEqual(Array.from(fine.weights.subarray(5 * 4, 6 * 4)));
    // buckets 0-3 are in the first half, 4-7 in the second
    expect(row(1).slice(4)).toEqual(row(3).slice(4));
    expect(row(4).slice(4)).toEqual(Array.from(coarse.weights.subarray(3, 6)));
    expect(row(4).slice(4)).not.toEqual(row(3).slice(4));
    expect(timeEmbeddings(rec, (b) => b % 2 === 0)!.buckets).toEqual([0, 2, 4, 6]);
    rec.dispose();
  });

  it('timeBucketTables: every bucketed time input with its bucket count (a "no time" row left out)', () => {
    const rec = build([2]);
    const tables = timeBucketTables(rec);
    expect(tables.map((t) => [t.name, t.buckets])).toEqual([
      ['timestamp_bucket', 8],
      ['timestamp_bucket_2', 2],
    ]);
    expect(tables[0]!.table).toBe(rec.models.twoTower.query.inputs.tables.get('timestamp_bucket'));
    rec.dispose();
  });

  it('is undefined for a tower without time', () => {
    const rec = Recommender.create({ query: movieLensQuerySpecs().slice(0, 1), candidate: movieLensCandidateSpecs(), model: {} }, { users: ['a'], timestamps: [0] }, {
      catalogue: { ids: ['1'], titles: ['x'], genres: [[]] },
      users: { ids: ['a'], lastTimestamp: Float64Array.from([0]) },
      seen: { offsets: Int32Array.from([0, 0]), items: new Int32Array(0) },
      popularity: Float32Array.from([1]),
    });
    expect(timeEmbeddings(rec)).toBeUndefined();
    rec.dispose();
  });
});
