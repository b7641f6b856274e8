import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findConnection } from '../../db/repositories/connections.js';
import { listOnboardingCalls, listRunCalls } from '../../db/repositories/provider-calls.js';
import type { ProviderCallRow } from '../../db/tables/provider-calls.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import { notFound } from '../problems.js';
import { connectionIdParams, problemSchema } from '../schemas.js';
import { providerCallSchema, type ProviderCallView } from '../provider-call-schemas.js';

const present = (row: ProviderCallRow): ProviderCallView => ({
  at: row.at.toISOString(),
  attempt: row.activity_attempt,
  onboardingAttempt: row.onboarding_attempt,
  method: row.method,
  host: row.host,
  path: row.path,
  queryKeys: row.query_keys,
  status: row.status,
  durationMs: row.duration_ms,
  retryAfterMs: row.retry_after_ms,
  errorCode: row.error_code,
  errorMessage: row.error_message,
  requestIds: row.request_ids,
});

const calls = z.object({ items: z.array(providerCallSchema) });
/** Up to 18 digits: always within Postgres's bigint, and nothing else reaches the parse. */
const runIdParam = z.string().regex(/^\d{1,18}$/, 'must be a sync run id (its digits, from GET …/syncs)').describe('A sync run id (GET …/syncs)');

/** The vendor call log of a connection's runs and onboarding tests (issue 24). */
export const providerCallRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const load = async (principal: Parameters<typeof visibleTenant>[0], id: string) => {
    const row = await findConnection(deps.db, id, visibleTenant(principal));
    if (!row) throw notFound('connection');
    return row;
  };

  app.get(
    '/v1/connections/:id/runs/:runId/calls',
    {
      schema: {
        tags: ['sync'],
        summary: 'The vendor calls a sync or backfill run made, in order: what Onramp asked and what the vendor answered',
        params: connectionIdParams.extend({ runId: runIdParam }),
        response: { 200: calls, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const run = await deps.db.selectFrom('sync_runs').select('id').where('id', '=', request.params.runId).where('connection_id', '=', row.id).executeTakeFirst();
      if (!run) throw notFound('sync run');
      return { items: (await listRunCalls(deps.db, row.id, run.id)).map(present) };
    },
  );

  app.get(
    '/v1/connections/:id/onboarding/calls',
    {
      schema: {
        tags: ['onboarding'],
        summary: 'The vendor calls of the onboarding\'s connection tests, in order (one test with `attempt`)',
        params: connectionIdParams,
        querystring: z.object({ attempt: z.coerce.number().int().min(0).max(1_000_000).optional().describe('One connection test, by the onboarding\'s attempt number') }),
        response: { 200: calls, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      return { items: (await listOnboardingCalls(deps.db, row.id, request.query.attempt)).map(present) };
    },
  );
};
