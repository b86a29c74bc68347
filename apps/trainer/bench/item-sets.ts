/**
 * Chooses the embedding sets' settings on the validation split, never the test split: the sets
 * are learned from the fit rows (training rows minus validation rows) and each is scored as an
 * item-to-item recommender on the validation rows (per-user recall@10 / nDCG@10, training items
 * excluded), beside its neighbours' genre agreement. One JSON line per set and `neighbours`.
 *
 *   pnpm --filter @twotower/trainer exec tsx bench/item-sets.ts [--data DIR] \
 *     [--variants '[{"item2vec":{"epochs":20},"deepwalk":false}]'] [--neighbours '[null, 20]']
 */
import { readMovieLens } from '@twotower/data';
import { cosineSimilarity, evaluateItemToItem, neighbourGenreAgreement } from '@twotower/eval';
import { learnEmbeddingSets, trainingData, type EmbeddingSetsOptions } from '@twotower/training';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const ds = await readMovieLens(flag('data', '../../../shared/data/ml-100k'));
  const data = trainingData(ds.interactions, { validationFraction: 0.1 });
  const fit = { ...data, trainRows: data.fitRows };
  const genres = (ds.items?.genres ?? []).map((g) => g.map(String));
  const variants = JSON.parse(flag('variants', '[{}]')) as EmbeddingSetsOptions[];
  const neighboursList = JSON.parse(flag('neighbours', '[null]')) as (number | null)[];
  for (const variant of variants) {
    for (const set of await learnEmbeddingSets(fit, variant)) {
      const sim = cosineSimilarity(set.vectors, set.dim);
      const genre = neighbourGenreAgreement(sim, genres).agreement;
      for (const neighbours of neighboursList) {
        const r = await evaluateItemToItem(sim, { train: { interactions: data.log, rows: data.fitRows, numUsers: data.numUsers }, test: { interactions: data.log, rows: data.validationRows } }, neighbours ? { neighbours } : {});
        console.log(JSON.stringify({ set: set.name, options: set.options, seconds: +set.seconds.toFixed(1), genreAgreement: +genre.toFixed(4), neighbours, recall: +r.recall.toFixed(4), ndcg: +r.ndcg.toFixed(4), coverage: +r.coverage.toFixed(4) }));
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
