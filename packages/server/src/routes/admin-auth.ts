import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import { ServingError } from '../errors';

/** Environment variable holding the admin token (admin endpoints are disabled without it). */
export const ADMIN_TOKEN_ENV = 'TWOTOWER_ADMIN_TOKEN';

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The `onRequest` hook of every admin route: runs before the body is read, so that a caller
 * without the token learns nothing about the body. 403 ADMIN_DISABLED when the server has no
 * token, 401 UNAUTHORIZED when `Authorization: Bearer <token>` is missing or wrong (compared in
 * constant time; the header only).
 */
export function adminAuthorizer(adminToken: string): onRequestHookHandler {
  return (request, _reply, done) => {
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
}
