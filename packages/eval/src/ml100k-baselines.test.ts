/**
 * The baselines on the real MovieLens 100K against the reference figures
 * (`ML100K_BASELINE_REFERENCE`: computed once with numpy on a Python `random.seed(42)` shuffle of
 * the same 80,000 / 20,000 split), within ±0.015, the margin the different shuffle allows.
 * Skips with a message when the data set or @twotower/data is absent.
 * Data: $ML100K_DIR, else <repo>/../shared/data/ml-100k.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ML100K_BASELINE_REFERENCE as REF } from './baselines/ml100k-reference';
import { runBaselines, type BaselineResults } from './baselines/run-baselines';
import { evaluateRetrieval } from './protocols/evaluate-retrieval';
import { PopularityBaseline } from './baselines/popularity';
import { buildUserItemCsr } from './protocols/user-item-csr';

const dir = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');

/** The part of @twotower/data this check uses. */
interface DataModule {
  readMovieLens100k(dir: string): Promise<{ interactions: { users: Int32Array; items: Int32Array; userIds: readonly string[]; itemIds: readonly string[] } }>;
  randomSplit(log: unknown, options: { trainSize: number; seed: number }): { trainRows: Int32Array; testRows: Int32Array };
}

function loadDataModule(): DataModule | undefined {
  try {
    // optional at run time: the check skips when @twotower/data is not built
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@twotower/data') as DataModule;
  } catch {
    return undefined;
  }
}

const data = loadDataModule();
const haveData = fs.existsSync(path.join(dir, 'u.data'));
const skipReason = !haveData
  ? `ML-100K not found at ${dir} (set ML100K_DIR)`
  : data === undefined
    ? '@twotower/data is not built (run pnpm --filter @twotower/data build)'
    : undefined;
if (skipReason !== undefined) {
  console.warn(`skipping the ML-100K baseline check: ${skipReason}`);
}
const maybe = skipReason === undefined ? describe : describe.skip;
const TOL = 0.015;

/** Passes when |actual - reference| <= TOL; a failure shows the figure, the value and the reference. */
function expectNear(label: string, actual: number | undefined, reference: number): void {
  const ok = actual !== undefined && Math.abs(actual - reference) <= TOL;
  expect({ label, actual, reference, ok }).toEqual({ label, actual, reference, ok: true });
}

maybe('baselines on MovieLens 100K (seed protocol split, seed 42, 80k/20k)', () => {
  let res: BaselineResults;
  let log: Awaited<ReturnType<DataModule['readMovieLens100k']>>['interactions'];
  let split: { trainRows: Int32Array; testRows: Int32Array };

  beforeAll(async () => {
    const ds = await data!.readMovieLens100k(dir);
    log = ds.interactions;
    split = data!.randomSplit(log, { trainSize: 80_000, seed: 42 });
    res = await runBaselines({
      interactions: log,
      train: split.trainRows,
      test: split.testRows,
      numUsers: log.userIds.length,
      numItems: log.itemIds.length,
      lambda: 500,
    });
  });

  it('has the expected shape', () => {
    expect(log.userIds.length).toBe(943);
    expect(log.itemIds.length).toBe(1682);
    expect(res.popularity!.counts.queries).toBe(20_000);
  });

  it('most popular, whole catalogue', () => {
    for (const [key, ref] of Object.entries(REF.popularityWholeCatalogue)) {
      expectNear(`popularity whole ${key}`, res.popularity!.wholeCatalogue[key as 'top10'], ref);
    }
  });

  it('most popular, training items excluded', () => {
    for (const [key, ref] of Object.entries(REF.popularityExcludeSeen)) {
      expectNear(`popularity excludeSeen ${key}`, res.popularity!.excludeSeen![key as 'top10'], ref);
    }
  });

  it('EASE (lambda 500), training items excluded', () => {
    for (const [key, ref] of Object.entries(REF.easeExcludeSeen)) {
      expectNear(`ease excludeSeen ${key}`, res.ease!.excludeSeen![key as 'top10'], ref);
    }
  });

  it('TopPop per user (Dacrema et al.): Recall@10, and nDCG@10 with their ideal DCG', async () => {
    expectNear('popularity recall@10', res.popularity!.excludeSeen!['recall@10'], REF.popularityPerUserDacrema['recall@10']);
    const pop = PopularityBaseline.fit(log, split.trainRows, log.itemIds.length);
    const test = { user: split.testRows.map((r) => log.users[r]!), item: split.testRows.map((r) => log.items[r]!) };
    const m = await evaluateRetrieval({
      numItems: log.itemIds.length,
      test,
      scoreQueries: pop.queryScorer(test.user),
      scoreUsers: pop.scoreUsers,
      seen: buildUserItemCsr(log.users, log.items, split.trainRows, log.userIds.length),
      ks: [10],
      ndcgIdeal: 'allRelevant',
    });
    expectNear('popularity ndcg@10 (all relevant)', m.excludeSeen!['ndcg@10'], REF.popularityPerUserDacrema['ndcg@10']);
  });

  it('EASE beats popularity on every serving-protocol figure', () => {
    for (const key of ['top10', 'top100', 'recall@10', 'ndcg@10', 'mrr'] as const) {
      expect(res.ease!.excludeSeen![key]!).toBeGreaterThan(res.popularity!.excludeSeen![key]!);
    }
  });
});
