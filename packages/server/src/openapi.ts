import { segmentPaths } from './openapi-segments';
import { addItemsBody, addItemsResult, reloadBody, reloadResult } from './admin-schemas';
import { answerSchemas, errorBody, requestSchemas, type RequestLimits } from './schemas';

type Schema = Record<string, unknown>;

const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json({ $ref: '#/components/schemas/Error' }, description);

interface PostDoc {
  summary: string;
  description: string;
  body: Schema;
  answer: Schema;
  example: unknown;
  extra?: Record<string, unknown>;
}

function post(doc: PostDoc): Schema {
  return {
    post: {
      summary: doc.summary,
      description: doc.description,
      requestBody: { required: true, content: { 'application/json': { schema: doc.body, example: doc.example } } },
      responses: {
        200: json(doc.answer, 'The answer; for a batch request `{"results": [...]}` with one answer or error body per query, in order.'),
        400: error('Malformed JSON, a wrong type, a missing or unknown field, or a value out of bounds (the message names the field).'),
        413: error('The body is larger than the server accepts (the message states the limit).'),
        415: error('The body is not application/json.'),
        503: error('No model is loaded, or the server is shutting down.'),
        ...doc.extra,
      },
    },
  };
}

const get = (summary: string, description: string, answer: Record<string, unknown>) => ({ get: { summary, description, responses: answer } });

/**
 * The OpenAPI 3.1 document of the server, built from the same TypeBox schemas the server
 * validates requests with and its answer types are derived from.
 */
export function openApiDocument(limits: RequestLimits, version: string): Record<string, unknown> {
  const s = requestSchemas(limits);
  const unknownUser404 = { 404: error('The item (item endpoints) or user (user-users) is not in the model: code UNKNOWN_ITEM / UNKNOWN_USER, with the ids.') };
  return {
    openapi: '3.1.0',
    info: {
      title: 'twotower serving API',
      version,
      description:
        'Four kinds of recommendation (user2item, item2item, user2user, item2user) and ranking from one two-tower model. Ids are the data set\'s own ids, as strings. ' +
        'Every POST endpoint takes one query or `{"queries": [...]}` (a batch). Unknown users in user-items and rank get the most popular items with `coldStart: true` ' +
        '(in user-items, a user sent with a `history` or `attributes` is answered from them when the model reads them, and such a query may leave out `user`); items can be added without retraining (POST /admin/items); ' +
        'unknown items, and unknown users in user-users, get 404. The `x-model-version` header of every answer names the model that answered. ' +
        'Every error answer, including those raised before a route is found (a known path asked with another method: 405 with `Allow`; malformed HTTP: 400; ' +
        'a request not whole within the server\'s request timeout: 408; headers over 16 KiB: 431), has the body of `#/components/schemas/Error`.',
    },
    paths: {
      '/v1/recommend/user-items': post({
        summary: 'user2item: items for a user',
        description:
          "The user's query-tower embedding against the items served (the item index and the items added with POST /admin/items); the user's training items are left out unless excludeSeen is false. " +
          "Without a timestamp and without rerank, a query the towers answer (a known user at their default time, or one embedded from its history or attributes) scores each item with the model's popularity lean added: " +
          'score = dot product + weight × ln(1 + the item\'s training interactions) (weight chosen by the trainer on validation, GET /v1/model summary.popularityLean; 0: none; an item added after training gets the catalogue median lean). With a timestamp, or with rerank: true (its candidates and the scores it reads), score is the dot product. ' +
          "With rerank: true, the model's second stage re-orders the top rerankCandidates of the trained catalogue (items added after training are not candidates); each item gets its rankScore and the answer says which stage in rerankedBy: " +
          "'item-item' when the model has an item-item stage (z(score) + w·z(item-item score), standardised over the candidates, the item-item score summing the weights from the user's training items and the request's history items), else 'ranker' (its ranking/engagement models). " +
          'A query answered by popularity is not re-ranked (reranked false, no rerankedBy). ' +
          'With `history` (item ids) and a model whose query tower reads a history, the query is embedded from it: a user the model never saw is answered from the model (coldStart true, scoreKind history) — or, on a model whose trainer chose it for such users, by the most popular items re-ordered by the history\'s item-item score (coldStart true, scoreKind item-item) — a known user with the history in place of their training items. ' +
          "A model without a history input answers as without it, with historyUsed 0 and a note. The history's items are left out of the answer. " +
          'With `attributes` (values by column of the user file the model was trained with, e.g. age and occupation), the query tower reads them in place of the stored ones: a user the model never saw is answered from them (coldStart true, scoreKind attributes, or history when a history was read too); attributesUsed names what was read, the note what was not. ' +
          'A query with a history or attributes may leave out `user`: it is answered as a user the model never saw, and the answer has no user field.',
        body: s.userItems,
        answer: answerSchemas.userItems,
        example: { history: ['50', '181', '258'], k: 10 },
        extra: {
          400: error(
            'As for every endpoint; also a history item the model does not know (the field /history/<i> and every such id), an attribute of the wrong kind (/attributes/<name>), or a query with neither user, history nor attributes (/user).',
          ),
          404: error('Only when the server runs with cold start "not-found": the user is unknown and has no history the model can read (UNKNOWN_USER).'),
          409: error('rerank on a model without a second stage: no item-item stage, ranking or engagement model (NO_RANKING_MODEL, field /rerank).'),
        },
      }),
      '/v1/recommend/item-items': post({
        summary: 'item2item: similar items',
        description:
          "The item's candidate-tower embedding against the item index and the added items (dot product), the item itself left out; with embeddings naming a set of items (item2vec, deepwalk, text, ...: GET /v1/model lists them), the item's vector in that set against the set's items (cosine). " +
          "The answer says which set answered (embeddings) and, when that set has a segmentation, each item's segment. An unknown set: 400 listing the sets; an item without a vector in the set: 404 saying so.",
        body: s.itemItems,
        answer: answerSchemas.itemItems,
        example: { item: '1', k: 10, embeddings: 'candidates' },
        extra: { 404: error('The item is not in the model (UNKNOWN_ITEM, with the id), or has no vector in the set asked for (UNKNOWN_ITEM, saying so).') },
      }),
      '/v1/recommend/user-users': post({
        summary: 'user2user: similar users',
        description:
          "The user's query embedding (at timestamp, default their latest training interaction) against the users' query vectors: by default one row per known user (their query vector at their default time; rows: 'users'), " +
          "or with rows: 'interactions' the per-interaction query embeddings, each user scored by their best-matching one (the slower search these endpoints did before rows existed). One result per user, the user left out; the answer's rows says which were searched. " +
          "With embeddings naming a set of users (e.g. users), the user's vector in it against the set's users (cosine). Users carry their segment when the model has a segmentation of the users set.",
        body: s.userUsers,
        answer: answerSchemas.userUsers,
        example: { user: '42', k: 10 },
        extra: unknownUser404,
      }),
      '/v1/recommend/item-users': post({
        summary: 'item2user: users to target with an item',
        description:
          "The item's candidate embedding against the users' query vectors: by default one row per known user (the users whose default-time query vector scores highest with the item; rows: 'users'), " +
          "or with rows: 'interactions' the per-interaction query embeddings, each user scored by their best-matching one. One result per user; the answer's rows says which were searched.",
        body: s.itemUsers,
        answer: answerSchemas.itemUsers,
        example: { item: '1', k: 10 },
        extra: unknownUser404,
      }),
      '/v1/rank': post({
        summary: 'Scores of given items for a user',
        description:
          "Two-tower score of each item and, when the model has a ranking model, the ranker's score (rankScore: what the ranker re-ranks by, e.g. P(interaction) with an engagement model; an item-item stage gives rank no score) and, when asked with liked: true, the ranking models' own P(liked | rated) or predicted rating (liked); items sorted best first.",
        body: s.rank,
        answer: answerSchemas.rank,
        example: { user: '42', items: ['1', '50', '181'] },
        extra: { 404: error('Some items are not in the catalogue the model was trained with (UNKNOWN_ITEM, naming them; items added with POST /admin/items are not ranked).') },
      }),
      '/v1/model': get('The model being served', 'Its manifest (config, data, metrics, checksums) and a summary: version, the model directory\'s name (not its path on the server), sizes, indexes, load time, the second stages (summary.ranking, rerank, coldHistory), the weight of the popularity lean (summary.popularityLean, 0: none), the embedding sets (summary.embeddings: what a row is, method, width, rows, the endpoints that answer from each) and the segmentations (summary.segmentations).', {
        200: json({ type: 'object', required: ['summary', 'manifest'] }, 'Summary and manifest.'),
        503: error('No model is loaded.'),
      }),
      '/healthz': get('Liveness', 'Always 200 while the process runs.', { 200: json({ type: 'object' }, 'Alive.') }),
      '/readyz': get('Readiness', '200 when a model is loaded and the server is not draining or shutting down, else 503 (a draining server still answers requests).', {
        200: json({ type: 'object' }, 'Ready, with the model version.'),
        503: error('Not ready (NOT_READY).'),
      }),
      '/metrics': get('Prometheus metrics', 'Request counts and latency histograms per route, the model version, reloads, process metrics.', {
        200: { description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } },
      }),
      ...segmentPaths(json, error),
      '/openapi.json': get('This document', 'OpenAPI 3.1.', { 200: json({ type: 'object' }, 'The document.') }),
      '/admin/reload': {
        post: {
          summary: 'Load a model and swap it in atomically',
          description:
            'Loads (and verifies) the model directory of the body, or the current one again; on success new requests use it while requests in flight finish on the old one; ' +
            'on failure the old model keeps serving. Needs `Authorization: Bearer <TWOTOWER_ADMIN_TOKEN>` (the header only: a token in the query string is not accepted, and is never logged); disabled (403) when the server has no token.',
          security: [{ adminToken: [] }],
          requestBody: { required: false, content: { 'application/json': { schema: reloadBody } } },
          responses: {
            200: json(reloadResult, 'Swapped in.'),
            400: error('With a valid token only: the body is not empty, null or {"model": "<dir>"} with at most 4,096 characters (the message names the field), or not JSON.'),
            401: error('Missing or wrong token (checked before the body is read).'),
            403: error('Admin endpoints are disabled (no token configured).'),
            409: error('Another reload is running.'),
            422: error('The new model was refused (e.g. a checksum mismatch); the old one keeps serving (MODEL_REFUSED).'),
          },
        },
      },
      '/admin/items': {
        post: {
          summary: 'Add items to the model served, without retraining',
          description:
            "Embeds each item with the candidate tower from its features (title text, genres, the catalogue's columns; its id is new to the id embedding and reads the OOV slot) and adds it to the items served: " +
            'at once returned by user-items, item-items (as a neighbour, and as the query) and item-users (not by rank, nor re-ranking, nor the popularity cold start). All or nothing. ' +
            'Added items live with the model served: a reload (POST /admin/reload, SIGHUP) serves the new model\'s catalogue without them. ' +
            'Needs `Authorization: Bearer <TWOTOWER_ADMIN_TOKEN>` (checked before the body is read); disabled (403) when the server has no token.',
          security: [{ adminToken: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: addItemsBody(limits), example: { items: [{ id: 'new-1', title: 'Some Film (2026)', genres: ['Comedy'] }] } } },
          },
          responses: {
            200: json(addItemsResult, 'Added: searchable from now on.'),
            400: error('With a valid token only: the body does not fit its schema, an id is given twice, an attribute names no catalogue column or a number column gets a string (the message names the field, /items/<i>/...).'),
            401: error('Missing or wrong token (checked before the body is read).'),
            403: error('Admin endpoints are disabled (no token configured).'),
            409: error('An id is already served, trained or added (ITEM_EXISTS, naming every one; nothing was added), or a reload is running (RELOAD_IN_PROGRESS).'),
            503: error('No model is loaded, or the server is shutting down.'),
          },
        },
      },
    },
    components: {
      schemas: { Error: errorBody },
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'The value of TWOTOWER_ADMIN_TOKEN in the server environment.' } },
    },
  };
}
