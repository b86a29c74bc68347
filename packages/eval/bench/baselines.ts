/**
 * `pnpm --filter @twotower/eval baselines`: the most-popular and EASE baselines on MovieLens 100K
 * (seed protocol split: shuffle seed 42, 80,000 train / 20,000 test), both protocols, printed as
 * one JSON object with the reference figures (`ML100K_BASELINE_REFERENCE`, computed independently
 * with numpy; expect differences within about ±0.015, the project's shuffle being another one)
 * and the differences.
 *
 * Flags: --dir <ml-100k dir> (default $ML100K_DIR, else <repo>/../shared/data/ml-100k),
 *        --lambda <EASE λ> (default 500), --seed <split seed> (default 42),
 *        --out <file> (also write the JSON there). `pnpm --silent ...` prints the JSON alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMovieLens100k, randomSplit } from '@twotower/data';
import {
  ML100K_BASELINE_REFERENCE as REF,
  PopularityBaseline,
  buildUserItemCsr,
  evaluateRetrieval,
  runBaselines,
} from '../src';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function round(x: number | undefined): number | null {
  return x === undefined || Number.isNaN(x) ? null : Math.round(x * 10000) / 10000;
}

function compare(actual: Partial<Record<string, number>>, reference: Record<string, number>) {
  const out: Record<string, { measured: number | null; reference: number; diff: number | null }> = {};
  for (const [key, ref] of Object.entries(reference)) {
    const m = actual[key];
    out[key] = { measured: round(m), reference: ref, diff: m === undefined ? null : round(m - ref) };
  }
  return out;
}

function roundAll<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))) as T;
}

async function main(): Promise<void> {
  const dir = flag('dir') ?? process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');
  if (!fs.existsSync(path.join(dir, 'u.data'))) {
    console.error(`ML-100K not found at ${dir}: pass --dir or set ML100K_DIR`);
    process.exit(2);
  }
  const lambda = Number(flag('lambda') ?? 500);
  const seed = Number(flag('seed') ?? 42);
  const t0 = performance.now();
  const ds = await readMovieLens100k(dir);
  const log = ds.interactions;
  const split = randomSplit(log, { trainSize: 80_000, seed });
  const numUsers = log.userIds.length;
  const numItems = log.itemIds.length;
  const loadSeconds = (performance.now() - t0) / 1000;

  const res = await runBaselines({ interactions: log, train: split.trainRows, test: split.testRows, numUsers, numItems, lambda });

  // Dacrema et al.'s nDCG divides by the ideal DCG of all the user's test items.
  const pop = PopularityBaseline.fit(log, split.trainRows, numItems);
  const test = { user: split.testRows.map((r) => log.users[r]!), item: split.testRows.map((r) => log.items[r]!) };
  const dacrema = await evaluateRetrieval({
    numItems,
    test,
    scoreQueries: pop.queryScorer(test.user),
    scoreUsers: pop.scoreUsers,
    seen: buildUserItemCsr(log.users, log.items, split.trainRows, numUsers),
    ks: [10],
    ndcgIdeal: 'allRelevant',
  });

  const popularity = res.popularity!;
  const ease = res.ease!;
  const pick = (m: Partial<Record<string, number>>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, round(m[k])]));
  const summaryKeys = ['top1', 'top5', 'top10', 'top50', 'top100', 'recall@10', 'ndcg@10', 'precision@10', 'map@10', 'hitRate@10', 'mrr', 'recall@100', 'ndcg@100'];
  const json = JSON.stringify(
    {
      bench: 'eval/baselines',
      dataset: { name: 'ml-100k', dir, users: numUsers, items: numItems, interactions: log.length },
      split: { protocol: 'seed', seed, train: split.trainRows.length, test: split.testRows.length },
      easeLambda: lambda,
      table: {
        'popularity / wholeCatalogue': pick(popularity.wholeCatalogue, ['top1', 'top5', 'top10', 'top50', 'top100']),
        'popularity / excludeSeen': pick(popularity.excludeSeen!, summaryKeys),
        'ease / wholeCatalogue': pick(ease.wholeCatalogue, ['top1', 'top5', 'top10', 'top50', 'top100']),
        'ease / excludeSeen': pick(ease.excludeSeen!, summaryKeys),
      },
      vsReference: {
        tolerance: 0.015,
        'popularity / wholeCatalogue': compare(popularity.wholeCatalogue, REF.popularityWholeCatalogue),
        'popularity / excludeSeen': compare(popularity.excludeSeen!, REF.popularityExcludeSeen),
        'ease / excludeSeen': compare(ease.excludeSeen!, REF.easeExcludeSeen),
        'popularity per user (Dacrema et al., nDCG ideal over all test items)': compare(
          { 'recall@10': popularity.excludeSeen!['recall@10'], 'ndcg@10': dacrema.excludeSeen!['ndcg@10'] },
          REF.popularityPerUserDacrema,
        ),
      },
      coverageAndPopularity: {
        popularity: roundAll({ 'coverage@10': popularity['coverage@10'], 'coverage@100': popularity['coverage@100'], bias: popularity.popularityBias }),
        ease: roundAll({ 'coverage@10': ease['coverage@10'], 'coverage@100': ease['coverage@100'], bias: ease.popularityBias }),
      },
      seconds: roundAll({ load: loadSeconds, ...res.seconds }),
      full: roundAll({ popularity, ease }),
    },
    null,
    2,
  );
  console.log(json);
  const out = flag('out');
  if (out !== undefined) fs.writeFileSync(out, `${json}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
