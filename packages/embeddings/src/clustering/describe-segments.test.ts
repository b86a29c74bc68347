import { describeSegments } from './describe-segments';

describe('describeSegments', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const labels = [['Horror'], ['Horror', 'Horror', 'Comedy'], ['Horror'], ['Comedy'], ['Comedy', 'Drama'], []];
  const assignments = Int32Array.of(0, 0, 0, 1, 1, 1);

  it('counts labels with share and lift, and lists members by popularity', () => {
    const weights = Float32Array.of(1, 5, 3, 2, 2, 9);
    const [horror, comedy] = describeSegments(assignments, 2, { ids, labels, weights, top: 2, labelOrder: 'count' });
    // Horror: 3 of 6 rows overall (0.5), 3 of 3 in segment 0 → lift 2; Comedy: 3 of 6 overall.
    expect(horror).toEqual({
      id: 0,
      size: 3,
      share: 0.5,
      topLabels: [
        { label: 'Horror', count: 3, share: 1, lift: 2 },
        { label: 'Comedy', count: 1, share: 1 / 3, lift: 2 / 3 },
      ],
      topMembers: ['b', 'c'],
    });
    expect(comedy!.topLabels).toEqual([
      { label: 'Comedy', count: 2, share: 2 / 3, lift: 4 / 3 },
      { label: 'Drama', count: 1, share: 1 / 3, lift: 2 },
    ]);
    // Ties of weight (d, e at 2) keep row order.
    expect(comedy!.topMembers).toEqual(['f', 'd']);
    expect(JSON.parse(JSON.stringify([horror, comedy]))).toEqual([horror, comedy]);
  });

  it('ranks labels by lift among those carried by at least minShare of the segment (the default)', () => {
    const [, comedy] = describeSegments(assignments, 2, { ids, labels });
    expect(comedy!.topLabels.map((l) => l.label)).toEqual(['Drama', 'Comedy']);
    // below minShare a label comes after every label above it, whatever its lift
    const [, strict] = describeSegments(assignments, 2, { ids, labels, minShare: 0.5 });
    expect(strict!.topLabels.map((l) => l.label)).toEqual(['Comedy', 'Drama']);
    expect(() => describeSegments(assignments, 2, { ids, labels, minShare: 2 })).toThrow(/minShare: must be in \[0, 1\], got 2/);
  });

  it('lists members in row order without weights, no labels without labels, and empty segments', () => {
    const segments = describeSegments(assignments, 3, { ids });
    expect(segments.map((s) => s.topMembers)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], []]);
    expect(segments[2]).toEqual({ id: 2, size: 0, share: 0, topLabels: [], topMembers: [] });
    expect(segments[0]!.topLabels).toEqual([]);
  });

  it('names the mismatched field', () => {
    expect(() => describeSegments(assignments, 2, { ids: ['a'] })).toThrow(/ids: expected one id per row \(6\), got 1/);
    expect(() => describeSegments(assignments, 2, { ids, weights: new Float32Array(2) })).toThrow(/weights/);
    expect(() => describeSegments(assignments, 1, { ids })).toThrow(/assignments\[3\]/);
  });
});
