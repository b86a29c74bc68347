import { DEFAULT_SEGMENT_PAGE, MAX_SEGMENT_PAGE, segmentation, segmentationsAnswer, segmentMembersAnswer } from './segment-schemas';

type Schema = Record<string, unknown>;
type Respond = (schema: Schema, description: string) => Schema;

const setParam = { name: 'set', in: 'path', required: true, description: 'An embedding set with a segmentation (candidates, item2vec, users, ...).', schema: { type: 'string' } };

/**
 * The OpenAPI paths of the segment endpoints (`GET /v1/segments`, `/v1/segments/{set}`,
 * `/v1/segments/{set}/{id}`).
 * @param json a 200 answer of a schema; `error` an error answer (the server's one error shape)
 */
export function segmentPaths(json: Respond, error: (description: string) => Schema): Record<string, Schema> {
  const noModel = { 503: error('No model is loaded.') };
  return {
    '/v1/segments': {
      get: {
        summary: 'Every segmentation of the model served',
        description:
          'The k-means segmentations of the model\'s embedding sets (the two-tower\'s candidates, named sets of items such as item2vec, the users set): set, what a member is, k, metric, silhouette, how k was chosen, and each segment\'s summary (size, share, the most over-represented labels, the most popular members). ' +
          'Answers carry each item\'s (user\'s) segment in the segmentation of the set that answered; items added with POST /admin/items have none. An empty list when the model has no segmentation.',
        responses: { 200: json(segmentationsAnswer, 'Every segmentation, possibly none.'), ...noModel },
      },
    },
    '/v1/segments/{set}': {
      get: {
        summary: 'One segmentation',
        description: 'The segmentation of one embedding set, as GET /v1/segments lists it.',
        parameters: [setParam],
        responses: { 200: json(segmentation, 'The segmentation.'), 404: error('The set has no segmentation (NOT_FOUND; the message lists the sets that have one).'), ...noModel },
      },
    },
    '/v1/segments/{set}/{id}': {
      get: {
        summary: "One page of a segment's members",
        description: `Members of segment id of the segmentation of set, in the set's row order: each with its id, and its title when it is an item. Paged: offset (default 0) and limit (1..${MAX_SEGMENT_PAGE}, default ${DEFAULT_SEGMENT_PAGE}); past the end, an empty page.`,
        parameters: [
          setParam,
          { name: 'id', in: 'path', required: true, description: 'Segment number, 0..k-1.', schema: { type: 'integer', minimum: 0 } },
          { name: 'offset', in: 'query', required: false, description: 'Members to skip. Default 0.', schema: { type: 'integer', minimum: 0 } },
          { name: 'limit', in: 'query', required: false, description: `Members to answer, 1..${MAX_SEGMENT_PAGE}. Default ${DEFAULT_SEGMENT_PAGE}.`, schema: { type: 'integer', minimum: 1, maximum: MAX_SEGMENT_PAGE } },
        ],
        responses: {
          200: json(segmentMembersAnswer, 'One page of members.'),
          400: error('offset or limit is not an integer in range, or another query parameter is given (the field names it).'),
          404: error('The set has no segmentation, or the segment is outside 0..k-1 (NOT_FOUND; the message says which).'),
          ...noModel,
        },
      },
    },
  };
}
