import { popularityLeanText } from './popularity-lean-text';

describe('popularityLeanText', () => {
  const choices = [
    { weight: 0, recall: 0.2, ndcg: 0.3 },
    { weight: 0.04, recall: 0.21, ndcg: 0.31 },
  ];

  it('names the weight kept, the weights tried and the validation nDCG with and without the lean', () => {
    expect(popularityLeanText({ weight: 0.04, users: 900, choices, k: 10 })).toBe(
      "Popularity lean: 0.04 × ln(1 + training interactions) added to each item's score when a user is queried without a time (the per-user figures; the per-row figures read a time and no lean); chosen among 0, 0.04 by per-user nDCG@10 (validation nDCG@10 on 900 users 0.3100 against 0.3000 without).",
    );
  });

  it('says none when 0 won, and as configured when nothing was measured; nothing for a model without the choice', () => {
    expect(popularityLeanText({ weight: 0, users: 900, choices, k: 10 })).toBe('Popularity lean: none; chosen among 0, 0.04 by per-user nDCG@10 (validation nDCG@10 on 900 users 0.3000).');
    expect(popularityLeanText({ weight: 0.04, fixed: true, users: 900, choices, k: 10 })).toMatch(/; as configured \(validation nDCG@10 on 900 users 0\.3100 against 0\.3000 without\)\.$/);
    expect(popularityLeanText({ weight: 0.1, users: 0, choices: [], k: 10 })).toMatch(/^Popularity lean: 0.1 × ln\(1 \+ training interactions\) .*, as configured\.$/);
    expect(popularityLeanText({ weight: 0, users: 0, choices: [], k: 10 })).toBe('Popularity lean: none.');
    expect(popularityLeanText(undefined)).toBe('');
  });
});
