/**
 * Hyper-parameter sweep on the VALIDATION split carved from the training rows (never the test
 * split): each variant trains with early stopping and reports its best validation figures.
 * Usage: pnpm exec tsx bench/sweep.ts --data DIR [--variants FILE.json] [--base default] [--ease]
 * Prints one JSON line per variant (its best epoch's validation figures: top-K accuracy and
 * per-user recall/nDCG, fit items excluded; then `popularityLean`, the lean's weight chosen as
 * `twotower-train` chooses it and the per-user figures with it), then a summary object; with --ease first EASE's
 * figures on each validation split the variants use (fitted on its fit rows), the bar to clear.
 * A variant may change the split: `{"split": {"validationFraction": 0.25}}` holds out as many
 * films per user as the test split has (20% of all rows), where the per-user figures behave as
 * on the test (docs/decisions.md).
 *
 * `--draws 43,1001,2002` runs every variant once per validation draw (`split.validationSeed`),
 * with EASE on each draw, and ends with each variant's towers − EASE per user (recall@10 and
 * nDCG@10, the towers with the lean) as mean ± standard error over the draws: one draw's
 * validation users are too few to tell a change of 0.005 from noise. `--proxy` sets the split the
 * draws are taken from to the one nearest the test (`validationFraction` 0.25 of a fifth of the
 * users, `validationUsers` 0.2: every other user fits on all its rows).
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { ready } from '@twotower/runtime';
import { evaluateRetrieval, runBaselines, timeContinuity } from '@twotower/eval';
import { timeEmbeddings } from '@twotower/recommender';
import { choosePopularityLean, createRecommender, fitRetrieval, rowColumns, silentProgress, trainingData, withItemScorer } from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { loadData } from '../src/pipeline/load-data';
import { leanChoice, retrievalFitOptions } from '../src/pipeline/fit-options';
import { drawSummary, expandDraws, type DrawFigures, type DrawVariant } from '../src/pipeline/validation-draws';

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, variants: { type: 'string' }, base: { type: 'string' }, ease: { type: 'boolean' }, draws: { type: 'string' }, proxy: { type: 'boolean' } } });
  await ready({ log: null });
  const given: Record<string, Record<string, unknown>> = values.variants ? JSON.parse(readFileSync(values.variants, 'utf8')) : { base: {} };
  const draws = values.draws ? values.draws.split(',').map((d) => Number(d.trim())) : undefined;
  if (draws?.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`--draws: give validation seeds as integers >= 0 separated by commas, got ${JSON.stringify(values.draws)}`);
  if (values.proxy && !draws) throw new Error('--proxy sets the split the draws are taken from: give --draws too (e.g. --draws 43,1001,2002,3003,4004,5005)');
  const variants: Record<string, DrawVariant> = draws ? expandDraws(given, draws, values.proxy ?? false) : Object.fromEntries(Object.entries(given).map(([name, o]) => [name, { variant: name, overrides: o }]));
  // draws compare each variant with EASE on the same rows
  const withEase = (values.ease ?? false) || draws !== undefined;
  const results: unknown[] = [];
  const easeFigures = new Map<string, { recall: number; ndcg: number }>();
  const figures: DrawFigures[] = [];
  // EASE once per validation split the variants use (a variant may change split.*)
  const easeDone = new Set<string>();
  const easeOn = async (config: ReturnType<typeof loadConfig>, data: ReturnType<typeof trainingData>) => {
    const key = JSON.stringify(config.split);
    if (!withEase || easeDone.has(key)) return;
    easeDone.add(key);
    const lambda = config.evaluation.easeLambda;
    const b = await runBaselines({ interactions: { user: data.log.users, item: data.log.items }, train: data.fitRows, test: data.validationRows, numUsers: data.numUsers, numItems: data.numItems, baselines: ['popularity', 'ease'], lambda, ks: [10, 50, 100] });
    for (const name of ['popularity', 'ease'] as const) {
      const line = { name: `${name}${name === 'ease' ? ` (lambda ${lambda})` : ''}`, split: config.split, validation: b[name]?.excludeSeen };
      if (name === 'ease') easeFigures.set(key, { recall: b.ease?.excludeSeen?.['recall@10'] ?? NaN, ndcg: b.ease?.excludeSeen?.['ndcg@10'] ?? NaN });
      console.log(JSON.stringify(line));
      results.push(line);
    }
  };
  for (const [name, { variant, draw, overrides }] of Object.entries(variants)) {
    const config = loadConfig(values.base ?? 'default', overrides);
    const { dataset } = await loadData(values.data ?? '../../../shared/data/ml-100k', config.data);
    const data = trainingData(dataset.interactions, config.split);
    await easeOn(config, data);
    const rec = createRecommender(dataset, data, recommenderSpec(config, dataset, data).spec);
    const r = await fitRetrieval(rec, data, { ...retrievalFitOptions(config), runKey: name, progress: silentProgress });
    const best = r.history.find((h) => h.epoch === r.bestEpoch);
    // how much the day embedding learned time (the buckets the fit rows reached)
    const reached = new Set(rec.queryBatch(Array.from(data.fitRows, (x) => data.rowUserIds[x]!), Float64Array.from(data.fitRows, (x) => data.timestamps[x]!), false).timestamp_bucket ?? []);
    const time = timeEmbeddings(rec, (b) => reached.has(b));
    const continuity = time && timeContinuity(time.vectors, time.dim, { positions: time.days });
    // the same users known only by their history (id hidden, no time): how a user the model never saw is served
    const historyOnly =
      rec.historyLength > 0
        ? await withItemScorer(rec, (scorer) =>
            evaluateRetrieval({
              numItems: data.numItems,
              test: rowColumns(data, data.validationRows),
              scoreQueries: () => {},
              scoreUsers: (users, out) => {
                const ids = Array.from(users, (u) => data.log.userIds[u]!);
                const batch = rec.queryBatch(ids, Float64Array.from(users, (u) => data.lastTimestamp[u]!), data.seenFit);
                rec.blankUser(batch, Int32Array.from(users, (_, i) => i));
                if (rec.readsNoTime) rec.blankTime(batch, 'all');
                scorer.score(rec.models.twoTower.embedQueries(batch, users.length), users.length, out);
              },
              seen: data.seenFit,
              ks: [10],
              perUser: ['excludeSeen'],
            }),
          )
        : undefined;
    // the popularity lean of untimed user queries, chosen as twotower-train chooses it (the validation figures above are without it)
    const lean = await choosePopularityLean(rec, data, leanChoice(config.model.popularityLean));
    const leaned = lean.choices.find((c) => c.weight === lean.weight);
    const popularityLean = { weight: lean.weight, ...(leaned ? { 'recall@10': leaned.recall, 'ndcg@10': leaned.ndcg } : {}) };
    const historyOnlyFigures = historyOnly && { 'recall@10': historyOnly.excludeSeen?.['recall@10'], 'ndcg@10': historyOnly.excludeSeen?.['ndcg@10'] };
    const line = { name, overrides, popularityLean, historyOnly: historyOnlyFigures, bestEpoch: r.bestEpoch, epochs: r.epochsRun, seconds: Math.round(r.seconds), examplesPerSecond: Math.round(r.examplesPerSecond), validation: best?.validation, timeContinuity: continuity, curve: r.history.map((h) => Number((h.validation?.top100 ?? 0).toFixed(3))) };
    console.log(JSON.stringify(line));
    results.push(line);
    const ease = easeFigures.get(JSON.stringify(config.split));
    if (draw !== undefined && ease && leaned) figures.push({ variant, draw, towers: { recall: leaned.recall, ndcg: leaned.ndcg }, ease });
    rec.dispose();
  }
  console.log(JSON.stringify({ summary: results, ...(draws ? { draws: drawSummary(figures) } : {}) }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
