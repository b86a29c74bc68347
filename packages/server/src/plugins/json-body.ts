import fp from 'fastify-plugin';
import { ServingError } from '../errors';

/** Keys a request body may not have anywhere: they are how prototype pollution gets in. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/** JSON pointer of the first key of `value` (at any depth) that is `__proto__` or `constructor`, or undefined. Iterative: a deeply nested body cannot overflow the stack. */
export function forbiddenKey(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return `${path}/${key}`;
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push([(v as Record<string, unknown>)[key], `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return undefined;
}

/** Parses a JSON request body: 400 INVALID_JSON when it is empty or not JSON, 400 BAD_REQUEST naming a `__proto__` or `constructor` key. */
export function parseJsonBody(body: string): unknown {
  if (body === '') throw new ServingError(400, 'INVALID_JSON', 'the body is empty but the content type says JSON: send a JSON object such as {"user": "42", "k": 10}');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new ServingError(400, 'INVALID_JSON', `the body is not valid JSON (${(e as Error).message}): send a JSON object such as {"user": "42", "k": 10}`);
  }
  // JSON.parse makes "__proto__" an own property (no pollution yet); walk the value only when the text could hold such a key
  if (body.includes('__proto__') || body.includes('constructor') || body.includes('\\u')) {
    const field = forbiddenKey(value);
    if (field !== undefined) {
      const key = field.slice(field.lastIndexOf('/') + 1);
      throw new ServingError(400, 'BAD_REQUEST', `body${field === `/${key}` ? '' : field.slice(0, -key.length - 1)} has the key "${key}", which no request has and this server refuses (prototype pollution): remove it`, { field });
    }
  }
  return value;
}

/**
 * The JSON body parser of the server (replacing Fastify's): within the instance's `bodyLimit`,
 * empty and malformed bodies are 400 INVALID_JSON, and a `__proto__` or `constructor` key at any
 * depth is refused with 400 BAD_REQUEST naming it (field = its JSON pointer) rather than being
 * called "not JSON".
 */
export const jsonBodyPlugin = fp(
  async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
  },
  { name: 'twotower-json-body', fastify: '5.x' },
);
