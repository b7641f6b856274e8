import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { consumeOAuthState, hashState } from '../../db/repositories/oauth-states.js';
import { findConnection } from '../../db/repositories/connections.js';
import { defaultUserMessage } from '../../domain/failure-messages.js';
import { submitAuthorizationUpdate, type OnboardingProgress } from '../../workflows/definitions.js';
import type { AppDeps } from '../deps.js';
import { notifyOnboarding } from '../onboarding-service.js';
import { validationFieldErrors } from '../plugins/problems.js';
import { ProblemError } from '../problems.js';
import { htmlPage, oauthCallbackQuery } from '../schemas.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page a person sees in their browser after the provider sends them back. */
function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>\n`;
}

/** What the person is told once the code is exchanged: "Connected" only for a connection that works. */
type Outcome = { status: 'connected' | 'failed' | 'authorized'; title: string; message: string; errorCode?: string };

/** How long the callback waits for the connection test after the code exchange before answering anyway. */
const SETTLE_WAIT_MS = 8_000;

/**
 * The exchange proves the sign-in, not the connection: Google lets a person untick the one
 * permission that matters, a property may be unreadable, the operator's API switched off. So the
 * page waits (briefly, on the row) for onboarding's test to settle and says "Connected" only for
 * an active connection; a failure is said in the person's words (`userMessage`, never the API
 * client's hint); a connection still waiting for a choice or still being checked is "Signed in".
 */
async function outcome(deps: AppDeps, connectionId: string, progress: OnboardingProgress): Promise<Outcome> {
  const failed = (error: { code: string; userMessage?: string } | null | undefined): Outcome => ({
    status: 'failed',
    title: 'Not connected',
    message: error?.userMessage ?? defaultUserMessage(error?.code ?? 'authorization_failed'),
    ...(error?.code ? { errorCode: error.code } : {}),
  });
  if (progress.state === 'failed') return failed(progress.lastError);
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const row = await findConnection(deps.db, connectionId, null);
    if (!row || row.status === 'disconnected') return failed({ code: 'connection_not_found' });
    if (row.status === 'active') return { status: 'connected', title: 'Connected', message: 'The connection works; you can close this window.' };
    if (row.status === 'failed' || row.onboarding_state === 'failed') return failed(row.onboarding_last_error);
    if (row.onboarding_state === 'waiting' || Date.now() >= deadline) {
      return {
        status: 'authorized',
        title: 'Signed in',
        message:
          row.onboarding_state === 'waiting'
            ? 'Signed in. Go back to the application to finish setting up the connection.'
            : 'Signed in. The connection is still being checked; the application shows when it is ready. You can close this window.',
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * GET /v1/oauth/callback: the redirect target registered with every provider. Open (the
 * browser has no API key); the single-use `state` is what binds the request to a connection.
 */
export const oauthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/oauth/callback',
    {
      config: { public: true },
      // A person's browser lands here: a malformed answer gets the page below, not problem+json.
      attachValidation: true,
      schema: {
        tags: ['onboarding'],
        summary: 'OAuth2 redirect target: hands the code (or the error) to the onboarding workflow',
        querystring: oauthCallbackQuery,
        response: { 200: htmlPage, 302: z.null().describe('To the connection\'s returnUrl, with connectionId, status (connected: the connection works; authorized: signed in, set-up or its check not finished; failed, with error: the failure code) and error'), 400: htmlPage },
      },
    },
    async (request, reply) => {
      const badRequest = (message: string) =>
        reply.code(400).type('text/html; charset=utf-8').send(page('This link cannot be used', message));
      if (request.validationError) {
        const why = (validationFieldErrors(request.validationError) ?? []).map((e) => `${e.field.replace(/^querystring\./, '')}: ${e.message}`);
        return badRequest(
          `This is not a complete authorization answer${why.length > 0 ? ` (${why.join('; ')})` : ''}. Start the connection again from the application.`,
        );
      }
      const { state, code, error, error_description: errorDescription } = request.query;
      const row = await consumeOAuthState(deps.db, state, new Date());
      if (!row) {
        return badRequest(
          'This authorization link is unknown, expired or already used. Ask the application for a new one (POST /v1/connections/{id}/retry).',
        );
      }

      let progress: OnboardingProgress | null;
      try {
        progress = await notifyOnboarding(deps, row.connection_id, submitAuthorizationUpdate, {
          stateHash: hashState(state),
          ...(code ? { sealedCode: deps.secrets.seal(code) } : {}),
          ...(error ? { error, errorDescription } : {}),
        });
      } catch (e) {
        if (e instanceof ProblemError && e.kind === 'conflict') {
          return badRequest(`This connection is not waiting for an authorization any more (${e.detail}).`);
        }
        throw e;
      }
      if (!progress) return badRequest('This connection was disconnected or its onboarding has ended.');
      const result = await outcome(deps, row.connection_id, progress);
      if (row.return_url) {
        const target = new URL(row.return_url);
        target.searchParams.set('connectionId', row.connection_id);
        target.searchParams.set('status', result.status);
        if (result.errorCode) target.searchParams.set('error', result.errorCode);
        return reply.redirect(target.href, 302);
      }
      return reply.code(200).type('text/html; charset=utf-8').send(page(result.title, result.message));
    },
  );
};
