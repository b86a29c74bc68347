/**
 * The ranking model on MovieLens 100K, seed-protocol split (shuffle seed 42, 80/20): binary
 * "liked" (rating >= 4) accuracy, AUC and log loss for the reference model (MLP 256 → 64 → 1) and
 * the DCN-v2 variant, RMSE for the regression head; training speed in examples/s.
 *
 * Tune with `--eval val` (trains on the first 90% of the training rows, evaluates every epoch on
 * the last 10%: the test split is never looked at), then report with `--eval test` (trains on all
 * training rows, evaluates on the test split once, after the last epoch).
 *
 * Usage (from the repo root):
 *   pnpm --filter @twotower/training exec tsx bench/ranking-ml100k.ts [--eval val|test]
 *     [--variant plain|reference|cross|regression|all] [--epochs N] [--batch N] [--lr X]
 *     [--optimizer adam|adagrad|sgd] [--decay X] [--dropout X] [--layers 256,64] [--cross-layers N]
 *     [--low-rank R] [--dim N] [--init X] [--emb-optimizer NAME] [--emb-lr X] [--features a,b]
 *     [--side] [--stats [--prior M] [--no-loo]] [--pred FILE] [--backend wasm|cpu] [--seed N] [--out FILE]
 *     [--ensemble B,R [--rating-slope K]] [--help]
 *
 * `--stats` adds the user's and item's rating statistics of the training rows as numeric inputs
 * (@twotower/recommender's RatingStatistics: shrunk mean rating, shrunk liked share, log count;
 * prior strength `--prior`, default 5), each training row's own rating left out unless
 * `--no-loo`. `--pred FILE` appends each epoch's evaluation predictions (a JSON array per line;
 * the evaluation ratings go to FILE.ratings.json) to study ensembles offline.
 * Validation (`--eval val`, seed 0, best epoch): reference 0.7136 / AUC 0.7757 (5 epochs);
 * `--features user_id,title_id --dropout 0 --stats` 0.7156 / 0.7857 (4 epochs), 0.7198 / 0.7809 (3).
 * `--ensemble B,R` trains B binary ('reference') and R 'regression' models from seeds seed, seed + 1,
 * … and scores their combination as @twotower/recommender's ranker does (combineRankingPredictions:
 * the mean of the members' log-odds, a rating r counting K · (r − 3.5), `--rating-slope`, default 2).
 * The trainer's default was chosen with
 *   `--eval val --ensemble 3,3 --stats --features user_id,title_id --dropout 0 --epochs 4`.
 * Data: $ML100K_DIR or <repo>/../shared/data/ml-100k. Prints one JSON line per epoch and a summary.
 *
 * It lives in @twotower/training, which depends on every package it uses (imported by name, as
 * built): in @twotower/towers it had to import @twotower/recommender's sources by path, since
 * recommender depends on towers.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ready, tf, type BackendName } from '@twotower/runtime';
import { RankingModel, type RankingConfig, type SparseOptimizerOptions, type OptimizerName, type TowerBatch } from '@twotower/towers';
import { readMovieLens, randomSplit, permutation, selectRows, type Interactions, type Dataset } from '@twotower/data';
import { FeatureSet, movieLensQuerySpecs, movieLensCandidateSpecs, type FeatureSpec, type Columns } from '@twotower/features';
import { binaryAccuracy, auc, logLoss, rmse } from '@twotower/eval';
import { towerInputsFromFeatures, toTowerBatch, gatherTowerBatch, RatingStatistics, RATING_FEATURE_WIDTH, combineRankingPredictions } from '@twotower/recommender';

const { values: args } = parseArgs({
  options: {
    eval: { type: 'string' },
    variant: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    optimizer: { type: 'string' },
    decay: { type: 'string' },
    layers: { type: 'string' },
    'cross-layers': { type: 'string' },
    'low-rank': { type: 'string' },
    dim: { type: 'string' },
    init: { type: 'string' },
    features: { type: 'string' },
    side: { type: 'boolean' },
    stats: { type: 'boolean' },
    prior: { type: 'string' },
    'no-loo': { type: 'boolean' },
    'emb-optimizer': { type: 'string' },
    'emb-lr': { type: 'string' },
    dropout: { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    pred: { type: 'string' },
    ensemble: { type: 'string' },
    'rating-slope': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const USAGE = `Usage: pnpm --filter @twotower/training exec tsx bench/ranking-ml100k.ts [options]

The ranking model on MovieLens 100K (seed-protocol split): accuracy, AUC, log loss, RMSE.
  --eval val|test          tune on a validation split of the training rows, or report on the test split (default val)
  --variant NAME           plain, reference, cross, regression or all (default all)
  --ensemble B,R           B binary + R regression members from consecutive seeds, combined as the ranker does
  --rating-slope K         log-odds per star of a regression member in the ensemble (default 2)
  --epochs N --batch N --lr X --optimizer adam|adagrad|sgd --decay X --dropout X
  --layers 256,64 --cross-layers N --low-rank R --dim N --init X --emb-optimizer NAME --emb-lr X
  --features a,b           train on these features only
  --side                   add ML-100K's user and item side information
  --stats [--prior M] [--no-loo]   rating statistics as inputs
  --pred FILE              append each epoch's evaluation predictions to FILE
  --backend wasm|cpu --seed N --out FILE
Data: $ML100K_DIR or <repo>/../shared/data/ml-100k.`;

const EVAL = (args.eval ?? 'val') as 'val' | 'test';
const DATA_DIR = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');

interface Hyper {
  epochs: number;
  batch: number;
  optimizer: SparseOptimizerOptions;
  layers: number[];
  cross?: { layers: number; lowRank?: number };
  head: 'binary' | 'regression';
  dropout: number;
  dim: number;
  seed: number;
}

/**
 * Per-variant defaults, tuned on the validation split (`--eval val`): Adam 1e-3, batch 256 and
 * input dropout 0.4 for every tuned variant; 5 epochs (binary), 4 (cross), 6 (regression).
 * `plain` is the untuned reference recipe: same architecture, no dropout, 3 epochs.
 */
const DEFAULTS: Record<string, { epochs: number; dropout: number }> = {
  plain: { epochs: 3, dropout: 0 },
  reference: { epochs: 5, dropout: 0.4 },
  cross: { epochs: 4, dropout: 0.4 },
  regression: { epochs: 6, dropout: 0.4 },
};

function hyper(variant: string, seed = Number(args.seed ?? 0)): Hyper {
  const d = DEFAULTS[variant];
  if (!d) throw new Error(`--variant must be one of ${Object.keys(DEFAULTS).join(', ')} or all, got ${variant}`);
  const head = variant === 'regression' ? 'regression' : 'binary';
  const crossLayers = Number(args['cross-layers'] ?? 1);
  const lowRank = args['low-rank'] ? Number(args['low-rank']) : undefined;
  return {
    epochs: Number(args.epochs ?? d.epochs),
    batch: Number(args.batch ?? 256),
    optimizer: {
      name: (args.optimizer ?? 'adam') as OptimizerName,
      learningRate: Number(args.lr ?? 1e-3),
      weightDecay: Number(args.decay ?? 0),
    },
    layers: (args.layers ?? '256,64').split(',').map(Number),
    cross: variant === 'cross' ? { layers: crossLayers, ...(lowRank ? { lowRank } : {}) } : undefined,
    head,
    dropout: Number(args.dropout ?? d.dropout),
    dim: Number(args.dim ?? 32),
    seed,
  };
}

const userColumn = (log: Interactions) => Array.from(log.users, (u) => log.userIds[u]!);

/**
 * `--side`: ML-100K's side information as extra features (an ablation; the TFRS MovieLens towers
 * read only ids, timestamps and titles): the user's age (quantile buckets), gender and
 * occupation on the query side, the film's genres (mean-pooled tokens) on the candidate side.
 */
function sideSpecs(dim: number): { query: FeatureSpec[]; candidate: FeatureSpec[] } {
  if (!args.side) return { query: [], candidate: [] };
  return {
    query: [
      { name: 'user_age', kind: 'discretized', source: 'age', bins: 10, method: 'quantile', embeddingDim: 8 },
      { name: 'user_gender', kind: 'categorical', source: 'gender', embeddingDim: 4 },
      { name: 'user_occupation', kind: 'categorical', source: 'occupation', embeddingDim: 8 },
    ],
    candidate: [{ name: 'genres', kind: 'text', source: 'genres', embeddingDim: dim, pooling: 'mean' }],
  };
}

function queryColumns(log: Interactions, ds: Dataset): Columns {
  const cols: Record<string, ArrayLike<string | number>> = { user: userColumn(log), timestamp: log.timestamps };
  if (args.side && ds.users) {
    const users = ds.users;
    cols['age'] = Array.from(log.users, (u) => users.ages[u]!);
    cols['gender'] = Array.from(log.users, (u) => users.genders[u]!);
    cols['occupation'] = Array.from(log.users, (u) => users.occupations[u]!);
  }
  return cols;
}

function candidateColumns(ds: Dataset): Columns {
  const log = ds.interactions;
  const items = ds.items;
  const cols: Record<string, ArrayLike<string | number>> = { item: log.itemIds, title: items?.titles ?? log.itemIds.map(() => '') };
  if (args.side && items) cols['genres'] = items.genres.map((g) => g.map((k) => items.genreNames[k]!.replace(/[^A-Za-z]/g, '')).join(' '));
  return cols;
}

/** Tower inputs of every row of `log`: query features by row, candidate features gathered from the catalogue. */
function inputs(log: Interactions, ds: Dataset, qf: FeatureSet, catalogue: TowerBatch, cSpecs: ReturnType<typeof towerInputsFromFeatures>) {
  return {
    q: toTowerBatch(qf.transform(queryColumns(log, ds))),
    c: gatherTowerBatch(catalogue, cSpecs, log.items),
    n: log.length,
  };
}

function metrics(head: 'binary' | 'regression', pred: Float32Array, log: Interactions) {
  const liked = Float32Array.from(log.ratings, (r) => (r >= 4 ? 1 : 0));
  if (head === 'binary') {
    return { accuracy: binaryAccuracy(liked, pred), auc: auc(liked, pred), logLoss: logLoss(liked, pred) };
  }
  // the regression head as a "liked" classifier too: predicted rating >= 3.5
  return { rmse: rmse(log.ratings, pred), accuracyAt3_5: binaryAccuracy(liked, pred, 3.5), auc: auc(liked, pred) };
}

async function run(variant: string, train: Interactions, evaluation: Interactions, ds: Dataset, seed?: number) {
  const hp = hyper(variant, seed);
  const side = sideSpecs(hp.dim);
  const qf = FeatureSet.fit([...movieLensQuerySpecs({ embeddingDim: hp.dim }), ...side.query], queryColumns(train, ds));
  const cf = FeatureSet.fit([...movieLensCandidateSpecs({ embeddingDim: hp.dim }), ...side.candidate], candidateColumns(ds));
  // --features user_id,title_id: train on a subset of the features (ablations)
  const keep = args.features ? new Set(args.features.split(',')) : null;
  const qSpecs = towerInputsFromFeatures(qf, hp.dim).filter((s) => !keep || keep.has(s.name));
  const cSpecs = towerInputsFromFeatures(cf, hp.dim).filter((s) => !keep || keep.has(s.name));
  const catalogue = toTowerBatch(cf.transform(candidateColumns(ds)));
  const tr = inputs(train, ds, qf, catalogue, cSpecs);
  const ev = inputs(evaluation, ds, qf, catalogue, cSpecs);
  if (args.stats) {
    // --stats: the user's and item's rating statistics of the training rows as numeric inputs,
    // each training row's own rating left out of them (unless --no-loo)
    const all = Int32Array.from({ length: train.length }, (_, i) => i);
    const stats = RatingStatistics.fit(train, all, ds.interactions.userIds.length, ds.interactions.itemIds.length, { priorStrength: Number(args.prior ?? 5) });
    const ft = stats.features(train.users, train.items, args['no-loo'] ? undefined : train.ratings);
    const fe = stats.features(evaluation.users, evaluation.items);
    tr.q['user_stats'] = ft.user;
    tr.c['item_stats'] = ft.item;
    ev.q['user_stats'] = fe.user;
    ev.c['item_stats'] = fe.item;
    qSpecs.push({ name: 'user_stats', kind: 'numeric', width: RATING_FEATURE_WIDTH });
    cSpecs.push({ name: 'item_stats', kind: 'numeric', width: RATING_FEATURE_WIDTH });
  }
  const targets = hp.head === 'binary' ? Float32Array.from(train.ratings, (r) => (r >= 4 ? 1 : 0)) : Float32Array.from(train.ratings);
  let mean = 0;
  for (const t of targets) mean += t / targets.length;
  const config: RankingConfig = {
    query: qSpecs,
    candidate: cSpecs,
    layers: hp.layers,
    cross: hp.cross,
    head: hp.head,
    // regression starts at the mean rating, binary at the base rate's log-odds
    outputBias: hp.head === 'regression' ? mean : Math.log(mean / (1 - mean)),
    optimizer: hp.optimizer,
    embeddingInitScale: Number(args.init ?? 0.05),
    inputDropout: hp.dropout,
    ...(args['emb-optimizer'] || args['emb-lr']
      ? { embeddingOptimizer: { ...hp.optimizer, name: (args['emb-optimizer'] ?? hp.optimizer.name) as OptimizerName, learningRate: Number(args['emb-lr'] ?? hp.optimizer.learningRate) } }
      : {}),
    seed: hp.seed,
  };
  const model = new RankingModel(config);
  const epochs: Record<string, unknown>[] = [];
  let trainSeconds = 0;
  const labels = new Float32Array(hp.batch);
  let finalPred = new Float32Array(0);
  for (let epoch = 1; epoch <= hp.epochs; epoch++) {
    const order = permutation(tr.n, 1000 * hp.seed + epoch);
    let lossSum = 0;
    let steps = 0;
    const t0 = performance.now();
    for (let s = 0; s < tr.n; s += hp.batch) {
      const rows = order.subarray(s, Math.min(s + hp.batch, tr.n));
      const m = rows.length;
      for (let i = 0; i < m; i++) labels[i] = targets[rows[i]!]!;
      lossSum += model.trainStep(gatherTowerBatch(tr.q, qSpecs, rows), gatherTowerBatch(tr.c, cSpecs, rows), m, labels.subarray(0, m));
      steps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    const row: Record<string, unknown> = { variant, eval: EVAL, epoch, trainLoss: lossSum / steps, seconds: +seconds.toFixed(2), examplesPerSecond: Math.round(tr.n / seconds) };
    if (EVAL === 'val' || epoch === hp.epochs) {
      const p0 = performance.now();
      const pred = model.predict(ev.q, ev.c, ev.n);
      finalPred = pred;
      row['predictionsPerSecond'] = Math.round(ev.n / ((performance.now() - p0) / 1000));
      Object.assign(row, metrics(hp.head, pred, evaluation));
      // --pred FILE: each epoch's evaluation predictions (one JSON array per line), to study ensembles
      if (args.pred) appendFileSync(args.pred, JSON.stringify(Array.from(pred, (v) => +v.toFixed(5))) + '\n');
    }
    console.log(JSON.stringify(row));
    epochs.push(row);
  }
  const tensors = tf.memory().numTensors;
  model.dispose();
  return { variant, head: hp.head, finalPred, hyper: { ...hp, outputBias: config.outputBias }, trainRows: tr.n, evalRows: ev.n, trainSeconds: +trainSeconds.toFixed(1), examplesPerSecond: Math.round((tr.n * hp.epochs) / trainSeconds), tensorsAtEnd: tensors, last: epochs.at(-1) };
}

async function main() {
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(DATA_DIR)) {
    console.log(JSON.stringify({ skipped: `no MovieLens 100K at ${DATA_DIR}: set ML100K_DIR to the extracted ml-100k directory` }));
    return;
  }
  const backend = (args.backend ?? 'wasm') as BackendName;
  await ready({ backend, log: null });
  const ds = await readMovieLens(DATA_DIR);
  const log = ds.interactions;
  const split = randomSplit(log, { seed: 42, trainFraction: 0.8 });
  let train = split.train;
  let evaluation = split.test;
  if (EVAL === 'val') {
    // validation carved from the training rows (already shuffled): first 90% / last 10%
    const cut = Math.round(train.length * 0.9);
    evaluation = selectRows(train, Int32Array.from({ length: train.length - cut }, (_, i) => cut + i));
    train = selectRows(train, Int32Array.from({ length: cut }, (_, i) => i));
  }
  let likedRate = 0;
  for (const r of evaluation.ratings) likedRate += (r >= 4 ? 1 : 0) / evaluation.length;
  if (args.pred) writeFileSync(`${args.pred}.ratings.json`, JSON.stringify(Array.from(evaluation.ratings)) + '\n');
  const results = [];
  let ensemble: Record<string, unknown> | undefined;
  if (args.ensemble) {
    // B binary + R regression members from consecutive seeds, combined as the recommender's ranker does
    const [b, r] = args.ensemble.split(',').map(Number);
    if (!Number.isInteger(b) || !Number.isInteger(r) || b! < 0 || r! < 0 || b! + r! === 0) throw new Error(`--ensemble wants B,R (binary and regression model counts), got ${args.ensemble}`);
    const seed0 = Number(args.seed ?? 0);
    for (let i = 0; i < b! + r!; i++) results.push(await run(i < b! ? 'reference' : 'regression', train, evaluation, ds, seed0 + i));
    const slope = Number(args['rating-slope'] ?? 2);
    const probs = results.filter((x) => x.head === 'binary').map((x) => x.finalPred);
    const ratings = results.filter((x) => x.head === 'regression').map((x) => x.finalPred);
    const combined = combineRankingPredictions(probs, ratings, evaluation.length, { ratingSlope: slope });
    ensemble = { binary: b, regression: r, ratingSlope: slope, ...metrics(probs.length > 0 ? 'binary' : 'regression', combined, evaluation) };
    console.log(JSON.stringify({ ensemble }));
  } else {
    const variants = (args.variant ?? 'all') === 'all' ? ['plain', 'reference', 'cross', 'regression'] : [args.variant!];
    for (const v of variants) results.push(await run(v, train, evaluation, ds));
  }
  const summary = {
    bench: 'ranking-ml100k',
    backend: tf.getBackend(),
    eval: EVAL,
    side: args.side ?? false,
    majorityClassAccuracy: Math.max(likedRate, 1 - likedRate),
    ...(ensemble ? { ensemble } : {}),
    results: results.map(({ finalPred: _, ...rest }) => rest),
  };
  console.log(JSON.stringify({ summary }));
  if (args.out) writeFileSync(args.out, JSON.stringify(summary, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
