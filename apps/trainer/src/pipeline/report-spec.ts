import { popularityLeanText } from './popularity-lean-text';
import type { EpochRecord, ModelMetrics, ProtocolFigures } from '@twotower/artifact';
import { timeEmbeddings, type Recommender } from '@twotower/recommender';
import type { CategoricalColour, ReportSection, ReportSpec } from '@twotower/viz';
import { timeContinuity } from '@twotower/eval';
import { formatGain } from './ranking-tables';
import { timeContinuityText } from './time-continuity-text';
import type { EmbeddingMap } from './embedding-maps';
import { comparisonSection, itemSetSection, segmentColouring, segmentsSection } from './embedding-set-sections';
import { coldHistorySection } from './cold-history-section';


/** Files of the artifact the report reads besides the recommender. */
export interface ReportInputs {
  rec: Recommender;
  /** metrics.json (of this or an older version of the format: fields are read with ?. and ??) */
  metrics: ModelMetrics;
  /** history.json */
  history: EpochRecord[];
  /** timestamp-buckets.json: training interactions per timestamp bucket (absent: all buckets shown). */
  bucketCounts?: number[];
  /** Model directory, shown in the header. */
  dir: string;
  /** The maps of the directory's embedding sets (`embeddingMaps`): the two-tower's items and users drawn from them, each named set drawn, segments coloured. */
  maps?: EmbeddingMap[];
}

/** Films whose neighbours the report lists when the catalogue has them (MovieLens). */
export const NEIGHBOUR_FILMS = ['Toy Story (1995)', 'Star Wars (1977)', 'Fargo (1996)'];

const AGE_GROUPS = ['under 18', '18-24', '25-34', '35-44', '45-49', '50-55', '56+'];

function ageGroup(age: unknown): string {
  const a = typeof age === 'number' ? age : Number.NaN;
  if (!Number.isFinite(a)) return 'unknown';
  if (a < 18) return 'under 18';
  if (a < 25) return '18-24';
  if (a < 35) return '25-34';
  if (a < 45) return '35-44';
  if (a < 50) return '45-49';
  if (a < 56) return '50-55';
  return '56+';
}

/** The `k` items with the most training interactions, most first. */
function mostPopular(popularity: Float32Array, k: number): number[] {
  return Array.from(popularity.keys())
    .sort((a, b) => popularity[b]! - popularity[a]! || a - b)
    .slice(0, k)
    .filter((i) => popularity[i]! > 0);
}

/** Top `k` items by dot product with item `i` (itself excluded): the item2item neighbours. */
export function itemNeighbours(items: Float32Array, dim: number, i: number, k: number): { index: number; score: number }[] {
  const n = items.length / dim;
  const scores: { index: number; score: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let s = 0;
    for (let d = 0; d < dim; d++) s += items[i * dim + d]! * items[j * dim + d]!;
    scores.push({ index: j, score: s });
  }
  return scores.sort((a, b) => b.score - a.score).slice(0, k);
}

function metricsRows(m: ModelMetrics): (string | number | null)[][] {
  const cell = (x: ProtocolFigures | undefined, protocol: keyof ProtocolFigures, key: string) => (x?.[protocol] as Record<string, number> | undefined)?.[key] ?? null;
  const row = (name: string, x: ProtocolFigures | undefined) => [
    name,
    cell(x, 'wholeCatalogue', 'top10'),
    cell(x, 'wholeCatalogue', 'top100'),
    cell(x, 'excludeSeen', 'top10'),
    cell(x, 'excludeSeen', 'top100'),
    cell(x, 'excludeSeen', 'recall@10'),
    cell(x, 'excludeSeen', 'ndcg@10'),
  ];
  const rows = [row(`two-tower (${m.config ?? 'model'})`, m.retrieval)];
  if (m.baselines?.popularity) rows.push(row('most popular', m.baselines.popularity));
  if (m.baselines?.ease) rows.push(row('EASE', m.baselines.ease));
  return rows;
}

/**
 * The report of a trained model: the day (timestamp-bucket) embedding map coloured by day
 * index (when the log has times), item embeddings by genre (or category), user embeddings by age
 * group and occupation (or a user file's categories), training curves, metric tables with the
 * baselines, and the item2item neighbours of a few well-known films (or of the most popular
 * items). Items without a title are labelled by their id.
 */
export function buildReportSpec(inp: ReportInputs): ReportSpec {
  const { rec, metrics: m, history } = inp;
  const sections: ReportSection[] = [];
  const dim = rec.dim;

  // 1. the day embedding: the time as the query tower reads it (a log without times has none)
  const time = timeEmbeddings(rec, (b) => !inp.bucketCounts || (inp.bucketCounts[b] ?? 0) > 0);
  if (time) {
    const { buckets: rows, width, vectors: data, dim: timeDim, resolutions: coarse } = time;
    const day = time.days.map((d) => Math.floor(d));
    const first = new Date(time.start * 1000).toISOString().slice(0, 10);
    // computed from the embeddings, not the picture: bucket centres in days as positions
    const continuity = timeContinuity(data, timeDim, { positions: time.days });
    const resolutions = coarse.length > 0 ? ` Each point is the time as the query tower reads it: the bucket's own embedding beside those of the ${coarse.join(' and ')} coarser buckets containing it.` : '';
    sections.push({
      kind: 'scatter',
      id: 'day-embedding',
      title: 'Day embedding (timestamp buckets)',
      description: `t-SNE of the ${rows.length} timestamp-bucket embeddings that training data reached (${time.bins} equal-width buckets of ${(width / 3600).toFixed(1)} h from ${first}), coloured by day index.${resolutions} A smooth gradient means the model learned time; recent days pulled into a corner of their own would mean a recency bias. ${timeContinuityText(continuity)}`,
      embeddings: { data, dim: timeDim },
      labels: rows.map((b, i) => `bucket ${b} (day ${day[i]})`),
      colourBy: [{ kind: 'continuous', name: 'day index', values: day }],
    });
  }

  // 2. items by genre, with the films whose neighbours are listed below labelled
  const items = rec.embedItems();
  const titles = rec.catalogue.titles;
  const genre = rec.catalogue.genres.map((g) => (g.length === 0 ? 'none' : g.length === 1 ? g[0]! : g[0] === 'unknown' ? g[1]! : g[0]!));
  // a catalogue's genres may be called otherwise (category, tags): the report says what it has
  const genreName = rec.catalogue.genresColumn ?? 'genre';
  const films = NEIGHBOUR_FILMS.map((t) => titles.indexOf(t)).filter((i) => i >= 0);
  // another catalogue than MovieLens: the neighbours of its three most popular items
  const known = films.length > 0 ? films : mostPopular(rec.popularity, 3);
  const thing = films.length > 0 ? 'film' : 'item';
  const neighbourLists = Array.from({ length: rec.numItems }, (_, i) => itemNeighbours(items, dim, i, 10).map((x) => x.index));
  const maps = new Map((inp.maps ?? []).map((x) => [x.name, x]));
  // the map of the saved item set, when drawn beforehand (and of every row): its trustworthiness is in the comparison
  const itemMap = maps.get('candidates')?.rows.length === rec.numItems ? maps.get('candidates') : undefined;
  const itemSegments = itemMap && segmentColouring(itemMap);
  sections.push({
    kind: 'scatter',
    id: 'items',
    title: 'Item embeddings',
    description: `t-SNE of the candidate tower's ${rec.numItems} item embeddings, coloured by first ${genreName}, by training popularity${itemSegments ? ' and by segment' : ''}. The search box finds ${thing === 'film' ? 'a film' : 'an item'} and highlights its 10 nearest neighbours by the model's own dot product (item2item).`,
    ...(itemMap ? { points: itemMap.points, caption: itemMap.caption, xLabel: 't-SNE 1', yLabel: 't-SNE 2' } : { embeddings: { data: items, dim } }),
    labels: [...titles],
    colourBy: [
      { kind: 'categorical', name: genreName, categories: genre },
      { kind: 'continuous', name: 'log popularity', values: Array.from(rec.popularity, (c) => Math.log1p(c)) },
      ...(itemSegments ? [itemSegments] : []),
    ],
    neighbours: neighbourLists,
    labelPoints: known,
  });
  // 2b. every other item set of the directory (item2vec, DeepWalk, text), drawn the same way
  for (const map of maps.values()) if (map.entry.of === 'items' && map.name !== 'candidates') sections.push(itemSetSection(map, rec, genre, genreName));

  // 3. users by age group and occupation, queried at their latest training time
  const attr = rec.users.attributes ?? {};
  const colourBy: CategoricalColour[] = [];
  if (attr.age) colourBy.push({ kind: 'categorical', name: 'age group', categories: attr.age.map(ageGroup), order: [...AGE_GROUPS, 'unknown'] });
  if (attr.occupation) colourBy.push({ kind: 'categorical', name: 'occupation', categories: attr.occupation.map((o) => String(o ?? 'unknown') || 'unknown') });
  if (attr.gender) colourBy.push({ kind: 'categorical', name: 'gender', categories: attr.gender.map((g) => String(g ?? '') || 'unknown') });
  // a user file's columns of few categories (country, plan, segment...)
  for (const c of rec.users.columns ?? []) {
    if (colourBy.length >= 3 || c.kind !== 'category' || new Set(c.values).size > 30) continue;
    colourBy.push({ kind: 'categorical', name: c.name, categories: c.values.map((v) => (v === null || v === '' ? 'unknown' : String(v))) });
  }
  const userMap = maps.get('users')?.rows.length === rec.numUsers ? maps.get('users') : undefined;
  const userSegments = userMap && segmentColouring(userMap);
  if (userSegments) colourBy.push(userSegments);
  sections.push({
    kind: 'scatter',
    id: 'users',
    title: 'User embeddings',
    description: `t-SNE of the query tower's output for each of the ${rec.numUsers} users at their latest training time${colourBy.length ? ', coloured by ' + colourBy.map((c) => c.name).join(', ') : ''}.`,
    ...(userMap ? { points: userMap.points, caption: userMap.caption, xLabel: 't-SNE 1', yLabel: 't-SNE 2' } : { embeddings: { data: rec.embedQueries(rec.users.ids), dim } }),
    labels: rec.users.ids.map((id) => `user ${id}`),
    colourBy,
  });

  // 4. training curves
  const fitEpochs = history.filter((h) => !h.refit);
  const series = [{ name: 'training loss (per example)', values: fitEpochs.map((h) => h.loss) }];
  sections.push({ kind: 'lines', id: 'loss', title: 'Training loss', series, yLabel: 'loss' });
  const val = fitEpochs.filter((h) => h.validation);
  if (val.length) {
    const keys = Object.keys(val[0]!.validation!);
    sections.push({
      kind: 'lines',
      id: 'validation',
      title: 'Validation (training items excluded)',
      description: 'Top-K accuracy on the validation rows carved from the training split, after each epoch; early stopping keeps the best epoch.',
      series: keys.map((k) => ({ name: k, values: fitEpochs.map((h) => h.validation?.[k] ?? Number.NaN) })),
      yLabel: 'accuracy',
    });
  }

  // 5. metrics with baselines
  sections.push({
    kind: 'table',
    id: 'metrics',
    title: 'Retrieval on the test split, with baselines',
    description: `"whole": every item ranked (TFRS's factorized top-K). "excl": each user's training items excluded (what a service does); recall and nDCG per user. Split: seed ${m.split?.seed}, ${m.split?.train} train / ${m.split?.test} test.${m.popularityLean ? ` ${popularityLeanText(m.popularityLean)}` : ''}`,
    columns: ['model', 'whole top10', 'whole top100', 'excl top10', 'excl top100', 'recall@10', 'ndcg@10'],
    rows: metricsRows(m),
    best: { 'whole top10': 'max', 'whole top100': 'max', 'excl top10': 'max', 'excl top100': 'max', 'recall@10': 'max', 'ndcg@10': 'max' },
    emphasise: [0],
  });
  if (m.embeddingSets?.length) sections.push(comparisonSection(m.embeddingSets, inp.maps ?? []));
  for (const map of maps.values()) if (map.segments) sections.push(segmentsSection(map.segments.info, map.entry.of === 'users' ? 'active' : 'popular'));
  if (m.ranking) {
    const r = m.ranking;
    const members: { head: string; seed: number; binaryAccuracy: number; auc: number; logLoss?: number; rmse: number }[] = r.members ?? [];
    const combined = members.length > 1 ? `ensemble of ${members.length}` : 'ranking model';
    sections.push({
      kind: 'table',
      id: 'ranking',
      title: members.length > 1 ? 'Ranking models on the test split' : 'Ranking model on the test split',
      description: `Liked = rating >= 4 (share of liked test ratings ${(100 * r.positiveRate).toFixed(1)}%). RMSE: of the probability against the 0/1 label, or of the rating for a regression model.${members.length > 1 ? ' The ensemble averages its models\' log-odds; each model is shown alone below it.' : ''}`,
      columns: ['model', 'binary accuracy', 'AUC', 'log loss', 'RMSE'],
      rows: [
        [combined, r.binaryAccuracy, r.auc, r.logLoss ?? null, r.rmse],
        ...(members.length > 1 ? members.map((x) => [`${x.head} (seed ${x.seed})`, x.binaryAccuracy, x.auc, x.logLoss ?? null, x.rmse]) : []),
      ],
      best: { 'binary accuracy': 'max', AUC: 'max' },
      emphasise: [0],
    });
  }
  if (m.twoStageByCandidates) {
    const rows: (string | number | null)[][] = [];
    const gains: string[] = [];
    for (const r of Object.values(m.twoStageByCandidates)) {
      for (const [name, x] of [['retrieval order', r.retrieval], ['re-ranked', r.reranked], ['popularity order', r.popularityOrder]] as const) {
        rows.push([r.candidates, name, x['ndcg@10'] ?? null, x['recall@10'] ?? null, x.mrr ?? null]);
      }
      if (r.rerankedGain) gains.push(`N = ${r.candidates}: ${formatGain(r.rerankedGain.vsRetrieval)} over the retrieval order, ${formatGain(r.rerankedGain.vsPopularity)} over the popularity order`);
    }
    sections.push({
      kind: 'table',
      id: 'two-stage',
      title: 'Two stages: retrieve N, re-rank',
      description:
        `For each test interaction${m.rankingSkipped ? '' : ' with a liked item'}: N candidates retrieved (training items excluded), then ordered three ways; metrics against the one true item.` +
        (gains.length > 0 ? ` nDCG@10 gained by re-ranking, query by query (mean ± standard error): ${gains.join('; ')}.` : ''),
      columns: ['N', 'order', 'ndcg@10', 'recall@10', 'mrr'],
      rows,
    });
  }
  if (m.twoStagePerUser) sections.push(twoStagePerUserSection(m));
  const cold = coldHistorySection(m, rec.historyLength > 0);
  if (cold) sections.push(cold);

  // 6. item2item neighbours of well-known films (or of the most popular items)
  if (known.length) {
    sections.push({
      kind: 'neighbours',
      id: 'neighbours',
      title: `Similar ${thing}s (item2item)`,
      description: `${films.length > 0 ? "Each film's" : 'The most popular items\''} 10 nearest items by the dot product of candidate-tower embeddings.`,
      queries: known.map((i) => ({
        query: titles[i]!,
        note: rec.catalogue.genres[i]!.join(', '),
        neighbours: itemNeighbours(items, dim, i, 10).map((x) => ({ title: titles[x.index]!, score: x.score, note: rec.catalogue.genres[x.index]!.join(', ') })),
      })),
    });
  }
  return {
    title: `twotower — ${m.dataset?.name ?? 'model'}`,
    subtitle: `config "${m.config}" · ${m.dataset?.interactions?.toLocaleString('en-US')} interactions, ${m.dataset?.users} users, ${m.dataset?.items} items`,
    meta: { model: inp.dir, backend: String(m.training?.backend ?? ''), epochs: String(m.training?.epochs ?? '') },
    sections,
  };
}

/** ` Two-tower − EASE, user by user: …` when metrics.json has the paired comparison at K. */
function versus(m: ModelMetrics, k: number): string {
  const v = m.versusEase?.figures;
  const recall = v?.[`recall@${k}`];
  const ndcg = v?.[`ndcg@${k}`];
  return recall && ndcg ? ` Two-tower − EASE, user by user: recall ${formatGain(recall)}, nDCG ${formatGain(ndcg)}.` : '';
}

/** The two-stage list per user beside the two-tower's own top K and EASE's (the main table's protocol). */
function twoStagePerUserSection(m: ModelMetrics): ReportSection {
  const r = m.twoStagePerUser!;
  const ease = m.baselines?.ease?.excludeSeen;
  const ii = m.itemItem;
  const own = m.retrieval?.excludeSeen;
  const leaned = (m.popularityLean?.weight ?? 0) > 0;
  const stage = r.reranker === 'item-item' && ii ? `the item-item stage (retrieval score + ${ii.weight} × EASE score of the user's history, each standardised over the list; weight chosen on ${ii.users} validation users)` : 'the ranking models';
  return {
    kind: 'table',
    id: 'two-stage-per-user',
    title: 'Two stages per user: retrieve, re-rank, top 10',
    description: `Each of the ${r.users} users with a test interaction: its ${r.candidates} best items by the two-tower's dot product (training items excluded${leaned ? '; no popularity lean: the blend carries popularity' : ''}), re-ordered by ${stage}; the top ${r.k} against all its test items. Re-ranked − ${leaned ? 'dot-product' : 'own'} top ${r.k}, user by user: recall ${formatGain(r.gain.recall)}, nDCG ${formatGain(r.gain.ndcg)}.${versus(m, r.k)}`,
    columns: ['list', `recall@${r.k}`, `ndcg@${r.k}`],
    rows: [
      [leaned ? `two-tower's top ${r.k}, dot product` : `two-tower's own top ${r.k}`, r.retrieval.recall, r.retrieval.ndcg],
      ...(leaned ? [[`two-tower's top ${r.k}, with the popularity lean`, own?.[`recall@${r.k}`] ?? null, own?.[`ndcg@${r.k}`] ?? null]] : []),
      [`re-ranked top ${r.k} of ${r.candidates}`, r.reranked.recall, r.reranked.ndcg],
      ...(ease ? [['EASE', ease[`recall@${r.k}`] ?? null, ease[`ndcg@${r.k}`] ?? null]] : []),
    ],
    best: { [`recall@${r.k}`]: 'max', [`ndcg@${r.k}`]: 'max' },
  };
}
