import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findConnection, refreshNextSync, updateConnection } from '../../db/repositories/connections.js';
import { wipeOAuthVerifiers } from '../../db/repositories/oauth-states.js';
import type { ConnectionRow } from '../../db/tables/connections.js';
import { ProviderError } from '../../providers/errors.js';
import { SCHEDULED_STATUSES } from '../../domain/next-sync.js';
import {
  configChangedUpdate,
  credentialsChangedUpdate,
  onboardingWorkflowId,
  retryOnboardingUpdate,
  workflowTypes,
  type ChangeAnswer,
  type OnboardingInput,
} from '../../workflows/definitions.js';
import type { AppDeps } from '../deps.js';
import { beginAuthorization, checkReturnUrl, notifyOnboarding, onboardingHandle } from '../onboarding-service.js';
import { visibleTenant } from '../plugins/auth.js';
import type { Principal } from '../principal.js';
import { presentConnection } from '../presenters.js';
import { findProvider, parseConfig, parseCredentials } from '../provider-input.js';
import { notFound, ProblemError } from '../problems.js';
import { authorizeAgainBody, configBody, connectionIdParams, credentialsBody, optionsSchema, problemSchema } from '../schemas.js';
import { connectionSchema } from '../../domain/connection.js';
import { defaultUserMessage } from '../../domain/failure-messages.js';

/** The human steps of onboarding: credentials, config, discovery, retry, disconnect. */
export const onboardingRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  async function load(principal: Principal, id: string): Promise<ConnectionRow> {
    const row = await findConnection(deps.db, id, visibleTenant(principal));
    if (!row) throw notFound('connection');
    if (row.status === 'disconnected') throw new ProblemError('conflict', 'the connection is disconnected; create a new one');
    return row;
  }
  const reread = async (id: string) => presentConnection((await findConnection(deps.db, id, null))!);
  /**
   * 200: onboarding has acted on the change, or stored it for a later step; the body says what
   * it waits for. 202: it took the change but is still busy; GET the connection to follow.
   */
  const answerChange = async (reply: FastifyReply, id: string, answer: ChangeAnswer | null) =>
    reply.code(answer?.pending ? 202 : 200).send(await reread(id));
  const changeAnswers = {
    200: connectionSchema,
    202: connectionSchema,
    400: problemSchema,
    404: problemSchema,
    409: problemSchema,
    503: problemSchema,
  };

  app.put(
    '/v1/connections/:id/credentials',
    {
      config: { clientOnly: true, connectSession: true, audit: 'credentials.update' },
      schema: {
        tags: ['onboarding'],
        summary: 'Send new credentials (API key / custom); a waiting or failed onboarding tests again (202: still busy)',
        params: connectionIdParams,
        body: credentialsBody,
        response: changeAnswers,
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      const provider = findProvider(deps.providers, row.integration);
      const credentials = parseCredentials(provider, request.body.credentials);
      await updateConnection(deps.db, row.id, { credentials_encrypted: deps.secrets.seal(credentials) });
      return answerChange(reply, row.id, await notifyOnboarding(deps, row.id, credentialsChangedUpdate));
    },
  );

  app.put(
    '/v1/connections/:id/config',
    {
      config: { clientOnly: true, connectSession: true, audit: 'config.update' },
      schema: {
        tags: ['onboarding'],
        summary: 'Set the whole config; answers once onboarding has acted on it or stored it for a later step (202: still busy)',
        params: connectionIdParams,
        body: configBody,
        response: changeAnswers,
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      const config = parseConfig(findProvider(deps.providers, row.integration), request.body.config, 'complete');
      await updateConnection(deps.db, row.id, { config: JSON.stringify(config) });
      return answerChange(reply, row.id, await notifyOnboarding(deps, row.id, configChangedUpdate));
    },
  );

  app.get(
    '/v1/connections/:id/options',
    {
      config: { clientOnly: true, connectSession: true },
      schema: {
        tags: ['onboarding'],
        summary: 'Config choices the connection\'s credentials can see (accounts, properties, zones…)',
        params: connectionIdParams,
        response: { 200: optionsSchema, 404: problemSchema, 409: problemSchema, 502: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const provider = findProvider(deps.providers, row.integration);
      if (!provider.discover) return { options: {} };
      if (!row.credentials_encrypted) {
        throw new ProblemError('conflict', 'the connection has no credentials yet: send or authorize them first');
      }
      try {
        const options = await provider.discover({
          config: row.config,
          credentials: deps.secrets.open(row.credentials_encrypted),
          endpoints: provider.endpoints,
          attempt: 1,
          signal: AbortSignal.timeout(20_000),
        });
        return { options };
      } catch (error) {
        if (error instanceof ProviderError) {
          throw new ProblemError(
            error.kind === 'provider_unavailable' || error.kind === 'rate_limited' ? 'bad_gateway' : 'conflict',
            `${error.message} ${error.hint}`,
            undefined,
            { code: error.kind, userMessage: error.userMessage ?? defaultUserMessage(error.kind) },
          );
        }
        throw error;
      }
    },
  );

  app.post(
    '/v1/connections/:id/retry',
    {
      config: { connectSession: true, audit: 'retry' },
      schema: {
        tags: ['onboarding'],
        summary: 'Retry a failed onboarding (OAuth: a new authorizeUrl) or, in status error, sync now',
        params: connectionIdParams,
        body: authorizeAgainBody,
        response: { 200: connectionSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const returnUrl = checkReturnUrl(deps, request.body?.returnUrl);
      if (row.status === 'error') {
        // A failing sync: run one now. A schedule Onramp paused for it runs again unless its user paused it.
        if (!row.sync_paused) await deps.schedules.unpause(row.id, `retry by key ${request.principal.keyId}`);
        await deps.schedules.trigger(row.id);
        await refreshNextSync(deps.db, row.id);
        return reread(row.id);
      }
      const provider = findProvider(deps.providers, row.integration);
      const awaitingAuthorization = provider.authKind === 'oauth2' && row.onboarding_step === 'connect';
      if (row.status !== 'failed' && !(awaitingAuthorization && row.status === 'pending')) {
        throw new ProblemError('conflict', `the connection is ${row.status}, not failed: there is nothing to retry`);
      }
      let authorizeUrl: string | undefined;
      if (awaitingAuthorization) {
        authorizeUrl = await deps.db
          .transaction()
          .execute((trx) => beginAuthorization(deps, trx, provider, { id: row.id, tenantId: row.tenant_id }, returnUrl));
      }
      // A pending OAuth connection is still waiting: the new URL is all it needs.
      if (row.status === 'failed') {
        const progress = await notifyOnboarding(deps, row.id, retryOnboardingUpdate);
        if (!progress) throw new ProblemError('conflict', 'this onboarding has ended; create the connection again');
      }
      return { ...(await reread(row.id)), ...(authorizeUrl ? { authorizeUrl } : {}) };
    },
  );

  app.post(
    '/v1/connections/:id/reauthorize',
    {
      config: { clientOnly: true, connectSession: true, audit: 'reauthorize' },
      schema: {
        tags: ['onboarding'],
        summary: 'OAuth: a fresh authorizeUrl that puts this same connection (id, history, KPIs) back to active',
        params: connectionIdParams,
        body: authorizeAgainBody,
        response: { 200: connectionSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const provider = findProvider(deps.providers, row.integration);
      if (provider.authKind !== 'oauth2') {
        throw new ProblemError('conflict', `${provider.name} does not use OAuth: send new credentials with PUT /v1/connections/{id}/credentials`);
      }
      if (!SCHEDULED_STATUSES.includes(row.status)) {
        throw new ProblemError('conflict', `the connection is ${row.status}: use POST /v1/connections/{id}/retry while onboarding`);
      }
      const authorizeUrl = await deps.db.transaction().execute(async (trx) => {
        const url = await beginAuthorization(deps, trx, provider, { id: row.id, tenantId: row.tenant_id }, checkReturnUrl(deps, request.body?.returnUrl));
        const args: [OnboardingInput] = [{ connectionId: row.id, timeouts: deps.onboardingTimeouts, reauthorize: true }];
        try {
          // The same workflow id as the first onboarding: one onboarding per connection at a time.
          await deps.temporal.workflow.start(workflowTypes.onboarding, {
            workflowId: onboardingWorkflowId(row.id),
            taskQueue: deps.taskQueue,
            args,
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          });
        } catch (error) {
          // Already re-authorizing: that run waits for any of its authorization links.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        return url;
      });
      return { ...(await reread(row.id)), authorizeUrl };
    },
  );

  app.delete(
    '/v1/connections/:id',
    {
      config: { clientOnly: true, audit: 'delete' },
      schema: {
        tags: ['connections'],
        summary: 'Disconnect: schedule removed, onboarding cancelled, credentials wiped, history kept',
        params: connectionIdParams,
        response: { 200: connectionSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await findConnection(deps.db, request.params.id, visibleTenant(request.principal));
      if (!row) throw notFound('connection');
      await deps.db.transaction().execute(async (trx) => {
        await updateConnection(trx, row.id, { status: 'disconnected', credentials_encrypted: null, next_sync_at: null });
        await wipeOAuthVerifiers(trx, row.id);
      });
      await deps.schedules.remove(row.id);
      await onboardingHandle(deps, row.id)
        .cancel()
        .catch((error: unknown) => {
          // An onboarding that already ended has nothing to cancel.
          if (!(error instanceof WorkflowNotFoundError) && !/already completed/i.test(String(error))) throw error;
        });
      return reread(row.id);
    },
  );
};
