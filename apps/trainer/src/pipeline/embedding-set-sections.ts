import type { EmbeddingSetFigures, SegmentsInfo } from '@twotower/artifact';
import { cosineNeighbours } from '@twotower/embeddings';
import type { Recommender } from '@twotower/recommender';
import type { CategoricalColour, ColourBy, ReportSection } from '@twotower/viz';
import type { EmbeddingMap } from './embedding-maps';

const METHOD_TEXT: Record<string, string> = {
  item2vec: "item2vec: skip-gram with negative sampling over each user's training items",
  deepwalk: 'DeepWalk: skip-gram over random walks on the training user-item graph',
  node2vec: 'node2vec: skip-gram over p/q-biased random walks on the training graph',
  text: "a pretrained sentence encoder's embedding of the item text",
  'two-tower': "the two-tower model's",
};

/** Colouring of a map's points by their segment (`-1`: none). */
export function segmentColouring(map: EmbeddingMap): CategoricalColour | undefined {
  if (!map.segments) return undefined;
  const { info, assignments } = map.segments;
  const name = (a: number) => (a < 0 ? 'none' : `${a}: ${info.segments[a]?.topLabels.slice(0, 2).map((l) => l.label).join(', ') || 'segment'}`);
  return { kind: 'categorical', name: `segment (k ${info.k})`, categories: Array.from(map.rows, (r) => name(assignments[r]!)), order: info.segments.map((s) => name(s.id)) };
}

/** A scatter section of a named item set's map: coloured by genre and by segment; its neighbours by cosine in the set. */
export function itemSetSection(map: EmbeddingMap, rec: Recommender, genre: string[], genreName: string): ReportSection {
  // the drawn rows all have a vector: every list is full
  const near = cosineNeighbours(map.vectors, map.dim, 10);
  const colourBy: ColourBy[] = [{ kind: 'categorical', name: genreName, categories: Array.from(map.rows, (r) => genre[r]!) }];
  const seg = segmentColouring(map);
  if (seg) colourBy.push(seg);
  const method = METHOD_TEXT[map.entry.method ?? ''] ?? map.entry.method ?? map.name;
  return {
    kind: 'scatter',
    id: `set-${map.name}`,
    title: `Item embeddings: ${map.name}`,
    description: `t-SNE of the ${map.rows.length} items of the "${map.name}" set (${method}; ${map.dim}-d${map.entry.seconds !== undefined ? `, learned in ${map.entry.seconds} s` : ''}), coloured by first ${genreName}${seg ? ' and by segment' : ''}. The search box highlights an item's 10 nearest items by cosine in this set: what \`item-items\` with \`"embeddings": "${map.name}"\` answers.`,
    points: map.points,
    caption: map.caption,
    xLabel: 't-SNE 1',
    yLabel: 't-SNE 2',
    labels: Array.from(map.rows, (r) => rec.catalogue.titles[r] ?? rec.catalogue.ids[r]!),
    colourBy,
    neighbours: Array.from({ length: map.rows.length }, (_, i) => near.subarray(i * 10, (i + 1) * 10)),
  };
}

/** A table of one segmentation: each segment's size, most over-represented labels and heaviest members. */
export function segmentsSection(info: SegmentsInfo, member: string): ReportSection {
  return {
    kind: 'table',
    id: `segments-${info.set}`,
    title: `Segments of the ${info.set} embeddings`,
    description: `k-means (${info.metric}, k ${info.k}${info.chosenBy === 'silhouette' ? `, the best silhouette among k = ${info.candidates?.map((c) => c.k).join(', ')}` : ', given'}; silhouette ${info.silhouette?.toFixed(3) ?? '-'}). Labels: the most over-represented, by lift (share in the segment over share overall) among those at least 10% of its members carry; members: the most ${member} first. The server lists them at GET /v1/segments/${info.set}.`,
    columns: ['segment', 'size', 'share', 'top labels (lift)', `top ${info.of}`],
    rows: info.segments.map((s) => [s.id, s.size, s.share, s.topLabels.slice(0, 3).map((l) => `${l.label} (${l.lift.toFixed(1)})`).join(', '), s.topMembers.slice(0, 3).join('; ')]),
  };
}

/** The comparison of the item sets (from `metrics.json`) with each map's trustworthiness. */
export function comparisonSection(rows: readonly EmbeddingSetFigures[], maps: readonly EmbeddingMap[]): ReportSection {
  const trust = new Map(maps.map((m) => [m.name, m.trust]));
  const name = (r: EmbeddingSetFigures) => (r.name === 'candidates' ? 'two-tower candidates' : r.name === 'ease' ? r.method : r.name);
  return {
    kind: 'table',
    id: 'embedding-sets',
    title: 'Item embedding sets compared',
    description: `Each item set as the item2vec paper checks it — the share of an item's 10 nearest neighbours (cosine) sharing a genre with it (by chance: ${rows[0]?.genreAgreementChance?.toFixed(4) ?? '-'}) — and as an item-to-item recommender on the test split: a user's score for an item is the sum of its similarities to the user's training items, training items excluded; recall and nDCG per user, as the two-tower's own figures above; coverage: share of the catalogue in someone's top 10. EASE's item-item weights are the baseline. Trust: the trustworthiness of the set's map (k = 10).`,
    columns: ['set', 'dim', 'seconds', 'genre@10', 'recall@10', 'ndcg@10', 'coverage@10', 'trust'],
    rows: rows.map((r) => [name(r), r.dim, r.seconds, r.genreAgreement ?? null, (r['recall@10'] as number | undefined) ?? null, (r['ndcg@10'] as number | undefined) ?? null, (r['coverage@10'] as number | undefined) ?? null, trust.get(r.name) ?? null]),
    best: { 'genre@10': 'max', 'recall@10': 'max', 'ndcg@10': 'max', 'coverage@10': 'max', trust: 'max' },
  };
}
