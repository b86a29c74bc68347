import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { ServingError } from '../errors';

/** Environment variable holding the admin token (admin endpoints are disabled without it). */
export const ADMIN_TOKEN_ENV = 'TWOTOWER_ADMIN_TOKEN';

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions {
  /** Bearer token of `POST /admin/reload`; empty disables the endpoint (403). */
  adminToken: string;
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The body's model directory: the body is empty or `{"model": "<dir>"}` (400 otherwise). */
function reloadDir(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const model = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['model'] : 0;
  const extra = typeof body === 'object' ? Object.keys(body).filter((key) => key !== 'model') : [];
  if ((model !== undefined && (typeof model !== 'string' || model === '')) || extra.length > 0) {
    throw new ServingError(400, 'BAD_REQUEST', 'the reload body must be empty or {"model": "<model directory>"}', { field: extra.length > 0 ? `/${extra[0]}` : '/model' });
  }
  return model as string | undefined;
}

/** `POST /admin/reload` (bearer token): loads a model directory and swaps it in (see `ServingControl.reload`). */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { adminToken }) => {
  app.post('/admin/reload', async (request) => {
    if (adminToken === '') {
      throw new ServingError(403, 'ADMIN_DISABLED', `admin endpoints are disabled: start the server with ${ADMIN_TOKEN_ENV} set to a secret token to enable them (or send SIGHUP to reload)`);
    }
    const m = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (!m || !sameToken(m[1]!.trim(), adminToken)) {
      throw new ServingError(401, 'UNAUTHORIZED', `missing or wrong token: send "Authorization: Bearer <the server's ${ADMIN_TOKEN_ENV}>"`);
    }
    return app.twotower.reload(reloadDir(request.body));
  });
};
