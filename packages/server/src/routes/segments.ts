import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { getSegmentation, listSegmentations, segmentMembers } from '../recommend/segments';

/**
 * The segment endpoints, answered from the model served now (`x-model-version` says which):
 * - `GET /v1/segments`: every segmentation (`{"segmentations": [...]}`, empty without any);
 * - `GET /v1/segments/:set`: one (404 listing the segmented sets);
 * - `GET /v1/segments/:set/:id?offset&limit`: one page of a segment's members (see `segmentMembers`).
 */
export const segmentRoutes: FastifyPluginAsync = async (app) => {
  const withModel = <R>(reply: FastifyReply, answer: (model: ServingModel) => R): R => {
    const model = app.twotower.holder.current;
    if (model === undefined) throw new ServingError(503, 'NOT_READY', 'no model loaded');
    reply.header('x-model-version', model.version);
    return answer(model);
  };
  app.get('/v1/segments', async (_request, reply) => withModel(reply, listSegmentations));
  app.get<{ Params: { set: string } }>('/v1/segments/:set', async (request, reply) => withModel(reply, (m) => getSegmentation(m, request.params.set)));
  app.get<{ Params: { set: string; id: string }; Querystring: Record<string, unknown> }>('/v1/segments/:set/:id', async (request, reply) =>
    withModel(reply, (m) => segmentMembers(m, request.params.set, request.params.id, request.query)),
  );
};
