import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { findConsoleSession } from '../../db/repositories/console-sessions.js';
import type { Database } from '../../db/schema.js';
import type { ApiKey } from '../principal.js';
import { CONSOLE_COOKIE, CSRF_HEADER, csrfTokenMatches, hashSessionId } from '../console-session.js';
import { ProblemError } from '../problems.js';
import { keyRing } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session id from the console cookie, once it names a live session. */
    consoleSessionId?: string;
  }
  interface FastifyContextConfig {
    /** A POST that changes nothing (the Temporal UI's codec): the session cookie needs no CSRF token. */
    changesNothing?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The console's way in beside API keys: a live session cookie makes the request its support
 * key's (role support, `via: 'console-session'`), so the routes, their access rules and the
 * audit trail treat it exactly like that key. An Authorization header always wins over the
 * cookie. A state-changing request on the cookie needs the session's CSRF token in
 * `x-csrf-token`: SameSite=Strict alone leaves same-site pages and old browsers.
 *
 * Registered before the auth plugin, so that a dead session is told apart from a missing key
 * before auth refuses the request.
 */
export const consoleSessionPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database>; apiKeys: ApiKey[] }) => {
    await app.register(fastifyCookie);
    const { byKeyId } = keyRing(options.apiKeys);
    app.decorateRequest('consoleSessionId', undefined);

    app.addHook('onRequest', async (request) => {
      const id = request.cookies[CONSOLE_COOKIE];
      if (!id || request.headers.authorization || id.length > 100) return;
      const session = await findConsoleSession(options.db, hashSessionId(id), new Date());
      const principal = session ? byKeyId(session.key_id) : undefined;
      if (principal?.role !== 'support') return;
      request.principal = { ...principal, via: 'console-session' };
      request.consoleSessionId = id;
    });

    app.addHook('preParsing', async (request, _reply, payload) => {
      const config = request.routeOptions.config;
      if (request.is404 || config.public) return payload;
      if (!request.principal && request.cookies[CONSOLE_COOKIE] && !request.headers.authorization) {
        throw new ProblemError('unauthorized', 'Your console session has ended (expired or signed out): sign in again with a support key.');
      }
      const sessionId = request.consoleSessionId;
      if (sessionId && !SAFE_METHODS.has(request.method) && !config.changesNothing && !csrfTokenMatches(sessionId, request.headers[CSRF_HEADER])) {
        throw new ProblemError('forbidden', `A change made with the console session needs its CSRF token in the ${CSRF_HEADER} header (GET /v1/console/session answers it); reload the console and try again.`);
      }
      return payload;
    });
  },
  { name: 'onramp-console-session' },
);
