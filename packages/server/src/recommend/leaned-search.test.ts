import { BruteForceIndex } from '@twotower/index';
import { PopularityLean } from '@twotower/recommender';
import { firstFetch, leanedTop, nextFetch, searchLeaned } from './leaned-search';

/** A fixed pseudo-random sequence in [-1, 1). */
function numbers(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

const N = 200;
const DIM = 6;
const vectors = numbers(N * DIM, 7);
const ids = Array.from({ length: N }, (_, i) => `i${i}`);
const query = numbers(DIM, 99);
const raw = Array.from({ length: N }, (_, i) => {
  let s = 0;
  for (let j = 0; j < DIM; j++) s += query[j]! * vectors[i * DIM + j]!;
  return s;
});
const byRaw = Array.from({ length: N }, (_, i) => i).sort((a, b) => raw[b]! - raw[a]!);
/** The item with the lowest raw score: made very popular below. */
const POPULAR = byRaw[N - 1]!;
/** The second lowest: popular too, a little less. */
const RUNNER_UP = byRaw[N - 2]!;
const popularity = Float32Array.from({ length: N }, (_, i) => (i === POPULAR ? 100_000 : i === RUNNER_UP ? 20_000 : i % 5));
// ln(1 + 100,000) ≈ 11.5: a weight of 1 lifts the popular items far above any raw score (|raw| ≤ 6)
const lean = new PopularityLean(1, popularity);

const index = new BruteForceIndex({ dim: DIM, metric: 'ip' });
index.add(ids, vectors);

/** The index's search by raw score as `searchLeaned` takes it, `exclude` left out, counting its calls. */
function indexSearch(exclude: readonly string[] = []) {
  const fetches: number[] = [];
  const search = (fetch: number) => {
    fetches.push(fetch);
    const found = index.search(query, fetch, exclude.length > 0 ? { exclude: [exclude] } : {});
    return { indices: (found.ids(0) as string[]).map((id) => Number(id.slice(1))), scores: found.scoresOf(0) };
  };
  return { search, fetches };
}

/** Brute force: the top k of raw + bias outside `exclude`, as item indices and leaned scores. */
function bruteForce(k: number, exclude: readonly string[] = []): { items: number[]; scores: number[] } {
  const skip = new Set(exclude);
  const leaned = raw.map((s, i) => Math.fround(s + lean.bias[i]!));
  const items = Array.from({ length: N }, (_, i) => i)
    .filter((i) => !skip.has(ids[i]!))
    .sort((a, b) => leaned[b]! - leaned[a]! || a - b)
    .slice(0, k);
  return { items, scores: items.map((i) => leaned[i]!) };
}

describe('firstFetch and nextFetch', () => {
  it('fetch k + margin (default 4k) first, then grow by 4, never past the index', () => {
    expect([firstFetch(10, 1000), firstFetch(10, 1000, 5), firstFetch(10, 15), firstFetch(10, Infinity, 0)]).toEqual([50, 15, 15, 10]);
    expect([nextFetch(20, 1000), nextFetch(20, 50), nextFetch(20, Infinity, 2), nextFetch(1, Infinity, 1)]).toEqual([80, 50, 40, 2]);
  });
});

describe('leanedTop', () => {
  const small = new PopularityLean(0.5, [0, 10, 0, 1000]);
  const hits = { indices: [0, 1, 2], scores: [3, 2.5, 2] };

  it('adds the lean to each hit and sorts by it, an item added after training (-1) getting the median lean', () => {
    // the median of the leans 0, 0, 1.20, 3.45: 0.60
    expect(small.forNew).toBeCloseTo(small.bias[1]! / 2, 6);
    const top = leanedTop({ indices: [0, -1, 1], scores: [3, 2.9, 2] }, 3, 3, 3, small)!;
    expect(Array.from(top.order)).toEqual([1, 2, 0]);
    expect(Array.from(top.scores)).toEqual([Math.fround(2.9 + small.forNew), Math.fround(2 + small.bias[1]!), 3]);
  });

  it('refuses to answer while an unfetched item could still beat the k-th, answers once all were seen', () => {
    // item 3 (lean 0.5 · ln 1001 ≈ 3.45) was not fetched: it could score up to 2 + 3.45 > the 2nd's 2.5 + 1.2
    expect(leanedTop(hits, 3, 4, 2, small)).toBeUndefined();
    // the index returned fewer than asked, or every item was asked for: the hits are all there is
    expect(Array.from(leanedTop(hits, 4, Infinity, 2, small)!.order)).toEqual([1, 0]);
    expect(Array.from(leanedTop(hits, 3, 3, 2, small)!.order)).toEqual([1, 0]);
    // with a small lean the bound holds: nothing unfetched can pass 2 + 0.01 · ln 11 ≈ 2.02 < the 1st's 3
    const flat = new PopularityLean(0.01, [0, 10, 0, 1]);
    expect(Array.from(leanedTop(hits, 3, 4, 1, flat)!.order)).toEqual([0]);
  });
});

describe('searchLeaned', () => {
  it('over-fetches until a very popular item with the lowest raw score comes first, as brute force says', () => {
    const { search, fetches } = indexSearch();
    const k = 5;
    const { hits, top, searches } = searchLeaned(search, k, index.size, lean);
    const expected = bruteForce(k);
    expect(expected.items.slice(0, 2)).toEqual([POPULAR, RUNNER_UP]);
    expect(Array.from(top.order, (r) => hits.indices[r]!)).toEqual(expected.items);
    Array.from(top.scores).forEach((s, r) => expect(s).toBeCloseTo(expected.scores[r]!, 5));
    // the first fetch (5k = 25) did not reach them: it took more searches, the last of the whole index
    expect(searches).toBeGreaterThan(1);
    expect(fetches).toEqual([25, 100, 200]);
  });

  it('leaves the excluded items out, however popular, and still answers exactly', () => {
    const exclude = [ids[POPULAR]!, ids[byRaw[0]!]!, 'not-an-item'];
    const { search } = indexSearch(exclude);
    const { hits, top } = searchLeaned(search, 8, index.size, lean);
    const found = Array.from(top.order, (r) => hits.indices[r]!);
    expect(found).toEqual(bruteForce(8, exclude).items);
    expect(found[0]).toBe(RUNNER_UP);
    expect(found).not.toContain(POPULAR);
    expect(found).not.toContain(byRaw[0]);
  });

  it('stops after the first fetch when the lean is too small to reorder beyond it', () => {
    const tiny = new PopularityLean(1e-6, popularity);
    const { search, fetches } = indexSearch();
    const { hits, top } = searchLeaned(search, 5, index.size, tiny);
    expect(fetches).toEqual([25]);
    expect(Array.from(top.order, (r) => hits.indices[r]!)).toEqual(byRaw.slice(0, 5));
  });

  it('ends when the index returns fewer than asked (its size unknown), and with a custom margin and growth', () => {
    const { search, fetches } = indexSearch();
    const { hits, top } = searchLeaned(search, 3, Infinity, lean, { margin: 2, growth: 10 });
    expect(fetches).toEqual([5, 50, 500]);
    expect(Array.from(top.order, (r) => hits.indices[r]!)).toEqual(bruteForce(3).items);
  });
});
