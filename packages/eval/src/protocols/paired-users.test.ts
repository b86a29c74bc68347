import { pairedUserDifference } from './paired-users';
import type { PerUserValues } from './evaluate-retrieval';

const values = (users: number[], ndcg: number[], protocol: PerUserValues['protocol'] = 'excludeSeen'): PerUserValues => ({
  protocol,
  users: Int32Array.from(users),
  metrics: { 'ndcg@10': Float64Array.from(ndcg), 'recall@10': Float64Array.from(ndcg, (x) => x / 2) },
});

describe('pairedUserDifference', () => {
  it('is the mean of the per-user differences, with the standard error of that mean', () => {
    // differences 0.1, 0.3, 0.2: mean 0.2, sample sd 0.1, standard error 0.1 / √3
    const d = pairedUserDifference(values([0, 3, 5], [0.5, 0.6, 0.4]), values([0, 3, 5], [0.4, 0.3, 0.2]), 'ndcg@10');
    expect(d.mean).toBeCloseTo(0.2, 12);
    expect(d.standardError).toBeCloseTo(0.1 / Math.sqrt(3), 12);
  });

  it('cancels what the users share: a constant gap has no error', () => {
    const d = pairedUserDifference(values([1, 2], [0.9, 0.1]), values([1, 2], [0.8, 0]), 'ndcg@10');
    expect(d.mean).toBeCloseTo(0.1, 12);
    expect(d.standardError).toBeCloseTo(0, 12);
  });

  it('names what does not match', () => {
    expect(() => pairedUserDifference(values([0, 1], [1, 1]), values([0, 2], [1, 1]), 'ndcg@10')).toThrow(/userValues.users.*same test rows/);
    expect(() => pairedUserDifference(values([0], [1]), values([0], [1], 'wholeCatalogue'), 'ndcg@10')).toThrow(/protocol/);
    expect(() => pairedUserDifference(values([0], [1]), values([0], [1]), 'map@10')).toThrow(/'map@10' is not kept \(kept: ndcg@10, recall@10\)/);
  });
});
