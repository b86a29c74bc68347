/**
 * `spec.memberTimeDropout`: a member at 1 never reads a time (a timed query reaches it without its
 * time), the others read it; the day map and the smoothed tables leave that member out; the spec
 * is checked and survives a save.
 */
import { Recommender } from './recommender';
import type { RecommenderSpec } from './spec';
import { makeRecommender, saveToDirectory, testSpec } from './test-utils';
import { timeBucketTables, timeEmbeddings } from './time-embeddings';

const spec = (memberTimeDropout?: number[], extra: Partial<RecommenderSpec> = {}): RecommenderSpec => ({
  ...testSpec(),
  model: { ...testSpec().model, members: 2 },
  timeDropout: 0.5,
  ...(memberTimeDropout ? { memberTimeDropout } : {}),
  ...extra,
});

/** Member k's part (8 wide) of query i of `q` (16 wide). */
const part = (q: Float32Array, i: number, k: number) => Array.from(q.subarray(i * 16 + k * 8, i * 16 + k * 8 + 8));

describe('memberTimeDropout', () => {
  it('a timeless member answers a timed query as one without a time; the other member reads the time', () => {
    const rec = makeRecommender(spec([0.5, 1]));
    expect(rec.timelessMembers).toEqual([1]);
    const timed = rec.embedQueries(['a', 'a'], [100, 400]);
    const untimed = rec.embedQueries(['a']);
    const mixed = rec.embedQueries(['a', 'a'], [100, NaN]);
    // member 1: the same answer at every time and without one
    expect(part(timed, 0, 1)).toEqual(part(untimed, 0, 1));
    expect(part(timed, 1, 1)).toEqual(part(untimed, 0, 1));
    // member 0: its answer moves with the time, and a row without a time reads no time
    expect(part(timed, 0, 0)).not.toEqual(part(timed, 1, 0));
    expect(part(timed, 0, 0)).not.toEqual(part(untimed, 0, 0));
    expect(part(mixed, 1, 0)).toEqual(part(untimed, 0, 0));
    expect(part(mixed, 0, 0)).toEqual(part(timed, 0, 0));
    rec.dispose();
  });

  it('without it every member reads the time', () => {
    const rec = makeRecommender(spec());
    expect(rec.timelessMembers).toEqual([]);
    const timed = rec.embedQueries(['a', 'a'], [100, 400]);
    expect(part(timed, 0, 1)).not.toEqual(part(timed, 1, 1));
    rec.dispose();
  });

  it('leaves the timeless member out of the day map and the smoothed time tables', () => {
    const both = makeRecommender(spec());
    const one = makeRecommender(spec([0.5, 1]));
    expect(timeBucketTables(one)).toHaveLength(timeBucketTables(both).length / 2);
    const member0 = [...one.models.twoTower.members[0]!.query.inputs.tables.values()];
    expect(timeBucketTables(one).every((t) => member0.includes(t.table))).toBe(true);
    expect(timeEmbeddings(one)!.dim).toBe(timeEmbeddings(both)!.dim / 2);
    const none = makeRecommender(spec([1, 1]));
    expect(timeEmbeddings(none)).toBeUndefined();
    expect(timeBucketTables(none)).toEqual([]);
    for (const r of [both, one, none]) r.dispose();
  });

  it('refuses a spec without one entry per member in (0, 1], or without timeDropout, naming what to give', () => {
    expect(() => makeRecommender(spec([0.5]))).toThrow(/memberTimeDropout must have one entry per member \(2\), got \[0\.5\]/);
    expect(() => makeRecommender(spec([0.5, 0]))).toThrow(/memberTimeDropout\[1\] must be in \(0, 1\]/);
    expect(() => makeRecommender(spec([0.5, 1.5]))).toThrow(/memberTimeDropout\[1\] must be in \(0, 1\]/);
    expect(() => makeRecommender(spec([0.5, 1], { timeDropout: 0 }))).toThrow(/memberTimeDropout needs timeDropout > 0/);
  });

  it('is saved with the spec and read back', async () => {
    const rec = makeRecommender(spec([0.5, 1]));
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(back.spec.memberTimeDropout).toEqual([0.5, 1]);
    expect(back.timelessMembers).toEqual([1]);
    expect(Array.from(back.embedQueries(['a', 'b'], [100, 200]))).toEqual(Array.from(rec.embedQueries(['a', 'b'], [100, 200])));
    rec.dispose();
    back.dispose();
  });
});
