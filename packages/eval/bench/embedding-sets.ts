/**
 * `pnpm --filter @twotower/eval exec tsx bench/embedding-sets.ts`: the baseline rows of the
 * item-embedding-set comparison on MovieLens 100K — EASE's item-item weights B (λ 500) read as an
 * item similarity (`easeSimilarity`): genre agreement@10 of its nearest neighbours (and the exact
 * chance figure), and item2item as a recommender (`evaluateItemToItem`): per-user recall@10,
 * nDCG@10 (excludeSeen, as `evaluateRetrieval` defines them) and coverage@10, with `neighbours`
 * unset and with a few values. A cosine row on the training matrix's item columns (item-based
 * CF, the classic embedding-free item2item) is printed beside it as a second reference.
 *
 * Split: the project's seed protocol (shuffle seed 42, 80,000 train / 20,000 test), as
 * `bench/baselines.ts`. Flags: --dir <ml-100k dir> (default $ML100K_DIR, else
 * <repo>/../shared/data/ml-100k), --lambda (default 500), --seed (default 42),
 * --neighbours 10,50,200 (the values tried), --out <file>.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMovieLens100k, randomSplit } from '@twotower/data';
import {
  EaseBaseline,
  buildUserItemCsr,
  cosineSimilarity,
  evaluateRetrieval,
  easeSimilarity,
  evaluateItemToItem,
  neighbourGenreAgreement,
  type ItemSimilarity,
} from '../src';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const round = (x: number): number | null => (Number.isNaN(x) ? null : Math.round(x * 10000) / 10000);

async function rowsFor(
  sim: ItemSimilarity,
  labels: readonly (readonly number[])[],
  data: Parameters<typeof evaluateItemToItem>[1],
  neighbourValues: number[],
) {
  const t0 = performance.now();
  const genre = neighbourGenreAgreement(sim, labels, { k: 10 });
  const genreSeconds = (performance.now() - t0) / 1000;
  const item2item: Record<string, unknown> = {};
  for (const neighbours of [undefined, ...neighbourValues]) {
    const t = performance.now();
    const r = await evaluateItemToItem(sim, data, { k: 10, neighbours });
    item2item[neighbours === undefined ? 'all' : `neighbours=${neighbours}`] = {
      'recall@10': round(r.recall),
      'ndcg@10': round(r.ndcg),
      'coverage@10': round(r.coverage),
      users: r.users,
      seconds: round((performance.now() - t) / 1000),
    };
  }
  return {
    'genreAgreement@10': round(genre.agreement),
    chanceAgreement: round(genre.chance),
    genreItems: genre.items,
    missing: genre.missing,
    genreSeconds: round(genreSeconds),
    item2item,
  };
}

async function main(): Promise<void> {
  const dir = flag('dir') ?? process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');
  if (!fs.existsSync(path.join(dir, 'u.data'))) {
    console.error(`ML-100K not found at ${dir}: pass --dir or set ML100K_DIR`);
    process.exit(2);
  }
  const lambda = Number(flag('lambda') ?? 500);
  const seed = Number(flag('seed') ?? 42);
  const neighbourValues = (flag('neighbours') ?? '10,50,200').split(',').map(Number);
  const ds = await readMovieLens100k(dir);
  const log = ds.interactions;
  const labels = ds.items?.genres;
  if (labels === undefined) throw new Error(`no u.item in ${dir}: the genre agreement needs the genres`);
  const split = randomSplit(log, { trainSize: 80_000, seed });
  const numUsers = log.userIds.length;
  const numItems = log.itemIds.length;
  const data = { train: { interactions: log, rows: split.trainRows, numUsers }, test: { interactions: log, rows: split.testRows } };

  const t0 = performance.now();
  const ease = EaseBaseline.fit(log, split.trainRows, numUsers, numItems, { lambda });
  const fitSeconds = (performance.now() - t0) / 1000;

  // The EASE baseline's own per-user figures: the 'all' row of ease must equal them.
  const seen = buildUserItemCsr(log.users, log.items, split.trainRows, numUsers, numItems);
  const test = { user: split.testRows.map((r) => log.users[r]!), item: split.testRows.map((r) => log.items[r]!) };
  const own = await evaluateRetrieval({ numItems, test, scoreQueries: ease.queryScorer(test.user), scoreUsers: ease.scoreUsers, seen, ks: [10] });
  const easeBaseline = {
    'recall@10': round(own.excludeSeen!['recall@10']!),
    'ndcg@10': round(own.excludeSeen!['ndcg@10']!),
    'coverage@10': round(own['coverage@10']!),
  };

  // Item columns of the binary training matrix: [numItems × numUsers].
  const columns = new Float32Array(numItems * numUsers);
  for (let u = 0; u < numUsers; u++) {
    for (let p = seen.offsets[u]!; p < seen.offsets[u + 1]!; p++) columns[seen.items[p]! * numUsers + u] = 1;
  }

  const json = JSON.stringify(
    {
      bench: 'eval/embedding-sets',
      dataset: { name: 'ml-100k', dir, users: numUsers, items: numItems, interactions: log.length },
      split: { protocol: 'seed', seed, train: split.trainRows.length, test: split.testRows.length },
      genres: 'ItemCatalogue.genres (u.item, 19 incl. "unknown"); chance computed exactly from the label sets',
      easeBaselineExcludeSeen: easeBaseline,
      rows: {
        [`ease(λ=${lambda})`]: { fitSeconds: round(fitSeconds), ...(await rowsFor(easeSimilarity(ease), labels, data, neighbourValues)) },
        'itemCosine(train matrix columns)': await rowsFor(cosineSimilarity(columns, numUsers), labels, data, neighbourValues),
      },
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
