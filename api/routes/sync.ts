import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancelBackfill,
  findBackfill,
  findRunningBackfill,
  insertBackfill,
  listBackfills,
  ONE_RUNNING_BACKFILL_INDEX,
} from '../../db/repositories/backfills.js';
import { findConnection, updateConnection } from '../../db/repositories/connections.js';
import { listSyncRuns } from '../../db/repositories/sync-runs.js';
import { SCHEDULED_STATUSES } from '../../domain/next-sync.js';
import { intendedPaused } from '../../domain/sync-intent.js';
import type { ConnectionRow } from '../../db/tables/connections.js';
import { chunkCount } from '../../domain/periods.js';
import { backfillTaskQueue, backfillWorkflowId, workflowTypes, type BackfillInput } from '../../workflows/definitions.js';
import { backfillRangeErrors } from '../backfill-range.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import type { Principal } from '../principal.js';
import { presentBackfill, presentConnection, presentSyncRun } from '../presenters.js';
import { notFound, ProblemError } from '../problems.js';
import { backfillBody, backfillParams, connectionIdParams, page, pageQuery, patchConnectionBody, problemSchema } from '../schemas.js';
import { backfillSchema } from '../../domain/backfill.js';
import { syncRunSchema } from '../../domain/sync-run.js';
import { connectionSchema } from '../../domain/connection.js';

const isUniqueViolation = (error: unknown, constraint: string) => {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === constraint;
};

/** Sync control: sync now, pause, resume, interval, run history, backfill. */
export const syncRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  async function load(principal: Principal, id: string, mustSync = true): Promise<ConnectionRow> {
    const row = await findConnection(deps.db, id, visibleTenant(principal));
    if (!row) throw notFound('connection');
    if (mustSync && !SCHEDULED_STATUSES.includes(row.status)) {
      throw new ProblemError('conflict', `the connection is ${row.status}: it syncs only once onboarding has activated it`);
    }
    return row;
  }
  const present = async (id: string) => presentConnection((await findConnection(deps.db, id, null))!);
  const params = connectionIdParams;
  const answers = { 200: connectionSchema, 202: connectionSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema };

  app.post('/v1/connections/:id/sync', { config: { audit: 'sync_now' }, schema: { tags: ['sync'], summary: 'Sync now: the schedule starts a run at once, or right after the one in progress (skipped only if one started this very second)', params, response: answers } }, async (request, reply) => {
    const row = await load(request.principal, request.params.id);
    await deps.schedules.trigger(row.id);
    return reply.code(202).send(await present(row.id));
  });

  app.post('/v1/connections/:id/pause', { config: { audit: 'pause' }, schema: { tags: ['sync'], summary: 'Pause scheduled syncs', params, response: answers } }, async (request) => {
    const row = await load(request.principal, request.params.id);
    await updateConnection(deps.db, row.id, { sync_paused: true, ...(row.status === 'active' ? { status: 'paused' } : {}) });
    await deps.schedules.pause(row.id, `paused by key ${request.principal.keyId}`);
    return present(row.id);
  });

  app.post('/v1/connections/:id/resume', { config: { audit: 'resume' }, schema: { tags: ['sync'], summary: 'Resume scheduled syncs', params, response: answers } }, async (request) => {
    const row = await load(request.principal, request.params.id);
    await updateConnection(deps.db, row.id, { sync_paused: false, ...(row.status === 'paused' ? { status: 'active' } : {}) });
    // A connection waiting for re-authorization stays paused whatever its user wants; one in
    // `error` for repeated failures syncs again (before, it waited for the reconciler).
    if (!intendedPaused({ ...row, sync_paused: false })) await deps.schedules.unpause(row.id, `resumed by key ${request.principal.keyId}`);
    return present(row.id);
  });

  app.patch(
    '/v1/connections/:id',
    { config: { clientOnly: true, audit: 'update' }, schema: { tags: ['connections'], summary: 'Rename, or change the sync interval (takes effect on the schedule at once)', params, body: patchConnectionBody, response: answers } },
    async (request) => {
      const row = await load(request.principal, request.params.id, false);
      // Like every other change to a disconnected connection: it stays as it was left.
      if (row.status === 'disconnected') throw new ProblemError('conflict', 'the connection is disconnected; create a new one');
      const { name, syncIntervalMinutes } = request.body;
      // A new interval moves the next run: the update writes both (changeConnection).
      await updateConnection(deps.db, row.id, {
        ...(name !== undefined ? { name } : {}),
        ...(syncIntervalMinutes !== undefined ? { sync_interval_minutes: syncIntervalMinutes } : {}),
      });
      if (syncIntervalMinutes !== undefined && SCHEDULED_STATUSES.includes(row.status)) {
        await deps.schedules.setInterval(row.id, syncIntervalMinutes);
      }
      return present(row.id);
    },
  );

  app.get(
    '/v1/connections/:id/syncs',
    { schema: { tags: ['sync'], summary: 'Sync runs, newest first', params, querystring: pageQuery, response: { 200: page(syncRunSchema), 400: problemSchema, 404: problemSchema } } },
    async (request) => {
      const row = await load(request.principal, request.params.id, false);
      const { items, nextCursor } = await listSyncRuns(deps.db, { connectionId: row.id, ...request.query });
      return { items: items.map(presentSyncRun), nextCursor };
    },
  );

  app.post(
    '/v1/connections/:id/backfill',
    {
      config: { clientOnly: true, audit: 'backfill' },
      schema: {
        tags: ['sync'],
        summary: 'Write every day in [from, to] again, in chunks; progress at GET …/backfills',
        params,
        body: backfillBody,
        response: { 202: backfillSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      const { from, to } = request.body;
      const provider = deps.providers.get(row.integration);
      if (!provider) throw new ProblemError('conflict', `integration ${row.integration} is no longer offered: there is nothing to backfill from`);
      const errors = backfillRangeErrors({ from, to }, provider, new Date());
      if (errors.length > 0) throw new ProblemError('validation', 'the range reaches beyond the days the provider serves', errors);
      const id = randomUUID();
      // As many days a chunk as the provider's API answers in one call: one fetch, one upsert.
      const chunkDays = provider.callRange.maxDays;
      const chunksTotal = chunkCount(from, to, chunkDays);
      const args: [BackfillInput] = [{ backfillId: id, connectionId: row.id, from, to, chunkDays }];
      try {
        // Row and workflow together: a workflow that cannot start leaves no row claiming to run.
        const created = await deps.db.transaction().execute(async (trx) => {
          const inserted = await insertBackfill(trx, { id, connection_id: row.id, period_from: from, period_to: to, status: 'running', chunks_total: chunksTotal, error: null });
          await deps.temporal.workflow.start(workflowTypes.backfill, { workflowId: backfillWorkflowId(id), taskQueue: backfillTaskQueue(deps.taskQueue), args });
          return inserted;
        });
        return reply.code(202).send(presentBackfill(created));
      } catch (error) {
        if (!isUniqueViolation(error, ONE_RUNNING_BACKFILL_INDEX)) throw error;
        const running = await findRunningBackfill(deps.db, row.id);
        throw new ProblemError(
          'conflict',
          `backfill ${running?.id ?? ''} of this connection is still running (one at a time): wait for it (GET /v1/connections/${row.id}/backfills/${running?.id ?? ''}) or cancel it (DELETE the same path), then start this one`,
        );
      }
    },
  );

  app.get(
    '/v1/connections/:id/backfills/:backfillId',
    { schema: { tags: ['sync'], summary: 'One backfill: status and progress', params: backfillParams, response: { 200: backfillSchema, 400: problemSchema, 404: problemSchema } } },
    async (request) => {
      const row = await load(request.principal, request.params.id, false);
      const backfill = await findBackfill(deps.db, row.id, request.params.backfillId);
      if (!backfill) throw notFound('backfill');
      return presentBackfill(backfill);
    },
  );

  app.delete(
    '/v1/connections/:id/backfills/:backfillId',
    {
      config: { clientOnly: true, audit: 'backfill_cancel' },
      schema: {
        tags: ['sync'],
        summary: 'Cancel a running backfill: the chunk in flight stops, days already written stay',
        params: backfillParams,
        response: { 200: backfillSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id, false);
      const backfill = await findBackfill(deps.db, row.id, request.params.backfillId);
      if (!backfill) throw notFound('backfill');
      if (backfill.status !== 'running') {
        throw new ProblemError('conflict', `the backfill has already ${backfill.status === 'cancelled' ? 'been cancelled' : backfill.status}: there is nothing to cancel; GET …/backfills shows every backfill of the connection`);
      }
      try {
        await deps.temporal.workflow.getHandle(backfillWorkflowId(backfill.id)).cancel();
      } catch (error) {
        // A workflow that is gone (or ended without saying so) leaves only the row to close.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      // Closed now, not when the worker gets to it: a new backfill may start at once, and the
      // workflow's own record of the chunk in flight cannot reopen it.
      return presentBackfill((await cancelBackfill(deps.db, backfill.id, new Date())) ?? (await findBackfill(deps.db, row.id, backfill.id))!);
    },
  );

  app.get(
    '/v1/connections/:id/backfills',
    { schema: { tags: ['sync'], summary: 'Backfills of the connection, newest first, with progress', params, response: { 200: z.object({ items: z.array(backfillSchema) }), 404: problemSchema } } },
    async (request) => {
      const row = await load(request.principal, request.params.id, false);
      return { items: (await listBackfills(deps.db, row.id)).map(presentBackfill) };
    },
  );
};
