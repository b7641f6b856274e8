import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findConnection } from '../../db/repositories/connections.js';
import { bindOAuthState, consumeOAuthState, findOAuthState, hashState, UNBOUND_LEGACY } from '../../db/repositories/oauth-states.js';
import type { OAuthStateRow } from '../../db/tables/oauth-states.js';
import { envSlug } from '../../providers/env-slug.js';
import { authorizationUrl } from '../../providers/oauth2.js';
import { defaultUserMessage } from '../../domain/failure-messages.js';
import { submitAuthorizationUpdate, type OnboardingProgress } from '../../workflows/definitions.js';
import type { AppDeps } from '../deps.js';
import { bindingCookieName, bindingCookieOptions, bindingMatches, hashBindingValue, newBindingValue } from '../oauth-browser.js';
import { notifyOnboarding } from '../onboarding-service.js';
import { validationFieldErrors } from '../plugins/problems.js';
import { findProvider } from '../provider-input.js';
import { ProblemError } from '../problems.js';
import { htmlPage, oauthCallbackQuery, oauthStartQuery } from '../schemas.js';

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

const UNKNOWN_LINK = 'This sign-in link is unknown, has expired or was already used. Go back to the application and start connecting again.';

/** Said when a browser other than the one that started the sign-in brings it back. */
const OTHER_BROWSER = {
  title: 'This sign-in was started in another browser',
  message:
    'For your safety, a sign-in can only be finished in the browser where it was started, and this is not that browser. ' +
    'If you started it, go back to that browser and try again there. Otherwise, open the application in this browser and start connecting from there. ' +
    'If someone sent you this link, do not use it: nothing has been connected.',
};

/** Whether the request comes from the browser the authorization is bound to (or from any, for a link from before binding). */
function fromStartingBrowser(request: FastifyRequest, row: OAuthStateRow): boolean {
  if (row.browser_hash === UNBOUND_LEGACY) return true;
  return row.browser_hash !== null && bindingMatches(row.browser_hash, request.cookies[bindingCookieName(row.state_hash)]);
}

/**
 * GET /v1/oauth/start and /v1/oauth/callback: the authorization URL handed out and the redirect
 * target registered with every provider. Open (the browser has no API key); the single-use
 * `state` binds a request to a connection, and the start's cookie binds it to one browser.
 */
export const oauthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const secure = deps.oauth.redirectUri.startsWith('https:');
  const html = (reply: FastifyReply, status: 200 | 400 | 403, title: string, message: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(page(title, message));

  app.get(
    '/v1/oauth/start',
    {
      config: { public: true },
      attachValidation: true,
      schema: {
        tags: ['onboarding'],
        summary: "An authorizeUrl: binds the sign-in to this browser (a cookie) and sends it on to the provider's sign-in page",
        querystring: oauthStartQuery,
        response: {
          302: z.null().describe("To the provider's authorization page"),
          400: htmlPage,
          403: htmlPage,
        },
      },
    },
    async (request, reply) => {
      if (request.validationError) return html(reply, 400, 'This link cannot be used', UNKNOWN_LINK);
      const stateHash = hashState(request.query.state);
      const now = new Date();
      let row = await findOAuthState(deps.db, stateHash);
      if (!row || row.used_at !== null || row.expires_at <= now) return html(reply, 400, 'This link cannot be used', UNKNOWN_LINK);
      let justBound = false;
      if (row.browser_hash === null) {
        // The first browser to open the link is the one that may finish it.
        const value = newBindingValue();
        const bound = await bindOAuthState(deps.db, stateHash, hashBindingValue(value), now);
        if (bound) {
          row = bound;
          justBound = true;
          void reply.setCookie(bindingCookieName(stateHash), value, bindingCookieOptions(secure || request.protocol === 'https', row.expires_at));
        } else {
          // Another browser opened it in the same instant, or it expired: judged as any other bound link.
          row = await findOAuthState(deps.db, stateHash);
          if (!row) return html(reply, 400, 'This link cannot be used', UNKNOWN_LINK);
        }
      }
      // Opening it again in the same browser (a reload, a second click) is fine; another browser is not.
      if (!justBound && !fromStartingBrowser(request, row)) return html(reply, 403, OTHER_BROWSER.title, OTHER_BROWSER.message);
      const connection = await findConnection(deps.db, row.connection_id, row.tenant_id);
      const provider = connection && findProvider(deps.providers, connection.integration);
      const client = provider && deps.oauth.clients[envSlug(provider.slug)];
      if (!connection || !provider || !client || !row.code_verifier_encrypted) return html(reply, 400, 'This link cannot be used', UNKNOWN_LINK);
      const url = await authorizationUrl(provider, client, deps.oauth.redirectUri, {
        state: request.query.state,
        codeVerifier: deps.secrets.open<string>(row.code_verifier_encrypted),
      });
      return reply.redirect(url, 302);
    },
  );

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
        response: {
          200: htmlPage,
          302: z.null().describe('To the connection\'s returnUrl, with connectionId, status (connected: the connection works; authorized: signed in, set-up or its check not finished; failed, with error: the failure code) and error'),
          400: htmlPage,
          403: htmlPage,
        },
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
      const now = new Date();
      const pending = await findOAuthState(deps.db, hashState(state));
      const live = pending && pending.used_at === null && pending.expires_at > now;
      // Checked before the state is used up: the browser that started the sign-in may still finish it.
      if (live && !fromStartingBrowser(request, pending)) return html(reply, 403, OTHER_BROWSER.title, OTHER_BROWSER.message);
      const row = await consumeOAuthState(deps.db, state, now);
      if (!row) {
        return badRequest(UNKNOWN_LINK);
      }
      if (row.browser_hash !== UNBOUND_LEGACY) void reply.clearCookie(bindingCookieName(row.state_hash), bindingCookieOptions(secure || request.protocol === 'https', new Date(0)));

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
