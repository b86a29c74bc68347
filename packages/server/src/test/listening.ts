import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServerOptions } from '../app';
import { createServer } from '../create-server';
import { fakeRanker, loadWithRanker, modelA } from './fixtures';
import { httpRequest } from './sockets';

/**
 * Servers on loopback for the hardening tests: `listening(options)` starts one (model A, fake
 * ranker, no admin token unless given) on a free port; every server started in a test is closed
 * after it (`open` lists the servers of the running test).
 */
export function listeningServers(): { listening: (options?: Partial<ServerOptions>) => Promise<{ app: FastifyInstance; port: number }>; open: FastifyInstance[] } {
  const open: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close().catch(() => {});
  });
  const listening = async (options: Partial<ServerOptions> = {}) => {
    const app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), processMetrics: false, adminToken: '', ...options });
    open.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, port: (app.server.address() as AddressInfo).port };
  };
  return { listening, open };
}

/** A request whose headers announce 100 bytes of body and whose body stops after 7. */
export const stalledBody = httpRequest('POST', '/v1/rank', undefined, { 'content-type': 'application/json', 'content-length': '100' }) + '{"user"';

/** The server's one error shape. */
export function expectErrorShape(json: any, status: number, code: string): void {
  expect(json).toEqual({ error: expect.objectContaining({ code, statusCode: status, message: expect.any(String) }) });
}
