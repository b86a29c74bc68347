import type { ModelMetrics } from '@twotower/artifact';
import { formatGain, rankingTable, twoStagePerUserTable, twoStagePerUserTableOf, twoStageTable, versusEaseLine } from './ranking-tables';
import type { RankingMetrics } from '@twotower/artifact';

const base = { positiveRate: 0.55, epochs: 4, seconds: 1, examplesPerSecond: 1 };

describe('rankingTable', () => {
  it('prints one model without a member list', () => {
    const m: RankingMetrics = { kind: 'probability', binaryAccuracy: 0.72, auc: 0.79, logLoss: 0.55, rmse: 0.43, members: [{ head: 'binary', seed: 7, binaryAccuracy: 0.72, auc: 0.79, logLoss: 0.55, rmse: 0.43 }], ...base };
    const t = rankingTable(m);
    expect(t).toMatch(/^ranking model \(binary head\) on the test split/);
    expect(t).toMatch(/binary accuracy 0\.7200 {3}\(always "liked": 0\.5500\)/);
    expect(t).toMatch(/log loss {8}0\.5500/);
    expect(t).not.toMatch(/each model alone/);
  });

  it('prints an ensemble, its rating RMSE and each model alone', () => {
    const m: RankingMetrics = {
      kind: 'probability',
      binaryAccuracy: 0.7248,
      auc: 0.7964,
      logLoss: 0.5419,
      rmse: 0.427,
      ratingRmse: 0.9122,
      members: [
        { head: 'binary', seed: 7, binaryAccuracy: 0.7181, auc: 0.7905, logLoss: 0.55, rmse: 0.4299 },
        { head: 'regression', seed: 8, binaryAccuracy: 0.7205, auc: 0.7898, rmse: 0.918 },
      ],
      ...base,
    };
    const lines = rankingTable(m).split('\n');
    expect(lines[0]).toBe('ranking ensemble (1 binary + 1 regression models) on the test split');
    expect(lines).toContain("  rating RMSE     0.9122   (of the regression models' mean rating)");
    expect(lines.at(-2)).toMatch(/binary +7 +0\.7181 +0\.7905 +0\.5500 +0\.4299$/);
    // a regression model has no log loss
    expect(lines.at(-1)).toMatch(/regression +8 +0\.7205 +0\.7898 +- +0\.9180$/);
  });
});

describe('twoStageTable', () => {
  it('prints the three orders per N and the paired gain of re-ranking with its standard error', () => {
    const m = (ndcg: number) => ({ 'ndcg@10': ndcg, 'recall@10': 0.2241, mrr: 0.09 });
    const t = twoStageTable([
      {
        candidates: 100,
        k: 10,
        queries: 10984,
        candidateRecall: 0.714,
        retrieval: m(0.1145),
        reranked: m(0.1174),
        popularityOrder: m(0.074),
        rerankedGain: { vsRetrieval: { mean: 0.0029, standardError: 0.0011 }, vsPopularity: { mean: 0.0434, standardError: 0.0021 } },
      },
    ]);
    expect(t).toMatch(/100 re-ranked +0\.1174/);
    expect(t).toMatch(/re-ranked − retrieval ndcg@10 \+0\.0029 ± 0\.0011, re-ranked − popularity \+0\.0434 ± 0\.0021 \(paired mean ± standard error\)/);
  });
});

describe('formatGain', () => {
  it('prints mean ± standard error, n/a for what one query cannot tell (null in metrics.json)', () => {
    expect(formatGain({ mean: 0.0029, standardError: 0.0005 })).toBe('+0.0029 ± 0.0005');
    expect(formatGain({ mean: -0.01, standardError: NaN })).toBe('-0.0100 ± n/a');
    expect(formatGain({ mean: 0, standardError: null })).toBe('+0.0000 ± n/a');
  });
});

describe('versusEaseLine', () => {
  it("prints the two-tower's per-user figures minus EASE's with their standard errors", () => {
    const line = versusEaseLine({ protocol: 'excludeSeen', users: 942, figures: { 'recall@10': { mean: -0.0009, standardError: 0.0031 }, 'ndcg@10': { mean: -0.0155, standardError: 0.0042 } } });
    expect(line).toBe('two-tower − EASE per user (training items excluded): recall@10 -0.0009 ± 0.0031, ndcg@10 -0.0155 ± 0.0042 (paired mean ± standard error over 942 users)');
  });

  it('says n/a for a figure that was not kept', () => {
    expect(versusEaseLine({ protocol: 'wholeCatalogue', users: 3, figures: { 'recall@20': { mean: 0.1, standardError: 0.01 } } }, 20)).toMatch(/^two-tower − EASE per user: recall@20 \+0\.1000 ± 0\.0100, ndcg@20 n\/a/);
  });
});

describe('twoStagePerUserTable', () => {
  const r = {
    candidates: 100,
    k: 10,
    users: 942,
    retrieval: { recall: 0.2354, ndcg: 0.4305 },
    reranked: { recall: 0.242, ndcg: 0.4537 },
    reranker: 'item-item' as const,
    gain: { recall: { mean: 0.0066, standardError: 0.0025 }, ndcg: { mean: 0.0232, standardError: 0.0032 } },
  };

  it("prints the towers' own top 10, the re-ranked list, EASE and the paired gain", () => {
    const t = twoStagePerUserTable(r, { recall: 0.2358, ndcg: 0.4453 });
    expect(t).toMatch(/two-tower's own top 10 +0\.2354 +0\.4305/);
    expect(t).toMatch(/re-ranked top 10 of 100 \(item-item\) +0\.2420 +0\.4537/);
    expect(t).toMatch(/EASE +0\.2358 +0\.4453/);
    expect(t).toMatch(/re-ranked − own top 10: recall \+0\.0066 ± 0\.0025, ndcg \+0\.0232 ± 0\.0032/);
    expect(t).not.toMatch(/lean/);
  });

  it("with a popularity lean, names the candidates' dot-product top 10 and shows the leaned one beside it", () => {
    const t = twoStagePerUserTable(r, undefined, { recall: 0.2323, ndcg: 0.434 });
    expect(t).toMatch(/two-tower's top 10, dot product +0\.2354 +0\.4305/);
    expect(t).toMatch(/two-tower's top 10, with the lean +0\.2323 +0\.4340/);
    expect(t).toMatch(/re-ranked − dot-product top 10: recall/);
    expect(t).not.toMatch(/EASE/);
  });

  it("of a model's metrics: EASE's figures, and the leaned top 10 when the model has a lean", () => {
    const m = (weight: number) =>
      ({
        twoStagePerUser: r,
        retrieval: { excludeSeen: { 'recall@10': 0.2323, 'ndcg@10': 0.434 } },
        baselines: { ease: { excludeSeen: { 'recall@10': 0.2358, 'ndcg@10': 0.4453 } } },
        popularityLean: { weight, users: 0, choices: [], k: 10 },
      }) as unknown as ModelMetrics;
    expect(twoStagePerUserTableOf(m(0.06))).toBe(twoStagePerUserTable(r, { recall: 0.2358, ndcg: 0.4453 }, { recall: 0.2323, ndcg: 0.434 }));
    expect(twoStagePerUserTableOf(m(0))).toBe(twoStagePerUserTable(r, { recall: 0.2358, ndcg: 0.4453 }));
    expect(twoStagePerUserTableOf({ ...m(0), twoStagePerUser: undefined })).toBe('');
  });
});
