import type { FastifyInstance } from 'fastify';
import { tf } from '@twotower/runtime';
import { createServer } from '../create-server';
import type { ServingModel } from '../model/serving-model';
import { fakeRanker, loadWithRanker, modelA } from './fixtures';

export type Json = Record<string, any>;

/** The server the in-process HTTP tests share: model A with the fake ranker (or another fixture), no admin token. */
export interface ServerUnderTest {
  app: FastifyInstance;
  model: ServingModel;
  /** POST a JSON body to `url` (of `target`, default the shared app): status, parsed body, headers. */
  post(url: string, payload: unknown, target?: FastifyInstance): Promise<{ status: number; body: Json; headers: Record<string, unknown> }>;
}

/**
 * Starts the shared server before the calling file's tests and, after them, closes it and checks
 * that the model was disposed and no tensor is left behind.
 * @param options.model the fixture it serves (default model A, `modelA`)
 * @param options.fakeRanker attach the fake ranker (default true for model A, false for another)
 */
export function serverUnderTest(options: { model?: () => string; fakeRanker?: boolean } = {}): ServerUnderTest {
  const modelDir = options.model ?? modelA;
  const ranked = options.fakeRanker ?? options.model === undefined;
  let baseTensors = 0;
  const s = {
    async post(url: string, payload: unknown, target?: FastifyInstance) {
      const r = await (target ?? s.app).inject({ method: 'POST', url, payload: payload as Json });
      return { status: r.statusCode, body: r.json() as Json, headers: r.headers };
    },
  } as ServerUnderTest;
  beforeAll(async () => {
    baseTensors = tf.memory().numTensors;
    s.app = await createServer({ modelDir: modelDir(), ...(ranked ? { load: loadWithRanker(fakeRanker) } : {}), processMetrics: false, adminToken: '' });
    s.model = s.app.twotower.holder.current!;
  });
  afterAll(async () => {
    await s.app.close();
    expect(s.model.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(baseTensors);
  });
  return s;
}
