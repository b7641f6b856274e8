import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../db/repositories/events.js';
import { committedEventsBound, takeNewEvents } from '../../db/repositories/webhook-delivery-queue.js';
import { createSecretBox } from '../../platform/crypto.js';
import { redactedPaths } from '../../wiring/logging.js';
import { webhookEndpointWorkflowId } from '../../workflows/definitions.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';
import { embeddingNonPublic, embeddingPublic } from '../helpers/embedded-ipv4.js';
import { TEST_CREDENTIALS_KEY } from '../helpers/keys.js';
import { waitFor } from '../helpers/temporal.js';

const { keys, apiKeys } = threeKeys('webhooks');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const HOUR_MS = 3_600_000;

type Api = Awaited<ReturnType<typeof startTestApi>>;
const call = (app: FastifyInstance, key: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
  app.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('webhook endpoints API (real Postgres and Temporal)', () => {
  let api: Api;
  let app: FastifyInstance;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    ({ app } = api);
  });
  afterAll(async () => api?.close());

  const createEndpoint = async (key = keys.acme, body: object = {}) => {
    const res = await call(app, key, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['connection.error'], ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string; url: string; events: string[]; enabled: boolean };
  };
  /** Sessions of this database waiting on a lock: how a test knows a request reached its write. */
  const lockWaiters = async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(api.db);
    return rows[0]!.n;
  };
  /** The delivery workflow was started or signalled: it exists in Temporal. */
  const woken = async (endpointId: string) => {
    const description = await api.temporal.client.workflow.getHandle(webhookEndpointWorkflowId(endpointId)).describe();
    return description.status.name;
  };

  it('answers the signing secret once, in the Standard Webhooks format, and stores it sealed only', async () => {
    const res = await call(app, keys.acme, 'POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['connection.error', 'connection.recovered', 'connection.error'],
      description: 'pager',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      tenantId: 'acme',
      url: 'http://127.0.0.1:9/hook',
      events: ['connection.error', 'connection.recovered'],
      description: 'pager',
      enabled: true,
      disabledReason: null,
      previousSecretExpiresAt: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The library receivers use accepts it: what it signs, it verifies.
    const webhook = new Webhook(created.secret);
    const payload = '{"type":"ping"}';
    const timestamp = new Date();
    const signature = webhook.sign('evt_1', timestamp, payload);
    expect(webhook.verify(payload, { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature })).toEqual({ type: 'ping' });

    const read = await call(app, keys.acme, 'GET', `/v1/webhooks/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty('secret');
    expect(read.body).not.toContain('whsec_');
    const listed = await call(app, keys.acme, 'GET', '/v1/webhooks');
    expect(listed.body).not.toContain('whsec_');

    const row = await api.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('whsec_');
    expect(createSecretBox(TEST_CREDENTIALS_KEY).open(row.secret_encrypted)).toBe(created.secret);
  });

  it('starts a new endpoint after the events already recorded: none of the past reaches it', async () => {
    const past = await api.db.transaction().execute((trx) => recordEvent(trx, { type: 'connection.error', tenantId: 'acme', connectionId: null, data: {} }));
    const { id } = await createEndpoint();
    const row = await api.db.selectFrom('webhook_endpoints').select('event_cursor').where('id', '=', id).executeTakeFirstOrThrow();
    expect(BigInt(row.event_cursor)).toBeGreaterThanOrEqual(BigInt(past.sequence));
  });

  it('refuses bad input with a 400 naming each field', async () => {
    const cases: [unknown, string][] = [
      [{ events: ['connection.error'] }, 'body.url'],
      [{ url: 'not a url', events: ['connection.error'] }, 'body.url'],
      [{ url: 'ftp://127.0.0.1/x', events: ['connection.error'] }, 'body.url'],
      [{ url: 'http://127.0.0.1/x', events: [] }, 'body.events'],
      [{ url: 'http://127.0.0.1/x', events: ['ping'] }, 'body.events.0'],
      [{ url: 'http://127.0.0.1/x', events: ['connection.nope'] }, 'body.events.0'],
      [{ url: 'http://127.0.0.1/x', events: ['connection.error'], description: 'a\u0000b' }, 'body.description'],
      [{ url: 'http://user:pass@127.0.0.1/x', events: ['connection.error'] }, 'body.url'],
    ];
    for (const [body, field] of cases) {
      const res = await call(app, keys.acme, 'POST', '/v1/webhooks', body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const { id } = await createEndpoint();
    const empty = await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toContain('send url, events, enabled or description');
    const badId = await call(app, keys.acme, 'GET', '/v1/webhooks/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors).toEqual([{ field: 'params.id', message: expect.stringContaining('webhook endpoint id') }]);
  });

  it('changes url, events and description; disabling says by whom, re-enabling clears it and wakes delivery', async () => {
    const { id } = await createEndpoint();
    const patched = await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, { url: 'http://127.0.0.1:10/new', events: ['sync.failed'], description: 'ops' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ url: 'http://127.0.0.1:10/new', events: ['sync.failed'], description: 'ops', enabled: true });

    const disabled = await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, { enabled: false, description: null });
    expect(disabled.json()).toMatchObject({ enabled: false, description: null, disabledReason: expect.stringMatching(/^disabled by key /) });
    // A ping or a redelivery to a disabled endpoint would wait forever: refused, saying what to do.
    const ping = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`);
    expect(ping.statusCode).toBe(409);
    expect(ping.json().detail).toContain('PATCH it with {"enabled": true}');

    // As the delivery side leaves it after days of failures.
    await api.db.updateTable('webhook_endpoints').set({ failing_since: new Date(Date.now() - 5 * 24 * HOUR_MS), disabled_reason: 'failing for 5 days' }).where('id', '=', id).execute();
    await expect(woken(id)).rejects.toThrow();
    const enabled = await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, { enabled: true });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    expect(await woken(id)).toBe('RUNNING');
  });

  it('deletes an endpoint with its deliveries (204), keeping the events; then it is gone', async () => {
    const { id } = await createEndpoint();
    const ping = (await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`)).json();
    const removed = await call(app, keys.acme, 'DELETE', `/v1/webhooks/${id}`);
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await call(app, keys.acme, 'GET', `/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect((await call(app, keys.acme, 'DELETE', `/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect(await api.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).execute()).toEqual([]);
    expect(await api.db.selectFrom('events').select('id').where('id', '=', ping.eventId).execute()).toHaveLength(1);
  });

  it('rotates the secret: a new one, once; the old one kept sealed to sign beside it for 24 hours', async () => {
    const { id, secret: first } = await createEndpoint();
    const before = Date.now();
    const res = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/rotate-secret`);
    expect(res.statusCode).toBe(200);
    const rotated = res.json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(first);
    const expiresAt = Date.parse(rotated.previousSecretExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR_MS);
    expect((await call(app, keys.acme, 'GET', `/v1/webhooks/${id}`)).body).not.toContain('whsec_');

    const row = await api.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const box = createSecretBox(TEST_CREDENTIALS_KEY);
    expect(box.open(row.secret_encrypted)).toBe(rotated.secret);
    expect(box.open(row.previous_secret_encrypted!)).toBe(first);
    expect(JSON.stringify(row)).not.toContain('whsec_');
  });

  it('keeps both answered secrets valid when two rotations cross', async () => {
    const { id } = await createEndpoint();
    // Both rotations read the endpoint, then queue behind this lock: their writes meet for sure.
    const lock = await api.db.startTransaction().execute();
    await lock.selectFrom('webhook_endpoints').select('id').where('id', '=', id).forUpdate().execute();
    const rotations = Promise.all([0, 1].map(() => call(app, keys.acme, 'POST', `/v1/webhooks/${id}/rotate-secret`)));
    await waitFor('both rotations to wait on the row lock', async () => (await lockWaiters()) >= 2);
    await lock.commit().execute();
    const secrets = (await rotations).map((res) => res.json().secret as string);
    const row = await api.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const box = createSecretBox(TEST_CREDENTIALS_KEY);
    expect([box.open(row.secret_encrypted), box.open(row.previous_secret_encrypted!)].sort()).toEqual([...secrets].sort());
  });

  it('test sends a ping to this endpoint only: a pending delivery of a ping event, and the endpoint woken', async () => {
    const { id } = await createEndpoint();
    const other = await createEndpoint();
    const res = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`);
    expect(res.statusCode).toBe(202);
    const delivery = res.json();
    expect(delivery).toMatchObject({ endpointId: id, eventType: 'ping', status: 'pending', attempts: 0, lastStatusCode: null, deliveredAt: null });
    const event = await api.db.selectFrom('events').selectAll().where('id', '=', delivery.eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'ping', tenant_id: 'acme', connection_id: null, data: { endpoint: { id } } });
    const rows = await api.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', event.id).execute();
    expect(rows).toEqual([expect.objectContaining({ id: delivery.id, endpoint_id: id, event_sequence: event.sequence, status: 'pending' })]);
    expect(await woken(id)).toBe('RUNNING');
    await expect(woken(other.id)).rejects.toThrow();
  });

  it('answers 404, not 500, to a ping whose endpoint is deleted while it is being written', async () => {
    const { id } = await createEndpoint();
    // The delete is made but not committed: the ping still reads the endpoint, then its delivery
    // row waits on the deleted row until the delete commits.
    const deleting = await api.db.startTransaction().execute();
    await deleting.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    const ping = call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`);
    await waitFor('the ping to wait on the deleted row', async () => (await lockWaiters()) >= 1);
    await deleting.commit().execute();
    const res = await ping;
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain('webhook endpoint does not exist');
  });

  it('takes the endpoint row before the tenant events lock when it pings, so a delivery worker taking events cannot deadlock with it', async () => {
    const { id } = await createEndpoint();
    // The delivery worker's take, as activities/webhooks.ts runs it: the endpoint row FOR UPDATE, then the tenant's events lock.
    const take = await api.db.startTransaction().execute();
    try {
      const endpoint = await take.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const ping = call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`);
      await waitFor('the ping to wait on the endpoint row', async () => (await lockWaiters()) >= 1);
      // A session that waits while holding an events lock is half of a deadlock with the take.
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where a.datname = current_database() and a.wait_event_type = 'Lock' and l.locktype = 'advisory' and l.granted`.execute(api.db);
      expect(rows[0]!.n).toBe(0);
      await takeNewEvents(take, endpoint, await committedEventsBound(api.db, endpoint.tenant_id));
      await take.commit().execute();
      const res = await ping;
      expect(res.statusCode, res.body).toBe(202);
    } finally {
      await take.rollback().execute().catch(() => undefined);
    }
  });

  describe('a transaction Postgres aborts as a deadlock or serialization failure', () => {
    // Real Postgres errors, raised by a trigger while a sequence (which no rollback resets) is
    // below the number of aborts the test asks for.
    const injectConflicts = async (table: 'webhook_deliveries' | 'webhook_endpoints', times: number, errcode: 'deadlock_detected' | 'serialization_failure') => {
      await sql`drop sequence if exists injected_conflicts`.execute(api.db);
      await sql`create sequence injected_conflicts`.execute(api.db);
      await sql.raw(`
        create or replace function inject_conflict() returns trigger language plpgsql as $$
        begin
          if nextval('injected_conflicts') <= ${times} then
            raise exception 'injected conflict' using errcode = '${errcode}';
          end if;
          return new;
        end $$`).execute(api.db);
      await sql.raw(`create trigger inject_conflict before insert or update on ${table} for each row execute function inject_conflict()`).execute(api.db);
      return async () => {
        await sql.raw(`drop trigger inject_conflict on ${table}`).execute(api.db);
        return Number((await sql<{ n: string }>`select last_value as n from injected_conflicts`.execute(api.db)).rows[0]!.n);
      };
    };
    const pingEvents = async (id: string) =>
      (await api.db.selectFrom('events').select('id').where('type', '=', 'ping').where(sql<boolean>`data->'endpoint'->>'id' = ${id}`).execute()).length;

    it('runs the request again, for any route: a ping after two deadlocks and a PATCH after a serialization failure succeed, once', async () => {
      const { id } = await createEndpoint();
      let stop = await injectConflicts('webhook_deliveries', 2, 'deadlock_detected');
      const ping = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`).finally(async () => expect(await stop()).toBe(3));
      expect(ping.statusCode, ping.body).toBe(202);
      // The aborted tries left nothing: one ping event, one delivery.
      expect(await pingEvents(id)).toBe(1);
      expect(await api.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).execute()).toHaveLength(1);

      stop = await injectConflicts('webhook_endpoints', 1, 'serialization_failure');
      const patched = await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, { description: 'after a conflict' }).finally(async () => expect(await stop()).toBe(2));
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().description).toBe('after a conflict');
    });

    it('answers 503 with Retry-After, never 500, when the conflict outlasts the retries; nothing is written', async () => {
      const { id } = await createEndpoint();
      const stop = await injectConflicts('webhook_deliveries', 1_000, 'deadlock_detected');
      const res = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`).finally(stop);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ type: '/problems/unavailable', status: 503, detail: expect.stringMatching(/rolled back; send it again/) });
      expect(await pingEvents(id)).toBe(0);
    });
  });

  it('lists deliveries newest first, page by page, none twice, however close their creation', async () => {
    const { id } = await createEndpoint();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`)).json().id);
    // Three more inside one transaction: the same now(), down to the microsecond.
    const ping = await api.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', sent[0]!).executeTakeFirstOrThrow();
    await api.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i++) {
        await trx.insertInto('webhook_deliveries').values({ id: crypto.randomUUID(), endpoint_id: id, event_id: ping.event_id, event_sequence: ping.event_sequence, tenant_id: 'acme', connection_id: null }).execute();
      }
    });
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(app, keys.acme, 'GET', `/v1/webhooks/${id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { id: string; createdAt: string; eventType: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((d) => d.id)).size).toBe(8);
    const times = seen.map((d) => Date.parse(d.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.slice(-5).map((d) => d.id)).toEqual([...sent].reverse());

    const tampered = await call(app, keys.acme, 'GET', `/v1/webhooks/${id}/deliveries?cursor=bm9wZQ`);
    expect(tampered.statusCode).toBe(400);
  });

  it('redelivers an event as a new pending delivery with the same event id, and wakes the endpoint', async () => {
    const { id } = await createEndpoint();
    const first = (await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`)).json();
    await api.db.updateTable('webhook_deliveries').set({ status: 'failed', attempts: 9, last_status_code: 500, last_error: 'HTTP 500' }).where('id', '=', first.id).execute();
    const res = await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/deliveries/${first.id}/redeliver`);
    expect(res.statusCode).toBe(202);
    const again = res.json();
    expect(again).toMatchObject({ endpointId: id, eventId: first.eventId, eventType: 'ping', status: 'pending', attempts: 0 });
    expect(again.id).not.toBe(first.id);
    const log = (await call(app, keys.acme, 'GET', `/v1/webhooks/${id}/deliveries`)).json();
    expect(log.items.map((d: { id: string }) => d.id)).toEqual([again.id, first.id]);
    expect(log.items[1]).toMatchObject({ status: 'failed', attempts: 9, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(await woken(id)).toBe('RUNNING');

    const other = await createEndpoint();
    // A delivery of another endpoint is not this one's to redeliver.
    expect((await call(app, keys.acme, 'POST', `/v1/webhooks/${other.id}/deliveries/${first.id}/redeliver`)).statusCode).toBe(404);
  });

  it("never shows a tenant another's endpoints or deliveries; support reads them all and may redeliver, not change them", async () => {
    const acme = await createEndpoint(keys.acme);
    const globex = await createEndpoint(keys.globex);
    const acmePing = (await call(app, keys.acme, 'POST', `/v1/webhooks/${acme.id}/test`)).json();

    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/rotate-secret'],
      ['POST', '/test'],
      ['GET', '/deliveries'],
      ['POST', `/deliveries/${acmePing.id}/redeliver`],
    ] as const) {
      const res = await call(app, keys.globex, method, `/v1/webhooks/${acme.id}${path}`, method === 'PATCH' ? { enabled: false } : undefined);
      expect({ method, path, status: res.statusCode }).toEqual({ method, path, status: 404 });
      expect(res.body).not.toContain('acme');
    }
    const globexList = (await call(app, keys.globex, 'GET', '/v1/webhooks?limit=1000')).json();
    expect(globexList.items.map((e: { tenantId: string }) => e.tenantId)).toEqual(['globex']);
    // The tenant filter narrows a support listing; a client asking for another tenant gets none of it (as GET /v1/connections).
    const tenantsOf = async (key: string, query: string) => new Set((await call(app, key, 'GET', `/v1/webhooks?limit=1000&${query}`)).json().items.map((e: { tenantId: string }) => e.tenantId));
    await expect(tenantsOf(keys.globex, 'tenant=acme')).resolves.toEqual(new Set());
    await expect(tenantsOf(keys.globex, 'tenant=globex')).resolves.toEqual(new Set(['globex']));
    await expect(tenantsOf(keys.support, 'tenant=acme')).resolves.toEqual(new Set(['acme']));

    const all = (await call(app, keys.support, 'GET', '/v1/webhooks?limit=1000')).json();
    expect(all.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([acme.id, globex.id]));
    expect((await call(app, keys.support, 'GET', `/v1/webhooks/${acme.id}`)).json()).toMatchObject({ tenantId: 'acme' });
    expect((await call(app, keys.support, 'GET', `/v1/webhooks/${acme.id}/deliveries`)).json().items).toHaveLength(1);
    expect((await call(app, keys.support, 'POST', `/v1/webhooks/${acme.id}/deliveries/${acmePing.id}/redeliver`)).statusCode).toBe(202);
    for (const [method, path] of [
      ['POST', ''],
      ['PATCH', `/${acme.id}`],
      ['DELETE', `/${acme.id}`],
      ['POST', `/${acme.id}/rotate-secret`],
      ['POST', `/${acme.id}/test`],
    ] as const) {
      const res = await call(app, keys.support, method, `/v1/webhooks${path}`, method === 'DELETE' ? undefined : {});
      expect({ method, path, status: res.statusCode }).toEqual({ method, path, status: 403 });
    }
  });

  it('audits each change under the endpoint\'s tenant, naming no connection', async () => {
    const { id } = await createEndpoint();
    await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/rotate-secret`);
    const ping = (await call(app, keys.acme, 'POST', `/v1/webhooks/${id}/test`)).json();
    await call(app, keys.support, 'POST', `/v1/webhooks/${id}/deliveries/${ping.id}/redeliver`);
    await call(app, keys.acme, 'PATCH', `/v1/webhooks/${id}`, { description: 'x' });
    await call(app, keys.acme, 'DELETE', `/v1/webhooks/${id}`);
    const trail = await api.db.selectFrom('audit_events').select(['action', 'actor_role', 'tenant_id', 'connection_id', 'outcome']).where('action', 'like', 'webhook.%').orderBy('id').execute();
    for (const action of ['webhook.create', 'webhook.rotate_secret', 'webhook.test', 'webhook.update', 'webhook.delete']) {
      expect(trail).toContainEqual({ action, actor_role: 'client', tenant_id: 'acme', connection_id: null, outcome: 'ok' });
    }
    expect(trail).toContainEqual({ action: 'webhook.redeliver', actor_role: 'support', tenant_id: 'acme', connection_id: null, outcome: 'ok' });
  });

  it('never logs a signing secret', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, stream);
    logger.info({ res: { secret: 'whsec_planted' }, endpoint: { secret: 'whsec_planted' } }, 'an answer carrying a secret');
    expect(lines.join('')).not.toContain('whsec_planted');
  });
});

describe('webhook URLs in production mode (ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS=false)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys, webhooks: { allowPrivateUrls: false } });
  });
  afterAll(async () => api?.close());

  it.each([
    ['http://93.184.216.34/hook', /must use https/],
    ['https://127.0.0.1/hook', /loopback/],
    ['https://localhost:8443/hook', /localhost resolves to .*loopback/],
    ['https://[::1]/hook', /loopback/],
    ['https://[::ffff:127.0.0.1]/hook', /loopback/],
    ['https://0x7f.1/hook', /127\.0\.0\.1 is a loopback/],
    ['https://10.1.2.3/hook', /private/],
    ['https://192.168.0.10/hook', /private/],
    ['https://[fd00::1]/hook', /unique local/],
    ['https://169.254.169.254/latest/meta-data/', /link-local.*metadata/],
    ['https://100.64.0.1/hook', /carrier-grade NAT/],
    ['https://0.0.0.0/hook', /unspecified/],
    ['https://does-not-exist.invalid/hook', /does not resolve/],
  ])('refuses %s with a 400 naming url and why', async (url, why) => {
    const res = await call(api.app, keys.acme, 'POST', '/v1/webhooks', { url, events: ['connection.error'] });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.errors).toEqual([{ field: 'body.url', message: expect.stringMatching(why) }]);
    expect(problem.errors[0].message).toContain('ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS');
  });

  it.each(embeddingNonPublic)('refuses [%s], an IPv6 spelling of a non-public IPv4 address, at create and at PATCH', async (spelling, why) => {
    const url = `https://[${spelling}]/hook`;
    const created = await call(api.app, keys.acme, 'POST', '/v1/webhooks', { url, events: ['connection.error'] });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().errors).toEqual([{ field: 'body.url', message: expect.stringMatching(why) }]);
    const endpoint = await call(api.app, keys.acme, 'POST', '/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['connection.error'] });
    const moved = await call(api.app, keys.acme, 'PATCH', `/v1/webhooks/${endpoint.json().id}`, { url });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().errors).toEqual([{ field: 'body.url', message: expect.stringMatching(why) }]);
  });

  it.each(embeddingPublic)('accepts [%s]: the IPv4 address it embeds is public', async (spelling) => {
    const res = await call(api.app, keys.acme, 'POST', '/v1/webhooks', { url: `https://[${spelling}]/hook`, events: ['connection.error'] });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('accepts an https URL on a public address, and refuses moving it to a private one', async () => {
    const res = await call(api.app, keys.acme, 'POST', '/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['connection.error'] });
    expect(res.statusCode, res.body).toBe(201);
    const moved = await call(api.app, keys.acme, 'PATCH', `/v1/webhooks/${res.json().id}`, { url: 'https://169.254.169.254/' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors).toEqual([{ field: 'body.url', message: expect.stringMatching(/link-local/) }]);
  });
});
