import { syntheticDataset } from '@twotower/data';
import { ContentSimilarity, datasetContent, titleTokens } from './content-similarity';

function score(c: ContentSimilarity, history: number[], candidates: number[]): number[] {
  const out = new Float32Array(candidates.length);
  c.scores(c.profile(history), candidates, out);
  return [...out];
}

describe('ContentSimilarity', () => {
  // 0, 1: the user's history; 2: same genres, no shared word; 3: other genre, no shared word;
  // 4: other genre, a word of the history; 5: no content at all
  const content = {
    titles: ['Star Fury (1995)', 'Robot War (1996)', 'Blue Moon', 'Green Hill', 'Robot Dreams', ''],
    genres: [['Action', 'Sci-Fi'], ['Action', 'Sci-Fi'], ['Action', 'Sci-Fi'], ['Romance'], ['Romance'], []],
  };

  it('ranks an item with the history\'s genres above one without (planted)', () => {
    const c = new ContentSimilarity(content);
    const [same, other] = score(c, [0, 1], [2, 3]);
    expect(same).toBeGreaterThan(other!);
    expect(other).toBe(0);
  });

  it('title words count: a word of the history lifts an item of another genre', () => {
    const c = new ContentSimilarity(content);
    const [shared, none] = score(c, [0, 1], [4, 3]);
    expect(shared).toBeGreaterThan(none!);
    // titleWeight 0: genres only (the word no longer counts); 1: titles only (the genres no longer count)
    const genresOnly = new ContentSimilarity(content, { titleWeight: 0 });
    expect(score(genresOnly, [0, 1], [4, 3])).toEqual([0, 0]);
    expect(score(genresOnly, [0, 1], [2])[0]).toBeCloseTo(1, 6);
    expect(score(new ContentSimilarity(content, { titleWeight: 1 }), [0, 1], [2])).toEqual([0]);
  });

  it('is a cosine: an item against itself is 1; no content (or an empty history) is 0', () => {
    const c = new ContentSimilarity(content);
    expect(score(c, [0], [0])[0]).toBeCloseTo(1, 6);
    expect(score(c, [0, 1], [5])).toEqual([0]);
    expect(score(c, [], [0, 2])).toEqual([0, 0]);
    expect(titleTokens('Toy Story (1995)')).toEqual(['toy', 'story', '1995']);
  });

  it('reads a data set\'s catalogue; on planted data an item of the user\'s genre beats one of another', () => {
    const ds = syntheticDataset({ numUsers: 10, numItems: 60, numInteractions: 200, seed: 2 });
    const content = datasetContent(ds);
    expect(content.titles).toEqual(ds.items.titles);
    expect(content.genres[0]).toEqual(ds.items.genres[0]!.map((g) => ds.items.genreNames[g]));
    const c = new ContentSimilarity(content);
    const genre = ds.truth.itemGenre;
    const history = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((j) => genre[j] === genre[0]);
    const same = Array.from({ length: 50 }, (_, t) => t + 10).filter((j) => genre[j] === genre[0]);
    const other = Array.from({ length: 50 }, (_, t) => t + 10).filter((j) => genre[j] !== genre[0]);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(score(c, history, same))).toBeGreaterThan(mean(score(c, history, other)) + 0.2);
  });
});
