import { Context, log } from '@temporalio/activity';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { changeConnection, refreshNextSync } from '../db/repositories/connections.js';
import { upsertKpiValues } from '../db/repositories/kpi-values.js';
import { finishSyncRun, startSyncRun } from '../db/repositories/sync-runs.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import type { LastError } from '../domain/connection.js';
import type { SyncRunRow } from '../db/tables/sync-runs.js';
import { fetchedMetrics, type KpiPoint } from '../providers/contract.js';
import { daysInWindow, type SyncWindow } from '../domain/periods.js';
import { syncWindowStart } from '../domain/sync-window.js';
import { afterRun, missingDays, missingPeriods, missingSummary, periodWindow, type MissingPeriod } from '../domain/missing-periods.js';
import { needsPersonCodes } from '../domain/sync-intent.js';
import type { ConnectionAccess } from './connection-access.js';
import type { ActivityDeps } from './deps.js';
import { atActivityEdge } from './failures.js';
import { feedsDerivedKpis, recomputeDerivedKpis } from './derived-kpis.js';
import { kpiRows } from './kpi-rows.js';
import { noActivityMetrics } from './metrics.js';

/** What a run read, by day: the days it read and those it could not (with why). */
type RunPeriods = { readDays: string[]; missing: MissingPeriod[] };

/** Names one run of a sync or backfill workflow: its sync run row is unique per this. */
type RunKey = { connectionId: string; workflowId: string; workflowRunId: string };

const windowOf = (run: SyncRunRow): SyncWindow => ({ from: run.window_start.toISOString(), to: run.window_end.toISOString() });

/** Activities of the sync and backfill workflows. */
export function syncActivities(deps: ActivityDeps, { loadConnection, callProvider, providerOf }: ConnectionAccess) {
  const { db, schedules, clock } = deps;
  return {
    async startSyncRun(input: RunKey & {
      /** Backfills name their window; scheduled runs compute it here. */
      window?: SyncWindow;
      kind?: 'scheduled' | 'backfill';
    }): Promise<{ syncRunId: string; window: SyncWindow }> {
      const run = await openRun(await loadConnection(input.connectionId), input);
      return { syncRunId: run.id, window: windowOf(run) };
    },

    /**
     * A whole scheduled sync in one activity (syncWorkflow behind sync-one-activity): the row is
     * loaded once, and the points go from the provider to Postgres without passing through
     * history. Every step is idempotent per (workflow id, run id): a retry finds the run it opened,
     * rewrites the same KPI rows and records the run once. Failures are recorded by the
     * workflow (finishSyncRun), once Temporal's retry budget for the provider is spent.
     */
    async runSync(input: RunKey): Promise<{ syncRunId: string; kpisWritten: number }> {
      const row = await loadConnection(input.connectionId);
      const run = await openRun(row, { ...input, attempts: Context.current().info.attempt });
      const read = await readMissingFirst(row, run);
      const kpisWritten = await writePoints(row, run.id, read.points);
      await recordFinish({ connectionId: row.id, syncRunId: run.id, kind: run.kind, kpisWritten, error: null, periods: read });
      return { syncRunId: run.id, kpisWritten };
    },

    async fetchMetrics(input: { connectionId: string; window: SyncWindow; syncRunId?: string }): Promise<KpiPoint[]> {
      const row = await loadConnection(input.connectionId);
      if (input.syncRunId) {
        await db.updateTable('sync_runs').set({ attempts: Context.current().info.attempt }).where('id', '=', input.syncRunId).execute();
      }
      // Only runs from before sync-one-activity call this: they write the points they are given,
      // and a day the provider could not read stays without a point (no missing list for them).
      const fetched = await atActivityEdge(() => callProvider(row, (provider, ctx) => provider.fetchMetrics(ctx, input.window), input.syncRunId ? { syncRunId: input.syncRunId } : undefined));
      return fetchedMetrics(fetched).points;
    },

    async upsertKpis(input: { connectionId: string; syncRunId: string; points: KpiPoint[] }): Promise<number> {
      return writePoints(await loadConnection(input.connectionId), input.syncRunId, input.points);
    },

    /**
     * Records a run's end (see recordFinish). The run is named by its id, or, when the workflow
     * may not know it (runSync failed, perhaps before opening it), by its workflow run.
     */
    async finishSyncRun(input: {
      connectionId: string;
      syncRunId?: string;
      run?: Omit<RunKey, 'connectionId'>;
      kpisWritten: number;
      error: LastError | null;
    }): Promise<void> {
      const run = input.syncRunId
        ? await db.selectFrom('sync_runs').select(['id', 'kind']).where('id', '=', input.syncRunId).executeTakeFirstOrThrow()
        : await openRun(await loadConnection(input.connectionId), { connectionId: input.connectionId, ...input.run! });
      await recordFinish({ connectionId: input.connectionId, syncRunId: run.id, kind: run.kind, kpisWritten: input.kpisWritten, error: input.error });
    },
  };

  /** Idempotent per workflow run: a retried start finds the row (and window) it made the first time. */
  async function openRun(
    row: ConnectionRow,
    input: RunKey & { window?: SyncWindow; kind?: 'scheduled' | 'backfill'; attempts?: number },
  ): Promise<SyncRunRow> {
    const now = clock();
    // From the day of the last good sync minus the provider's data lateness (what the vendor may
    // still have changed since) to now; a first sync covers the connection's initial history.
    const from = syncWindowStart({
      lastSyncAt: row.last_sync_at,
      latenessHours: deps.providers.get(row.integration)?.dataLateness?.hours ?? 0,
      initialHistoryDays: row.initial_history_days,
      now,
    });
    return startSyncRun(db, {
      connection_id: input.connectionId,
      workflow_id: input.workflowId,
      workflow_run_id: input.workflowRunId,
      window_start: input.window ? new Date(input.window.from) : from,
      window_end: input.window ? new Date(input.window.to) : now,
      status: 'running',
      kind: input.kind ?? 'scheduled',
      error: null,
      ...(input.attempts ? { attempts: input.attempts } : {}),
    });
  }

  /**
   * Partial success per period (issue 27): the days the connection is missing are asked for
   * first, each run of consecutive days as a window of its own (days the run's window covers are
   * read with it), then the run's window. Every day read is kept; each day the provider could not
   * read is listed with why, and the run goes on.
   */
  async function readMissingFirst(row: ConnectionRow, run: SyncRunRow): Promise<RunPeriods & { points: KpiPoint[] }> {
    const window = windowOf(run);
    const inWindow = new Set(daysInWindow(window));
    const retry = missingPeriods(new Map([...missingDays(row.missing_periods)].filter(([day]) => !inWindow.has(day))));
    const read: RunPeriods & { points: KpiPoint[] } = { points: [], missing: [], readDays: [] };
    for (const w of [...retry.map(periodWindow), window]) {
      const fetched = fetchedMetrics(await atActivityEdge(() => callProvider(row, (provider, ctx) => provider.fetchMetrics(ctx, w), { syncRunId: run.id })));
      const unread = missingDays(fetched.missing);
      read.points.push(...fetched.points);
      read.missing.push(...fetched.missing);
      read.readDays.push(...daysInWindow(w).filter((day) => !unread.has(day)));
    }
    return read;
  }

  /**
   * The points, and the derived KPIs they are inputs of (recomputed for the periods written), in
   * one transaction; a sync that feeds no derived KPI writes its one statement as before.
   */
  async function writePoints(row: ConnectionRow, syncRunId: string, points: KpiPoint[]): Promise<number> {
    const rows = kpiRows(providerOf(row), row, syncRunId, points);
    if (!feedsDerivedKpis(points)) return upsertKpiValues(db, rows);
    return db.transaction().execute(async (trx) => {
      const written = await upsertKpiValues(trx, rows);
      await recomputeDerivedKpis(trx, { tenantId: row.tenant_id, connectionId: row.id, syncRunId, points });
      return written;
    });
  }

  /**
   * The connection's missing days once this run counts: read under the row's lock, so two runs
   * finishing together (a sync beside a backfill) each apply theirs to the other's result.
   */
  async function missingAfterRun(trx: Transaction<Database>, connectionId: string, periods: RunPeriods) {
    const locked = await trx.selectFrom('connections').select('missing_periods').where('id', '=', connectionId).forUpdate().executeTakeFirst();
    const before = locked?.missing_periods ?? [];
    const after = afterRun(before, periods);
    const wasMissing = missingDays(before);
    // Repaired days as ranges, whatever each was missing for.
    const read: LastError = { code: 'read', message: '', hint: '' };
    const repaired = missingPeriods(new Map(periods.readDays.filter((d) => wasMissing.has(d)).map((d) => [d, read]))).map(({ from, to }) => ({ from, to }));
    return { after, repaired, summary: missingSummary(after) };
  }

  /**
   * Records the run and what it means for the connection: success resets the failure count
   * (and heals `error`); a run with no data where there was data before is `empty`, not a
   * success; N failures in a row, or one that needs a person, show status `error`.
   */
  async function recordFinish(input: {
    connectionId: string;
    syncRunId: string;
    kind: 'scheduled' | 'backfill';
    kpisWritten: number;
    error: LastError | null;
    /** The days it read and could not read; absent for a run that failed as a whole. */
    periods?: RunPeriods;
  }): Promise<void> {
    const { kind } = input;
    const now = clock();
    const hadData =
      !input.error && input.kpisWritten === 0
        ? Boolean(
            await db
              .selectFrom('kpi_values')
              .select('connection_id')
              .where('connection_id', '=', input.connectionId)
              .where('sync_run_id', '!=', input.syncRunId)
              .limit(1)
              .executeTakeFirst(),
          )
        : false;
    const partial = !input.error && (input.periods?.missing.length ?? 0) > 0;
    const status = input.error ? 'failed' : partial ? 'partial' : hadData ? 'empty' : 'succeeded';
    const needsPerson = input.error !== null && needsPersonCodes.includes(input.error.code);
    // Backfills do not speak for the connection's health, nor does an outage of Onramp's own
    // Postgres or Temporal: the run shows it, the next run catches up, nothing is counted.
    const speaksForConnection = kind !== 'backfill' && input.error?.code !== 'infrastructure_unavailable';

    // Syncing again cannot succeed until someone acts: stop the schedule first, so that once
    // the run shows as failed, the schedule already is paused.
    if (needsPerson && speaksForConnection) {
      await schedules.pause(input.connectionId, `paused by Onramp: ${input.error!.code}`);
    }

    // The connection and the run in one transaction, the run last: a finished run means the
    // connection already shows it, and a retried activity (run no longer `running`) counts nothing twice.
    // Their events commit with them, in that order: the connection's change, then the run.
    const finished = await db.transaction().execute(async (trx) => {
      const run = await trx.selectFrom('sync_runs').select('status').where('id', '=', input.syncRunId).forUpdate().executeTakeFirstOrThrow();
      // The schedule moved on when it started this run: its next time goes into the row with the
      // run, so whoever sees the run finished also sees when the next one starts; computed from
      // the row as this run leaves it (paused for a failure that needs a person). A change of the
      // row writes it itself (changeConnection); a run that changes nothing (an outage of our
      // own, a retried activity finding the run recorded) writes it here. Backfills are not the
      // schedule's runs.
      const projectNext = () => (kind === 'backfill' ? undefined : refreshNextSync(trx, input.connectionId, now));
      if (run.status !== 'running') {
        await projectNext();
        return false;
      }
      let changed: ConnectionRow | undefined;
      const periods = input.periods ? await missingAfterRun(trx, input.connectionId, input.periods) : undefined;
      if (speaksForConnection && !input.error) {
        const emptyError: LastError | null =
          status === 'empty'
            ? {
                code: 'empty',
                message: 'The provider returned no data for this window, though earlier syncs had data.',
                hint: 'Check that the account, property or zone still exists and the credentials can still read it.',
              }
            : null;
        changed = await changeConnection(
          trx,
          input.connectionId,
          {
            last_sync_status: status,
            last_sync_error: emptyError ? JSON.stringify(emptyError) : periods?.summary ? JSON.stringify(periods.summary) : null,
            consecutive_failures: 0,
            ...(periods ? { missing_periods: JSON.stringify(periods.after) } : {}),
            // A partial run wrote every day it could: the days it could not are tracked as missing.
            ...(status === 'succeeded' || status === 'partial' ? { last_sync_at: now } : {}),
            // A good run heals an `error` that repeated failures caused.
            status: sql`case when status = 'error' then 'active' else status end`,
            updated_at: now,
          },
          { unlessDisconnected: true, now },
        );
      } else if (speaksForConnection && input.error) {
        changed = await changeConnection(trx, input.connectionId, {
          last_sync_status: 'failed',
          last_sync_error: JSON.stringify(input.error),
          consecutive_failures: sql`consecutive_failures + 1`,
          status: sql`case when status <> 'disconnected' and (${needsPerson} or consecutive_failures + 1 >= ${deps.syncFailuresBeforeError}) then 'error' else status end`,
          updated_at: now,
        }, { now });
      }
      if (!changed) await projectNext();
      await finishSyncRun(trx, input.syncRunId, {
        status,
        kpis_written: input.kpisWritten,
        error: input.error ? JSON.stringify(input.error) : null,
        ...(periods ? { missing_periods: JSON.stringify(input.periods!.missing), repaired_periods: JSON.stringify(periods.repaired) } : {}),
        finished_at: now,
      });
      return true;
    });
    if (finished) (deps.metrics ?? noActivityMetrics).syncRunFinished({ kind, outcome: status });
    if (finished && !speaksForConnection && kind === 'scheduled') {
      // The operators' signal for a run our own outage failed: no sync.failed goes to the tenant.
      log.warn('sync run failed on our own outage: recorded as infrastructure_unavailable, no sync.failed event sent', {
        connectionId: input.connectionId,
        syncRunId: input.syncRunId,
      });
    }
  }
}
