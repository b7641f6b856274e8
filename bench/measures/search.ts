import pg from 'pg';
import { sql } from 'kysely';
import { createDatabase, migrateToLatest } from '../../db/database.js';
import { listConnections, type ListConnectionsFilter } from '../../db/repositories/connections.js';
import { pair, percentile, timed, type Pair } from '../pair.js';

const ms = (x: number) => +x.toFixed(2);
const DAY = 86_400_000;
const REPEATS = 40;

/**
 * The support console's search (issue 24) over `connections` connections of 200 tenants, as the
 * console asks it (support: every tenant; 25 a page). In a database of its own on the bench's
 * Postgres: the bench's worker would otherwise schedule a sync for each of these rows. No floor:
 * the repository's query is the floor of the route; the goal is each shape's p99 under 100 ms.
 */
export async function measureSearch(databaseUrl: string, connections: number): Promise<{ pairs: Pair[]; details: Record<string, { p50Ms: number; p99Ms: number; rows: number }> }> {
  const name = `bench_search_${Date.now()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString(), { max: 2 });
  try {
    await migrateToLatest(db);
    // 200 tenants; 90% active, 3% failed, 2% error, 2% configuring (half of them waiting over a
    // day), 1% pending, 2% paused; seven in ten made through a Connect session with an end user.
    await sql`
      insert into connections (id, tenant_id, integration, name, status, config, onboarding_step, onboarding_state,
        onboarding_updated_at, sync_interval_minutes, last_sync_at, last_sync_status, end_user, created_at)
      select gen_random_uuid(),
        'tenant-' || lpad((i % 200)::text, 3, '0'),
        (array['demo', 'paypal', 'cloudflare', 'google-analytics', 'ninjaone'])[1 + i % 5],
        (array['Demo', 'PayPal', 'Cloudflare', 'Google Analytics 4', 'NinjaOne'])[1 + i % 5] || ' shop ' || i,
        s.status, '{}',
        case when s.status in ('configuring') then 'configure' when s.status = 'pending' then 'connect' when s.status = 'failed' then 'test' else 'done' end,
        case when s.status in ('configuring', 'pending') then 'waiting' when s.status = 'failed' then 'failed' else 'completed' end,
        now() - make_interval(secs => (i % 172800)),
        60,
        case when s.status in ('active', 'error', 'paused') then now() - make_interval(mins => i % 90) end,
        case when s.status = 'error' then 'failed' when s.status in ('active', 'paused') then 'succeeded' end,
        case when i % 10 < 7 then jsonb_build_object('id', 'user-' || i, 'displayName', 'Person ' || i, 'email', 'person.' || i || '@customer-' || (i % 200) || '.example') end,
        now() - make_interval(secs => i)
      from generate_series(1, ${connections}) as i,
        lateral (select case
          when i % 100 < 3 then 'failed' when i % 100 < 5 then 'error' when i % 100 < 7 then 'configuring'
          when i % 100 < 8 then 'pending' when i % 100 < 10 then 'paused' else 'active' end as status) s
    `.execute(db);
    await sql`analyze connections`.execute(db);

    const base: ListConnectionsFilter = { tenantId: null, limit: 25, waitingAttentionMs: DAY, order: 'urgency' };
    const pick = (i: number) => 1 + ((i * 7919) % connections);
    const someId = async () => (await db.selectFrom('connections').select('id').offset(connections / 2).limit(1).executeTakeFirstOrThrow()).id;
    const id = await someId();
    const firstPage = await listConnections(db, { ...base, needsAttention: 'true' });
    const shapes: Record<string, (i: number) => ListConnectionsFilter> = {
      needsAttentionFirstPage: () => ({ ...base, needsAttention: 'true' }),
      needsAttentionSecondPage: () => ({ ...base, needsAttention: 'true', cursor: firstPage.nextCursor ?? undefined }),
      endUserEmail: (i) => ({ ...base, q: `person.${pick(i)}@customer-${pick(i) % 200}.example` }),
      nameFragment: (i) => ({ ...base, q: `shop ${pick(i)}` }),
      endUserName: (i) => ({ ...base, q: `Person ${pick(i)}` }),
      connectionId: () => ({ ...base, q: id }),
      tenantPrefix: (i) => ({ ...base, tenant: `tenant-${String(i % 20).padStart(2, '0')}` }),
      waitingOverADay: () => ({ ...base, waitingHours: 24 }),
      statusAndIntegration: () => ({ ...base, status: 'failed', integration: 'paypal' }),
      newestFirstAll: () => ({ ...base, order: 'newest' }),
    };
    const details: Record<string, { p50Ms: number; p99Ms: number; rows: number }> = {};
    const all: number[] = [];
    for (const [shape, filterOf] of Object.entries(shapes)) {
      await listConnections(db, filterOf(0)); // warm
      const times: number[] = [];
      let rows = 0;
      for (let i = 1; i <= REPEATS; i++) {
        const { ms: took, value } = await timed(() => listConnections(db, filterOf(i)));
        times.push(took);
        rows = value.items.length;
      }
      all.push(...times);
      details[shape] = { p50Ms: ms(percentile(times, 0.5)), p99Ms: ms(percentile(times, 0.99)), rows };
    }
    const worst = Math.max(...Object.values(details).map((d) => d.p99Ms));
    return {
      pairs: [
        pair(`console search over ${connections.toLocaleString('en')} connections, every shape, p50 (goal < 100 ms)`, 'ms', 'lower', percentile(all, 0.5), null),
        pair(`console search over ${connections.toLocaleString('en')} connections, every shape, p99 (goal < 100 ms)`, 'ms', 'lower', percentile(all, 0.99), null),
        pair(`console search over ${connections.toLocaleString('en')} connections, slowest shape's p99`, 'ms', 'lower', worst, null),
      ],
      details,
    };
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}
