import { categoryColours, CATEGORY_COLOURS, OTHER_COLOUR, viridis, VIRIDIS_STOPS } from './colour-map';
import { formatNumber, niceTicks } from './ticks';

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow through its stops', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(0.5)).toBe(VIRIDIS_STOPS[5]);
    expect(viridis(-3)).toBe('#440154');
    expect(viridis(NaN)).toBe(OTHER_COLOUR);
  });

  it('gives the most frequent categories the first colours and folds the rest into "other"', () => {
    const values = ['b', 'a', 'a', 'c', 'a', 'b'];
    const p = categoryColours(values);
    expect(p.categories).toEqual(['a', 'b', 'c']);
    expect(p.counts).toEqual([3, 2, 1]);
    expect(p.colourOf('a')).toBe(CATEGORY_COLOURS[0]);
    const many = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const q = categoryColours(many, undefined, 24);
    expect(q.categories).toHaveLength(23);
    expect(q.other.count).toBe(7);
    expect(q.colourOf('c29')).toBe(OTHER_COLOUR);
    expect(categoryColours(['old', 'young', 'mid'], ['young', 'mid', 'old']).categories).toEqual(['young', 'mid', 'old']);
  });
});

describe('ticks', () => {
  it('are round numbers inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-23, 47, 6)).toEqual([-20, -10, 0, 10, 20, 30, 40]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
  it('format compactly', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(1500)).toBe('1500');
    expect(formatNumber(2e-7)).toBe('2e-7');
  });
});
