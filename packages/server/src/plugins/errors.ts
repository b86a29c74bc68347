import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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
  } else if (e.keyword === 'enum' && Array.isArray(e.params['allowedValues'])) {
    message += `: send one of ${e.params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
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

/** A path or URL cut to `max` characters for a message (never echo a huge one back whole). */
export function shorten(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

/** What the HTTP parser's error codes mean, for the 400 answer of a request Node could not parse. */
const PARSE_ERRORS: Record<string, string> = {
  HPE_UNEXPECTED_CONTENT_LENGTH: 'it has both Content-Length and Transfer-Encoding, or Content-Length twice',
  HPE_INVALID_CONTENT_LENGTH: 'its Content-Length is not a non-negative integer (or is given twice with different values)',
  HPE_INVALID_TRANSFER_ENCODING: 'its Transfer-Encoding is not valid',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size of its chunked body is not valid',
  HPE_INVALID_METHOD: 'its request line does not start with an HTTP method',
  HPE_INVALID_URL: 'its request line has no valid URL',
  HPE_INVALID_VERSION: 'its request line has no valid HTTP version',
  HPE_INVALID_CONSTANT: 'its request line is not HTTP',
  HPE_INVALID_HEADER_TOKEN: 'a header name has a character not allowed there',
  HPE_LF_EXPECTED: 'a line does not end with CRLF',
  HPE_CR_EXPECTED: 'a line does not end with CRLF',
};

/** The error answer (status and body) to a request the HTTP parser refused, or that timed out before it was whole. */
export function clientErrorAnswer(err: NodeJS.ErrnoException, requestTimeoutMs?: number): ServingError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const within = requestTimeoutMs !== undefined && requestTimeoutMs > 0 ? ` within ${requestTimeoutMs / 1000} s` : '';
    return new ServingError(408, 'REQUEST_TIMEOUT', `the request (headers and body) did not arrive whole${within}: send it at once, and its body as long as its Content-Length says`);
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return new ServingError(431, 'HEADERS_TOO_LARGE', 'the request headers are larger than this server accepts (16 KiB): send fewer or shorter headers');
  }
  const reason = (err.code !== undefined ? PARSE_ERRORS[err.code] : undefined) ?? `the HTTP parser refused it (${err.code ?? err.message})`;
  return new ServingError(400, 'BAD_REQUEST', `malformed HTTP request: ${reason}; the connection is closed`);
}

/**
 * Fastify's `clientErrorHandler` answering in the server's error shape: a request Node's HTTP
 * parser refuses (a garbage request line, duplicate or negative Content-Length, Content-Length
 * with Transfer-Encoding, ...) gets 400, headers over Node's limit 431, a request not whole
 * within `requestTimeout` 408; then the socket is closed. Pass it to `Fastify({ clientErrorHandler })`
 * (`createServer` does).
 */
export function clientErrorHandler(this: { initialConfig?: { requestTimeout?: number } } | undefined, err: NodeJS.ErrnoException, socket: Socket): void {
  // a reset connection is already gone: nothing to answer
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const e = clientErrorAnswer(err, this?.initialConfig?.requestTimeout);
    const body = JSON.stringify(e.toBody());
    socket.write(
      `HTTP/1.1 ${e.statusCode} ${STATUS_CODES[e.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Fastify's `frameworkErrors` answering in the server's error shape: a URL that is not valid
 * percent-encoding (`/v1/model%zz`) gets 400 BAD_REQUEST. Pass it to `Fastify({ frameworkErrors })`
 * (`createServer` does).
 */
export function frameworkErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const e =
    err.code === 'FST_ERR_BAD_URL'
      ? new ServingError(400, 'BAD_REQUEST', `the URL ${JSON.stringify(shorten(request.raw.url ?? ''))} is not valid percent-encoding: encode "%" as %25`)
      : new ServingError(err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400, 'BAD_REQUEST', err.message);
  void reply.code(e.statusCode).header('content-type', 'application/json; charset=utf-8').send(e.toBody());
}

/**
 * The one error shape of the server, `{"error": {"code", "statusCode", "message", "field"?, "ids"?}}`:
 * maps {@link ServingError}s, schema-validation failures (400 naming the field), oversized (413),
 * malformed (400) and non-JSON (415) bodies, unknown routes (404) and known routes asked with
 * another method (405, with `Allow`) to it; anything else is logged and answered 500 without
 * details. (Errors raised before Fastify routes a request — unparsable HTTP, timeouts, bad URL
 * encoding — are answered in the same shape by {@link clientErrorHandler} and
 * {@link frameworkErrorHandler}, given to Fastify by `createServer`.)
 */
export const errorsPlugin = fp(
  async (app) => {
    // the methods of every route, for 405; a route with parameters (/v1/segments/:set) matches any one path segment for each
    const methods = new Map<string, Set<string>>();
    const patterns: Array<{ re: RegExp; url: string }> = [];
    app.addHook('onRoute', (route) => {
      const set = methods.get(route.url) ?? new Set<string>();
      for (const m of [route.method].flat()) set.add(m);
      if (set.has('GET')) set.add('HEAD');
      if (!methods.has(route.url) && route.url.includes(':')) {
        patterns.push({ re: new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}$`), url: route.url });
      }
      methods.set(route.url, set);
    });
    app.setErrorHandler((err: FastifyError | ServingError, request, reply) => {
      const known = toServingError(err, request.headers['content-type'], app.initialConfig.bodyLimit);
      if (known instanceof ServingError) return reply.code(known.statusCode).send(known.toBody());
      if (known !== undefined) return reply.code(known.error.statusCode).send(known);
      request.log.error({ err }, 'unexpected error');
      return reply.code(500).send(new ServingError(500, 'INTERNAL', 'internal error while answering: the server log has the details (search for the request id)').toBody());
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      const allowed = methods.get(path) ?? methods.get(patterns.find((p) => p.re.test(path))?.url ?? '');
      if (allowed !== undefined && !allowed.has(request.method)) {
        const allow = [...allowed].sort().join(', ');
        return reply
          .code(405)
          .header('allow', allow)
          .send(new ServingError(405, 'METHOD_NOT_ALLOWED', `${path} does not take ${request.method}: use ${allow} (GET /openapi.json lists the routes)`).toBody());
      }
      return reply.code(404).send(new ServingError(404, 'NOT_FOUND', `no route ${request.method} ${shorten(path)}: GET /openapi.json lists the routes`).toBody());
    });
  },
  { name: 'twotower-errors', fastify: '5.x' },
);
