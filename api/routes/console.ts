import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteConsoleSession, findConsoleSession, insertConsoleSession } from '../../db/repositories/console-sessions.js';
import { text } from '../../db/values.js';
import { onboardingWorkflowId, syncScheduleId } from '../../workflows/definitions.js';
import { CONSOLE_COOKIE, csrfTokenFor, hashSessionId, newSessionId } from '../console-session.js';
import type { AppDeps } from '../deps.js';
import { keyRing } from '../plugins/auth.js';
import { ProblemError } from '../problems.js';
import { problemSchema } from '../schemas.js';

const ID_PLACEHOLDER = '{id}';

const consoleSessionSchema = z
  .object({
    keyId: z.string().describe('The support key the session acts as (and is audited under)'),
    label: z.string().nullable().describe('Who holds that key, as ONRAMP_API_KEYS names it; null without a label'),
    expiresAt: z.iso.datetime(),
    csrfToken: z.string().describe('Send it as x-csrf-token with every state-changing request made on the session cookie'),
    waitingAttentionMs: z.number().int().describe('How long an onboarding may wait on its user before it needs attention (ONRAMP_WAITING_ATTENTION_AFTER)'),
    temporalUi: z
      .object({
        onboardingWorkflowUrl: z.string().describe(`A connection's onboarding workflow; replace ${ID_PLACEHOLDER} with its id`),
        syncScheduleUrl: z.string().describe(`A connection's sync schedule; replace ${ID_PLACEHOLDER} with its id`),
      })
      .describe('Links into the Temporal Web UI (ONRAMP_TEMPORAL_UI_URL)'),
  })
  .meta({ id: 'ConsoleSession' });

/**
 * The support console's session: a support key is exchanged once for an HttpOnly cookie (the
 * page forgets the key), which then stands for that key on the support routes until it expires
 * or is signed out (api/plugins/console-session.ts).
 */
export const consoleRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { identify, byKeyId } = keyRing(deps.apiKeys);
  const { sessionTtlMs, temporalUiUrl, temporalNamespace, secureCookie, waitingAttentionMs } = deps.console;
  const workflows = `${temporalUiUrl}/namespaces/${encodeURIComponent(temporalNamespace)}`;
  const temporalUi = {
    onboardingWorkflowUrl: `${workflows}/workflows/${onboardingWorkflowId(ID_PLACEHOLDER)}`,
    syncScheduleUrl: `${workflows}/schedules/${syncScheduleId(ID_PLACEHOLDER)}`,
  };
  const describe = (sessionId: string, keyId: string, expiresAt: Date) => ({ keyId, label: byKeyId(keyId)?.label ?? null, expiresAt: expiresAt.toISOString(), csrfToken: csrfTokenFor(sessionId), waitingAttentionMs, temporalUi });
  const cookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict', secure } as const);

  app.post(
    '/v1/console/session',
    {
      config: { public: true, signIn: true, audit: 'console.sign_in' },
      schema: {
        tags: ['console'],
        summary: 'Sign in to the support console: a support key for a session cookie (HttpOnly, SameSite=Strict)',
        body: z.object({ key: text().min(1).max(500).describe('A support API key; sent once, never stored') }),
        response: { 201: consoleSessionSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const principal = identify(request.body.key);
      if (!principal) throw new ProblemError('unauthorized', 'That key is not known: check it, or ask whoever runs Onramp for a support key.');
      // Recorded in the audit trail under this key, whichever way it goes.
      request.principal = principal;
      if (principal.role !== 'support') {
        throw new ProblemError('forbidden', 'Client keys cannot sign in to the support console: use a support key (role support in ONRAMP_API_KEYS).');
      }
      const id = newSessionId();
      const expiresAt = new Date(Date.now() + sessionTtlMs);
      await insertConsoleSession(deps.db, { id_hash: hashSessionId(id), key_id: principal.keyId, expires_at: expiresAt });
      reply.setCookie(CONSOLE_COOKIE, id, { ...cookieOptions(secureCookie || request.protocol === 'https'), expires: expiresAt });
      return reply.code(201).send(describe(id, principal.keyId, expiresAt));
    },
  );

  const sessionOf = (id: string | undefined) => {
    if (!id) throw new ProblemError('forbidden', 'This is for a console session (the cookie set at sign-in), not an API key.');
    return id;
  };

  // Public, answering 204 without a live session: the page asks on every load, and a signed-out
  // visit is not an error (a 401 would be one in every browser console).
  app.get(
    '/v1/console/session',
    {
      config: { public: true },
      schema: {
        tags: ['console'],
        summary: 'The current console session and its CSRF token; 204 when the request carries no live session cookie',
        response: { 200: consoleSessionSchema, 204: z.null() },
      },
    },
    async (request, reply) => {
      const id = request.consoleSessionId;
      const session = id ? await findConsoleSession(deps.db, hashSessionId(id), new Date()) : undefined;
      if (!id || !session) return reply.code(204).send(null);
      return describe(id, session.key_id, session.expires_at);
    },
  );

  app.delete(
    '/v1/console/session',
    {
      config: { supportOnly: true, audit: 'console.sign_out' },
      schema: { tags: ['console'], summary: 'Sign out: the session ends and its cookie is cleared', response: { 204: z.null(), 401: problemSchema, 403: problemSchema } },
    },
    async (request, reply: FastifyReply) => {
      await deleteConsoleSession(deps.db, hashSessionId(sessionOf(request.consoleSessionId)));
      reply.clearCookie(CONSOLE_COOKIE, cookieOptions(secureCookie || request.protocol === 'https'));
      return reply.code(204).send(null);
    },
  );
};
