import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { ServingError } from '../errors';
import { reloadBody } from '../schemas';

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

/**
 * `POST /admin/reload` (bearer token): loads a model directory and swaps it in (see
 * `ServingControl.reload`). The token is checked before the body is read (403 when the server
 * has none, 401 when missing or wrong: an unauthenticated caller learns nothing about the body),
 * then the body is validated by its schema (`reloadBody`: empty, `null` or `{"model": dir}` with
 * at most 4,096 characters). The token is taken from the `Authorization` header only.
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { adminToken }) => {
  const authorize: onRequestHookHandler = (request, _reply, done) => {
    if (adminToken === '') {
      return done(
        new ServingError(403, 'ADMIN_DISABLED', `admin endpoints are disabled: start the server with ${ADMIN_TOKEN_ENV} set to a secret token to enable them (or send SIGHUP to reload)`),
      );
    }
    const m = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (!m || !sameToken(m[1]!.trim(), adminToken)) {
      return done(new ServingError(401, 'UNAUTHORIZED', `missing or wrong token: send "Authorization: Bearer <the server's ${ADMIN_TOKEN_ENV}>"`));
    }
    done();
  };
  app.post('/admin/reload', { onRequest: authorize, schema: { body: reloadBody } }, async (request) => {
    const body = request.body as { model?: string } | null | undefined;
    return app.twotower.reload(body?.model);
  });
};
