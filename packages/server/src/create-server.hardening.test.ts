/**
 * Issue 17 (serving hardening), over loopback: errors raised before routing in the one error
 * shape, the admin endpoint, CORS and security headers. Every socket is bounded in time and closed.
 */
import type { FastifyInstance } from 'fastify';
import { createServer } from './create-server';
import { fakeRanker, loadWithRanker, modelA } from './test/fixtures';
import { httpRequest, parseAnswer, rawExchange } from './test/sockets';
import { expectErrorShape, listeningServers, stalledBody } from './test/listening';

jest.setTimeout(60_000);

const { listening, open } = listeningServers();

describe('failure 4: every error in one shape', () => {
  let port: number;
  beforeEach(async () => {
    ({ port } = await listening({ requestTimeout: 1000 }));
  });

  const raw: Array<[string, string, number, string]> = [
    ['a URL that is not percent-encoding', 'GET /v1/model%zz HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BAD_REQUEST'],
    ['Content-Length twice', 'POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'BAD_REQUEST'],
    ['Content-Length and Transfer-Encoding', 'POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}', 400, 'BAD_REQUEST'],
    ['a garbage request line', 'HELLO THERE\r\n\r\n', 400, 'BAD_REQUEST'],
    ['Content-Length: -1', 'POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n', 400, 'BAD_REQUEST'],
    ['headers over 16 KiB (431)', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['a body that never comes (408)', stalledBody, 408, 'REQUEST_TIMEOUT'],
  ];
  it.each(raw)('%s', async (_name, text, status, code) => {
    const a = await rawExchange(port, text, 5000);
    expect(a.status).toBe(status);
    expectErrorShape(a.json, status, code);
    expect(a.headers['content-type']).toMatch(/^application\/json/);
  });

  it('names a __proto__ or constructor key instead of calling the body "not JSON"', async () => {
    for (const [body, field] of [
      ['{"user": "1", "__proto__": {"x": 1}}', '/__proto__'],
      ['{"queries": [{"user": "1"}, {"user": "2", "constructor": {"prototype": {}}}]}', '/queries/1/constructor'],
      ['{"user": "1", "\\u005f_proto__": {}}', '/__proto__'],
    ] as const) {
      const a = await rawExchange(port, httpRequest('POST', '/v1/recommend/user-items', body, { connection: 'close' }));
      expect(a.status).toBe(400);
      expectErrorShape(a.json, 400, 'BAD_REQUEST');
      expect(a.json.error.field).toBe(field);
      expect(a.json.error.message).toMatch(new RegExp(`has the key "${field.split('/').pop()}"`));
    }
    // the string "constructor" as a value is just an id
    const ok = await rawExchange(port, httpRequest('POST', '/v1/recommend/user-items', '{"user": "constructor"}', { connection: 'close' }));
    expect(ok.status).toBe(200);
  });

  it('answers a known route asked with another method 405 with Allow, an unknown one 404', async () => {
    const wrong = await rawExchange(port, httpRequest('GET', '/v1/rank', undefined, { connection: 'close' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toBe('POST');
    expectErrorShape(wrong.json, 405, 'METHOD_NOT_ALLOWED');
    const del = await rawExchange(port, httpRequest('DELETE', '/readyz', undefined, { connection: 'close' }));
    expect(del.status).toBe(405);
    expect(del.headers['allow']).toBe('GET, HEAD');
    const none = await rawExchange(port, httpRequest('GET', '/v1/nothing', undefined, { connection: 'close' }));
    expect(none.status).toBe(404);
    expectErrorShape(none.json, 404, 'NOT_FOUND');
  });

  it('finishes a request in flight when close begins, and answers the next one on that connection 503 in the error shape', async () => {
    const app = open[open.length - 1]!;
    const user = app.twotower.holder.current!.recommender.users.ids[0]!;
    const body = JSON.stringify({ user, k: 2 });
    const head = httpRequest('POST', '/v1/recommend/user-items', body);
    const cut = head.length - 5;
    const answer = rawExchange(port, [head.slice(0, cut), { wait: 300 }, head.slice(cut) + httpRequest('GET', '/healthz')], 4000);
    await new Promise((r) => setTimeout(r, 150));
    const closed = app.close();
    const a = await answer;
    await closed;
    const answers = a.text.split(/(?=HTTP\/1\.1 )/).map(parseAnswer);
    expect(answers.map((x) => x.status)).toEqual([200, 503]);
    expectErrorShape(answers[1]!.json, 503, 'NOT_READY');
    expect(answers[1]!.headers['connection']).toBe('close');
  });
});

describe('failure 5: the admin endpoint and what an unauthenticated caller sees', () => {
  const token = 'admin-secret-17';
  let app: FastifyInstance;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    app = await createServer({
      modelDir: modelA(),
      load: loadWithRanker(fakeRanker),
      processMetrics: false,
      adminToken: token,
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
    });
    open.push(app);
  });
  const reload = (payload: string, headers: Record<string, string> = {}, url = '/admin/reload') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });

  it('checks the token before reading the body: an unauthenticated malformed body gets 401', async () => {
    const r = await reload('{bad');
    expect(r.statusCode).toBe(401);
    expectErrorShape(r.json(), 401, 'UNAUTHORIZED');
    const wrong = await reload('{bad', { authorization: 'Bearer nope' });
    expect(wrong.statusCode).toBe(401);
    // with the token, the body is read: then it is malformed
    const authed = await reload('{bad', { authorization: `Bearer ${token}` });
    expect(authed.statusCode).toBe(400);
    expectErrorShape(authed.json(), 400, 'INVALID_JSON');
  });

  it('validates the body by its schema: a 10 KB path is refused without being echoed, an unknown field named', async () => {
    const long = `/${'x'.repeat(10_000)}`;
    const r = await reload(JSON.stringify({ model: long }), { authorization: `Bearer ${token}` });
    expect(r.statusCode).toBe(400);
    expectErrorShape(r.json(), 400, 'BAD_REQUEST');
    expect(r.json().error.field).toBe('/model');
    expect(r.json().error.message).toMatch(/must NOT have more than 4096 characters/);
    expect(r.body).not.toContain('xxxxxxxxxx');
    const extra = await reload(JSON.stringify({ model: 'a', force: true }), { authorization: `Bearer ${token}` });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.field).toBe('/force');
    const wrongType = await reload(JSON.stringify({ model: 5 }), { authorization: `Bearer ${token}` });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.field).toBe('/model');
    // an empty body reloads the directory served now
    const empty = await app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${token}` } });
    expect(empty.statusCode).toBe(200);
  });

  it('GET /v1/model names the model directory, not its path on the server', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/model' });
    expect(r.statusCode).toBe(200);
    expect(r.json().summary.dir).toBe('model-a');
    expect(r.body).not.toContain(modelA());
  });

  it('never writes a token sent in a query string to the request log', async () => {
    await app.inject({ method: 'POST', url: `/admin/reload?token=${token}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    await app.inject({ method: 'GET', url: `/readyz?access_token=${token}` });
    const requests = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requests).toHaveLength(2);
    expect(requests.join('')).toContain('"url":"/admin/reload?[redacted]"');
    expect(lines.join('')).not.toContain(token);
  });
});

describe('CORS and security headers', () => {
  it('by default: security headers on every answer, no CORS (a preflight is 405)', async () => {
    const app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), processMetrics: false });
    open.push(app);
    const r = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://elsewhere.example' } });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/rank', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const error = await app.inject({ method: 'GET', url: '/nothing' });
    expect(error.headers['x-content-type-options']).toBe('nosniff');
  });

  it('with corsOrigins: allowed origins get CORS headers (and a preflight answer), others none', async () => {
    const app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), processMetrics: false, corsOrigins: ['https://shop.example'] });
    open.push(app);
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/rank', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
    const r = await app.inject({ method: 'GET', url: '/readyz', headers: { origin: 'https://shop.example' } });
    expect(r.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(r.headers['access-control-expose-headers']).toBe('x-model-version');
    const other = await app.inject({ method: 'GET', url: '/readyz', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
