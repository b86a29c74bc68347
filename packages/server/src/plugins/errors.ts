import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { ServingError } from '../errors';
import type { ErrorBody } from '../schemas';

interface AjvError {
  keyword: string;
  schemaPath?: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** 400 body naming the field at fault, from ajv's errors (the first one that is not an if/then wrapper). */
function validationBody(errors: AjvError[], context: string): ErrorBody {
  const e = errors.find((x) => x.keyword !== 'if') ?? errors[0];
  if (e === undefined) return new ServingError(400, 'BAD_REQUEST', `${context} is invalid`).toBody();
  let field = e.instancePath || '';
  let message = `${context}${e.instancePath} ${e.message ?? 'is invalid'}`;
  if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
    field = `${field}/${e.params['missingProperty']}`;
    if (e.instancePath === '' && e.params['missingProperty'] !== 'queries') message += ' (or send a batch: {"queries": [...]})';
  } else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
    const name = e.params['additionalProperty'];
    field = `${field}/${name}`;
    message =
      e.instancePath === '' && e.schemaPath?.startsWith('#/then/')
        ? `${context} is a batch ("queries") but also has "${name}": a batch body holds only "queries"; put "${name}" inside each query`
        : `${context}${e.instancePath} has an unknown field "${name}": check its spelling (GET /openapi.json lists the fields)`;
  }
  return new ServingError(400, 'BAD_REQUEST', message, { field: field || '/' }).toBody();
}

const invalidJson = (detail: string) => new ServingError(400, 'INVALID_JSON', `the body is not valid JSON (${detail}): send a JSON object such as {"user": "42", "k": 10}`);

/** The error answer of anything thrown while answering (a {@link ServingError}, a validation or parsing failure, or a bug). */
function toServingError(err: FastifyError | ServingError, contentType: string | undefined, bodyLimit: number | undefined): ServingError | ErrorBody | undefined {
  if (err instanceof ServingError) return err;
  if (err.validation) return validationBody(err.validation as unknown as AjvError[], err.validationContext ?? 'body');
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServingError(413, 'BODY_TOO_LARGE', `the request body is larger than this server's limit of ${bodyLimit} bytes: send fewer queries per request`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServingError(415, 'UNSUPPORTED_MEDIA_TYPE', `content type ${JSON.stringify(contentType ?? '')} is not accepted: send JSON with "Content-Type: application/json"`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServingError(400, 'INVALID_JSON', 'the body is empty but the content type says JSON: send a JSON object such as {"user": "42", "k": 10}');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalidJson(err.message);
    default:
      break;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return invalidJson(err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new ServingError(err.statusCode, 'BAD_REQUEST', err.message);
  return undefined;
}

/**
 * The one error shape of the server, `{"error": {"code", "statusCode", "message", "field"?, "ids"?}}`:
 * maps {@link ServingError}s, schema-validation failures (400 naming the field), oversized (413),
 * malformed (400) and non-JSON (415) bodies, and unknown routes (404) to it; anything else is
 * logged and answered 500 without details.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | ServingError, request, reply) => {
      const known = toServingError(err, request.headers['content-type'], app.initialConfig.bodyLimit);
      if (known instanceof ServingError) return reply.code(known.statusCode).send(known.toBody());
      if (known !== undefined) return reply.code(known.error.statusCode).send(known);
      request.log.error({ err }, 'unexpected error');
      return reply.code(500).send(new ServingError(500, 'INTERNAL', 'internal error while answering: the server log has the details (search for the request id)').toBody());
    });
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(new ServingError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}: GET /openapi.json lists the routes`).toBody());
    });
  },
  { name: 'twotower-errors', fastify: '5.x' },
);
