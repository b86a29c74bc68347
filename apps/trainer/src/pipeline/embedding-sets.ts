import type { EmbeddingSetFigures, SegmentsInfo } from '@twotower/artifact';
import type { Recommender } from '@twotower/recommender';
import { candidateEmbeddingSet, compareItemSets, learnEmbeddingSets, segmentEmbeddingSet, userEmbeddingSet, userTopLabels, type LearnedEmbeddingSet, type Progress, type TrainingData } from '@twotower/training';
import type { TrainConfig } from '../config/schema';
import { textEmbeddingSet } from './text-set';

/** What {@link embeddingSets} returns: the sets to save, their segments, the comparison. */
export interface EmbeddingSetsResult {
  /** Named sets to keep in the model directory (`users`, `item2vec`, `deepwalk`, `text`...). */
  sets: LearnedEmbeddingSet[];
  /** Segmentations, by set. */
  segments: { info: SegmentsInfo; assignments: Int32Array }[];
  /** The item sets compared (two-tower candidates first, EASE last), when `compare` is on. */
  comparison?: EmbeddingSetFigures[];
}

/**
 * The embedding sets of the `embeddings` config beside a trained two-tower model: the users'
 * own two-tower set, item2vec, DeepWalk and text item sets learned from the training rows, the
 * segments of each, and the comparison of the item sets on the test split (EASE's item-item
 * weights as the baseline).
 */
export async function embeddingSets(config: TrainConfig, rec: Recommender, data: TrainingData, options: { progress?: Progress; print: (line: string) => void; items?: Float32Array; text?: LearnedEmbeddingSet }): Promise<EmbeddingSetsResult> {
  const E = config.embeddings;
  const { print, progress } = options;
  const learned = await learnEmbeddingSets(data, { item2vec: E.item2vec ?? false, deepwalk: E.deepwalk ?? false, ...(progress ? { progress } : {}) });
  for (const s of learned) print(`embedding set ${s.name}: ${s.dim}-d, ${s.seconds.toFixed(1)} s${s.lossCurve?.length ? `, loss ${s.lossCurve[0]!.loss.toFixed(3)} -> ${s.lossCurve.at(-1)!.loss.toFixed(3)}` : ''}${s.trained ? ` (${s.trained.reduce((a, b) => a + b, 0)} of ${s.ids.length} items have a vector)` : ''}`);
  // a catalogue whose items have no titles (ids only) has no text to embed
  const titled = rec.catalogue.titles.some((t, i) => t !== rec.catalogue.ids[i]);
  if (E.text !== null && !options.text && !titled) print('embedding set text: skipped, the items have no titles (only ids)');
  const text = E.text === null ? undefined : (options.text ?? (titled ? await textEmbeddingSet(rec.catalogue, progress) : undefined));
  if (text) print(`embedding set text: ${text.dim}-d, ${text.seconds.toFixed(1)} s (${String(text.options.encoder)})`);
  const candidates = candidateEmbeddingSet(rec, options.items);
  const users = userEmbeddingSet(rec);
  const itemSets = [candidates, ...learned, ...(text ? [text] : [])];
  const genres = rec.catalogue.genres;
  const segments: EmbeddingSetsResult['segments'] = [];
  if (E.segments) {
    const S = E.segments;
    const wanted = S.sets ?? [...itemSets, users].map((s) => s.name);
    const byName = new Map([...itemSets, users].map((s) => [s.name, s]));
    const unknown = wanted.filter((n) => !byName.has(n));
    if (unknown.length > 0) throw new Error(`embeddings.segments.sets names ${unknown.join(', ')}: the sets are ${[...byName.keys()].join(', ')}`);
    const activity = new Float32Array(rec.numUsers);
    for (let u = 0; u < rec.numUsers; u++) activity[u] = rec.seen.offsets[u + 1]! - rec.seen.offsets[u]!;
    const userLabels = userTopLabels(rec.seen, genres);
    for (const name of wanted) {
      const set = byName.get(name)!;
      const seg = segmentEmbeddingSet(set, {
        k: S.k,
        ...(S.candidates ? { candidates: S.candidates } : {}),
        ...(S.restarts ? { restarts: S.restarts } : {}),
        labels: set.of === 'users' ? userLabels : genres,
        weights: set.of === 'users' ? activity : rec.popularity,
      });
      segments.push(seg);
      print(`segments of ${name}: k ${seg.info.k} (${seg.info.chosenBy === 'silhouette' ? 'best silhouette' : 'given'}, silhouette ${seg.info.silhouette?.toFixed(3)})`);
    }
  }
  const comparison = E.compare ? await compareItemSets(data, itemSets, { labels: genres, easeLambda: config.evaluation.easeLambda, ...(progress ? { onProgress: progress.task('comparing the item embedding sets') } : {}) }) : undefined;
  return { sets: [users, ...learned, ...(text ? [text] : [])], segments, ...(comparison ? { comparison } : {}) };
}

/** The comparison as a fixed-width table: one row per set, EASE last. */
export function embeddingSetsTable(rows: readonly EmbeddingSetFigures[]): string {
  const cols: [string, (r: EmbeddingSetFigures) => string][] = [
    ['dim', (r) => String(r.dim)],
    ['seconds', (r) => r.seconds.toFixed(1)],
    ['genre@10', (r) => num(r.genreAgreement)],
    ['recall@10', (r) => num(r['recall@10'])],
    ['ndcg@10', (r) => num(r['ndcg@10'])],
    ['coverage@10', (r) => num(r['coverage@10'])],
    ['trust', (r) => (r.trustworthiness === undefined ? '-' : r.trustworthiness.toFixed(4))],
  ];
  const name = (r: EmbeddingSetFigures) => (r.name === 'candidates' ? 'two-tower candidates' : r.name === 'ease' ? r.method : r.name);
  const width = Math.max(9, ...rows.map((r) => name(r).length));
  const header = ['item set'.padEnd(width), ...cols.map(([h]) => h.padStart(12))].join(' ');
  const chance = rows[0]?.genreAgreementChance !== undefined ? `genre@10 by chance: ${rows[0].genreAgreementChance.toFixed(4)}` : 'genre@10: the catalogue has no genres';
  return [header, '-'.repeat(header.length), ...rows.map((r) => [name(r).padEnd(width), ...cols.map(([, f]) => f(r).padStart(12))].join(' ')), chance].join('\n');
}

function num(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(4) : '-';
}
