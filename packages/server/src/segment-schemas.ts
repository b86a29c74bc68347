/**
 * TypeBox schemas of the segment endpoints' answers (`GET /v1/segments`, `/v1/segments/:set`,
 * `/v1/segments/:set/:id`), for the OpenAPI document; their TypeScript types are derived from them.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Members a page of `GET /v1/segments/:set/:id` holds at most. */
export const MAX_SEGMENT_PAGE = 1000;
/** Members a page holds when the query has no `limit`. */
export const DEFAULT_SEGMENT_PAGE = 100;

/** The `embeddings` field of a query: which embedding set answers it. */
export const embeddingSetField = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: `The embedding set to answer from: ${what} (GET /v1/model lists a model's sets under summary.embeddings, each with the endpoints that take it). An unknown name: 400 listing the sets.`,
  });
/** The `segment` field of an item or user in an answer. */
export const segmentField = (what: string, which: string) =>
  Type.Integer({
    minimum: 0,
    description: `Segment of the ${what} in ${which} (GET /v1/segments/<set>/<segment>); absent when the model has no such segmentation, and for items added after training.`,
  });

const of = Type.Unsafe<'items' | 'users'>({ type: 'string', enum: ['items', 'users'], description: 'What a member is: a catalogue item or a known user.' });

/** One segment, described by what it holds (`SegmentSummary` of `@twotower/artifact`). */
export const segmentSummary = Type.Object({
  id: Type.Integer({ minimum: 0, description: 'Segment number, 0..k-1.' }),
  size: Type.Integer({ description: 'Members.' }),
  share: Type.Number({ description: 'size / rows of the set.' }),
  topLabels: Type.Array(
    Type.Object({ label: Type.String(), count: Type.Integer(), share: Type.Number(), lift: Type.Number({ description: 'share / share over all rows.' }) }),
    { description: 'The labels (genres, ...) most over-represented in the segment.' },
  ),
  topMembers: Type.Array(Type.String(), { description: 'Ids of the most popular members, most popular first.' }),
});

/** A segmentation of one embedding set (`SegmentsInfo` of `@twotower/artifact`). */
export const segmentation = Type.Object({
  set: Type.String({ description: 'The embedding set cut into segments (candidates, item2vec, users, ...).' }),
  of,
  k: Type.Integer({ minimum: 1 }),
  method: Type.Literal('k-means'),
  metric: Type.Unsafe<'cosine' | 'euclidean'>({ type: 'string', enum: ['cosine', 'euclidean'], description: 'Rows L2-normalised before clustering (cosine) or not.' }),
  inertia: Type.Number(),
  silhouette: Type.Optional(Type.Number({ description: 'Silhouette score (sampled on large sets).' })),
  chosenBy: Type.Unsafe<'silhouette' | 'given'>({ type: 'string', enum: ['silhouette', 'given'], description: 'How k was chosen.' }),
  candidates: Type.Optional(Type.Array(Type.Object({ k: Type.Integer(), silhouette: Type.Number() }), { description: "Each candidate k's silhouette, when k was chosen by silhouette." })),
  segments: Type.Array(segmentSummary),
});

/** `GET /v1/segments`: every segmentation of the model served (empty when it has none). */
export const segmentationsAnswer = Type.Object({ segmentations: Type.Array(segmentation) });

/** One member of a segment: its id, and its title when it is an item. */
export const segmentMember = Type.Object({ id: Type.String(), title: Type.Optional(Type.String({ description: 'Items only.' })) });

/** `GET /v1/segments/:set/:id`: one page of a segment's members, in the set's row order. */
export const segmentMembersAnswer = Type.Object({
  set: Type.String(),
  of,
  segment: Type.Integer({ minimum: 0 }),
  size: Type.Integer({ description: 'Members of the segment in all.' }),
  offset: Type.Integer({ minimum: 0, description: 'Members skipped before this page.' }),
  limit: Type.Integer({ minimum: 1, description: 'Members a page holds at most.' }),
  members: Type.Array(segmentMember),
});

/** What `GET /v1/segments/:set` answers: one segmentation. */
export type Segmentation = Static<typeof segmentation>;
/** What `GET /v1/segments` answers. */
export type SegmentationsAnswer = Static<typeof segmentationsAnswer>;
/** One member of a segment page. */
export type SegmentMember = Static<typeof segmentMember>;
/** What `GET /v1/segments/:set/:id` answers. */
export type SegmentMembersAnswer = Static<typeof segmentMembersAnswer>;
