import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionEventEnvelopes } from '../../api/event-schemas.js';
import type { ConnectionEventType } from '../../domain/events.js';
import type { ConnectionView } from '../../domain/connection.js';
import { eventEnvelope } from '../../db/repositories/events.js';
import type { EventRow } from '../../db/tables/events.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { authorizeInBrowser, create, oauthStack, waitForOnboarding, type OAuthStack } from '../helpers/oauth-stack.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startMetricsStack } from '../helpers/metrics-stack.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import type { MetricsReplica } from '../replicas/metrics-server.js';

const key = 'events-client-key-00000000001';

type Db = TestStack['db'];

const eventsOf = (db: Db, connectionId: string) =>
  db.selectFrom('events').selectAll().where('connection_id', '=', connectionId).orderBy('sequence').execute();

/** Waits until the connection has `count` events, then checks each against its published schema. */
async function waitForEvents(db: Db, connectionId: string, count: number): Promise<EventRow[]> {
  const rows = await waitFor(`${count} events of ${connectionId}`, async () => {
    const found = await eventsOf(db, connectionId);
    return found.length >= count ? found : undefined;
  });
  for (const row of rows) {
    const envelope = eventEnvelope(row);
    // Parsing strips what the schema does not name: equal means exactly the documented shape.
    expect(connectionEventEnvelopes[row.type as ConnectionEventType].parse(envelope), row.type).toEqual(envelope);
  }
  return rows;
}

const typesOf = (rows: EventRow[]) => rows.map((row) => row.type);

/** The connection as GET answers it, minus what moves by itself (the schedule's next run, staleness). */
const steady = (connection: unknown) => {
  const copy = structuredClone(connection) as Partial<Omit<ConnectionView, 'sync'>> & { sync: Partial<ConnectionView['sync']> };
  delete copy.authorizeUrl;
  delete copy.sync.nextSyncAt;
  delete copy.sync.stale;
  return copy;
};
const connectionIn = (row: EventRow) => steady(row.data.connection);

describe('events written with each state change (metrics replica, real Temporal and Postgres)', () => {
  let replica: MetricsReplica;
  let stack: TestStack;

  beforeAll(async () => {
    ({ replica, stack } = await startMetricsStack({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], failuresBeforeError: 2 }));
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const get = async (id: string) => (await api(`/v1/connections/${id}`)).body;

  /** The newest event equals the connection GET answers now. */
  async function lastEventShowsConnectionNow(id: string, rows: EventRow[]) {
    expect(connectionIn(rows.at(-1)!)).toEqual(steady(await get(id)));
  }

  async function activeConnection(): Promise<string> {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey: 'good-key' }, initialHistoryDays: 1 }),
    });
    expect(created.status).toBe(201);
    await waitForEvents(stack.db, created.body.id, 3);
    return created.body.id;
  }

  it('walks created → active → succeeded → failing → error → recovered → empty → paused → resumed → backfill → disconnected', async () => {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey: 'good-key' }, initialHistoryDays: 1 }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    let rows = await waitForEvents(stack.db, id, 3);
    expect(typesOf(rows)).toEqual(['connection.created', 'connection.active', 'sync.succeeded']);
    expect(rows.every((row) => row.tenant_id === 'acme' && row.connection_id === id)).toBe(true);
    expect(connectionIn(rows[0]!)).toEqual(steady(created.body));
    expect(rows[1]!.data.connection).toMatchObject({ status: 'active', onboarding: { step: 'done', state: 'completed' }, sync: { lastStatus: null } });
    const [firstRun] = await waitForRuns(id, 1);
    expect(rows[2]!.data.run).toEqual({ id: firstRun!.id, window: firstRun!.window, kpisWritten: firstRun!.kpisWritten, error: null, missingPeriods: [] });
    expect(firstRun!.kpisWritten).toBeGreaterThan(0);
    await lastEventShowsConnectionNow(id, rows);
    // Nothing secret: the credentials were sent, never echoed.
    expect(JSON.stringify(rows)).not.toContain('good-key');

    // Two failed runs in a row (failuresBeforeError 2): the second puts the connection in error.
    replica.failNext(400);
    await syncNow(id);
    rows = await waitForEvents(stack.db, id, 4);
    expect(rows[3]!.data).toMatchObject({ connection: { status: 'active', sync: { consecutiveFailures: 1 } }, run: { error: { code: 'invalid_config' } } });
    replica.failNext(400);
    await syncNow(id);
    rows = await waitForEvents(stack.db, id, 6);
    expect(typesOf(rows).slice(3)).toEqual(['sync.failed', 'connection.error', 'sync.failed']);
    expect(rows[4]!.data).toMatchObject({ connection: { status: 'error', sync: { consecutiveFailures: 2 } }, lastError: { code: 'invalid_config', hint: expect.any(String) } });
    expect(rows[4]!.data.lastError).toEqual((await get(id)).sync.lastError);
    await lastEventShowsConnectionNow(id, rows);

    // Retry runs a sync now; a good run heals the error.
    await syncHelpers(() => stack, key).afterLastRunSecond(id);
    expect((await api(`/v1/connections/${id}/retry`, { method: 'POST' })).status).toBe(200);
    rows = await waitForEvents(stack.db, id, 8);
    expect(typesOf(rows).slice(6)).toEqual(['connection.recovered', 'sync.succeeded']);
    expect(rows[6]!.data.connection).toMatchObject({ status: 'active', sync: { consecutiveFailures: 0, lastError: null } });
    await lastEventShowsConnectionNow(id, rows);

    replica.empty = true;
    try {
      await syncNow(id);
      rows = await waitForEvents(stack.db, id, 9);
    } finally {
      replica.empty = false;
    }
    expect(rows[8]!.type).toBe('sync.empty');
    expect(rows[8]!.data).toMatchObject({ connection: { sync: { lastStatus: 'empty' } }, run: { kpisWritten: 0, error: null } });

    const paused = await api(`/v1/connections/${id}/pause`, { method: 'POST' });
    // Pausing twice changes nothing the second time: one event.
    await api(`/v1/connections/${id}/pause`, { method: 'POST' });
    const resumed = await api(`/v1/connections/${id}/resume`, { method: 'POST' });
    rows = await waitForEvents(stack.db, id, 11);
    expect(typesOf(rows).slice(9)).toEqual(['connection.paused', 'connection.resumed']);
    expect(connectionIn(rows[9]!)).toEqual(steady(paused.body));
    expect(connectionIn(rows[10]!)).toEqual(steady(resumed.body));
    // Each event shows the next run time its change means, not the one from before it.
    const nextIn = (row: EventRow) => (row.data.connection as ConnectionView).sync.nextSyncAt;
    expect(nextIn(rows[9]!)).toBeNull();
    expect(resumed.body.sync.nextSyncAt).not.toBeNull();
    expect(nextIn(rows[10]!)).toBe(resumed.body.sync.nextSyncAt);

    // A backfill reports once when it completes, not once per chunk.
    const backfill = await api<{ id: string }>(`/v1/connections/${id}/backfill`, { method: 'POST', body: JSON.stringify({ from: '2026-01-01', to: '2026-01-10' }) });
    expect(backfill.status).toBe(202);
    rows = await waitForEvents(stack.db, id, 12);
    expect(rows[11]!.type).toBe('backfill.completed');
    const done = (await api<{ items: { id: string; kpisWritten: number }[] }>(`/v1/connections/${id}/backfills`)).body.items[0]!;
    expect(rows[11]!.data.backfill).toEqual({ id: backfill.body.id, from: '2026-01-01', to: '2026-01-10', kpisWritten: done.kpisWritten });
    await lastEventShowsConnectionNow(id, rows);

    const deleted = await api(`/v1/connections/${id}`, { method: 'DELETE' });
    rows = await waitForEvents(stack.db, id, 13);
    expect(rows[12]!.type).toBe('connection.disconnected');
    expect(connectionIn(rows[12]!)).toEqual(steady(deleted.body));
    expect(await eventsOf(stack.db, id)).toHaveLength(13);
  });

  it('writes connection.failed with the onboarding error, then connection.active once new credentials pass', async () => {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', config: { site: 'shop.example' }, credentials: { apiKey: 'invalid-key' } }),
    });
    const id = created.body.id;
    let rows = await waitForEvents(stack.db, id, 2);
    expect(typesOf(rows)).toEqual(['connection.created', 'connection.failed']);
    const failed = await get(id);
    expect(rows[1]!.data.lastError).toEqual(failed.onboarding.lastError);
    expect(rows[1]!.data.lastError).toMatchObject({ code: 'auth_failed', hint: expect.any(String) });
    expect(connectionIn(rows[1]!)).toEqual(steady(failed));

    await api(`/v1/connections/${id}/credentials`, { method: 'PUT', body: JSON.stringify({ credentials: { apiKey: 'demo-123' } }) });
    rows = await waitForEvents(stack.db, id, 4);
    expect(typesOf(rows)).toEqual(['connection.created', 'connection.failed', 'connection.active', 'sync.succeeded']);
  });

  describe('the change and its event commit or roll back together', () => {
    /** Makes one kind of write fail inside its transaction; a sequence (not rolled back) counts the tries. */
    async function inject(name: string, table: string, when: string, level: 'row' | 'statement' = 'row') {
      await sql`create sequence ${sql.id(`${name}_tries`)}`.execute(stack.db);
      await sql
        .raw(
          `create function ${name}() returns trigger language plpgsql as $$ begin perform nextval('${name}_tries'); raise exception 'injected failure: ${name}'; end $$`,
        )
        .execute(stack.db);
      await sql.raw(`create trigger ${name} before ${level === 'row' ? 'insert or update' : 'update'} on ${table} for each ${level} ${when ? `when (${when})` : ''} execute function ${name}()`).execute(stack.db);
      return {
        tries: async () => Number((await sql<{ n: string }>`select case when is_called then last_value else 0 end as n from ${sql.id(`${name}_tries`)}`.execute(stack.db)).rows[0]!.n),
        remove: () => sql.raw(`drop trigger ${name} on ${table}; drop function ${name}()`).execute(stack.db),
      };
    }

    it('an event that cannot be written undoes the change it reports (API: pause)', async () => {
      const id = await activeConnection();
      const before = await get(id);
      const failure = await inject('reject_paused_event', 'events', `new.type = 'connection.paused'`);
      try {
        expect((await api(`/v1/connections/${id}/pause`, { method: 'POST' })).status).toBe(500);
        expect(await failure.tries()).toBe(1);
        expect(steady(await get(id))).toEqual(steady(before));
        expect(typesOf(await eventsOf(stack.db, id))).not.toContain('connection.paused');
      } finally {
        await failure.remove();
      }
      expect((await api(`/v1/connections/${id}/pause`, { method: 'POST' })).body.sync.paused).toBe(true);
      expect(typesOf(await eventsOf(stack.db, id)).filter((type) => type === 'connection.paused')).toHaveLength(1);
    });

    it('an event that cannot be written undoes the run it reports, until a retry writes both once (worker: sync)', async () => {
      const id = await activeConnection();
      const before = await get(id);
      const failure = await inject('reject_sync_event', 'events', `new.type = 'sync.succeeded'`);
      try {
        await syncNow(id);
        await waitFor('the run to be recorded twice in vain', async () => (await failure.tries()) >= 2);
        const runs = await stack.db.selectFrom('sync_runs').select('status').where('connection_id', '=', id).orderBy('id').execute();
        expect(runs.map((run) => run.status)).toEqual(['succeeded', 'running']);
        expect(steady(await get(id))).toEqual(steady(before));
      } finally {
        await failure.remove();
      }
      const rows = await waitForEvents(stack.db, id, 4);
      expect(typesOf(rows)).toEqual(['connection.created', 'connection.active', 'sync.succeeded', 'sync.succeeded']);
      await waitForRuns(id, 2);
      expect(await eventsOf(stack.db, id)).toHaveLength(4);
    });

    it('a change that fails after its event was written leaves no event (API: disconnect)', async () => {
      const id = await activeConnection();
      // The disconnect wipes OAuth verifiers in the same transaction, after the row and its event.
      const failure = await inject('reject_verifier_wipe', 'oauth_states', '', 'statement');
      try {
        expect((await api(`/v1/connections/${id}`, { method: 'DELETE' })).status).toBe(500);
        expect(await failure.tries()).toBe(1);
        expect((await get(id)).status).toBe('active');
        expect(typesOf(await eventsOf(stack.db, id))).toEqual(['connection.created', 'connection.active', 'sync.succeeded']);
      } finally {
        await failure.remove();
      }
      expect((await api(`/v1/connections/${id}`, { method: 'DELETE' })).body.status).toBe('disconnected');
      expect(typesOf(await eventsOf(stack.db, id)).at(-1)).toBe('connection.disconnected');
    });
  });
});

describe('events of an OAuth connection whose grant is refused', () => {
  let s: OAuthStack;
  beforeAll(async () => {
    s = await oauthStack();
  });
  afterAll(async () => s?.close());

  it('writes error and reauthorization_required on invalid_grant, and recovered once re-authorized', async () => {
    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    const id = created.body.id;
    await authorizeInBrowser(created.body.authorizeUrl!);
    await waitForEvents(s.stack.db, id, 3);

    s.basic.revokeAll();
    await s.stack.temporal.client.workflow
      .execute(workflowTypes.sync, { workflowId: `sync:${id}-revoked`, taskQueue: s.stack.config.taskQueue, args: [{ connectionId: id }] })
      .catch(() => undefined); // the run fails, as it should
    let rows = await waitForEvents(s.stack.db, id, 6);
    expect(typesOf(rows)).toEqual(['connection.created', 'connection.active', 'sync.succeeded', 'connection.error', 'connection.reauthorization_required', 'sync.failed']);
    const broken = (await s.api(`/v1/connections/${id}`)).body;
    for (const row of rows.slice(3, 5)) {
      expect(row.data.lastError).toEqual(broken.sync.lastError);
      expect(row.data.lastError).toMatchObject({ code: 'reauthorization_required', hint: expect.stringContaining('/reauthorize') });
    }
    expect(connectionIn(rows[4]!)).toEqual(steady(broken));

    const reauth = await s.api(`/v1/connections/${id}/reauthorize`, { method: 'POST' });
    await authorizeInBrowser(reauth.body.authorizeUrl!);
    await waitForOnboarding(s, id, { status: 'active' });
    rows = await waitForEvents(s.stack.db, id, 7);
    expect(rows[6]!.type).toBe('connection.recovered');
    expect(rows[6]!.data.connection).toMatchObject({ status: 'active', sync: { consecutiveFailures: 0, lastError: null } });
    expect(JSON.stringify(rows)).not.toMatch(/accessToken|refreshToken/);
  });
});
