import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { demoProvider } from '../../providers/demo.js';
import { fetchDemoPoints, upsertPoints } from '../floor-activities.js';
import type { BenchStack } from '../stack.js';
import { pair, sleep, timed, type Pair } from '../pair.js';

const DAY_MS = 86_400_000;
/** Short beside the whole backfill (a few hundred ms), so polling adds little to what is measured. */
const POLL_MS = 20;
/** The chunk a backfill of the demo provider uses: as many days as one of its calls serves. */
const CHUNK_DAYS = demoProvider.callRange.maxDays;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Backfill {
  id: string;
  status: string;
  kpisWritten: number;
}

/** POST …/backfill, then GET …/backfills/:id until it is no longer running. */
async function onrampBackfill(stack: BenchStack, connectionId: string, from: string, to: string): Promise<number> {
  const started = await stack.api<Backfill>(`/v1/connections/${connectionId}/backfill`, { method: 'POST', body: JSON.stringify({ from, to }) });
  if (started.status !== 202) throw new Error(`POST …/backfill answered ${started.status}: ${JSON.stringify(started.body)}`);
  for (;;) {
    const { body } = await stack.api<Backfill>(`/v1/connections/${connectionId}/backfills/${started.body.id}`);
    if (body.status === 'succeeded') return body.kpisWritten;
    if (body.status !== 'running') throw new Error(`backfill ended ${body.status}: ${JSON.stringify(body)}`);
    await sleep(POLL_MS);
  }
}

/**
 * The floor: the same provider calls (the same chunks of days) and upserts in a plain loop, in
 * this process, on the same Postgres: no Temporal, no API, no run or progress records.
 */
async function floorBackfill(db: Kysely<Database>, connectionId: string, from: string, to: string): Promise<number> {
  const end = Date.parse(to) + DAY_MS;
  let written = 0;
  for (let start = Date.parse(from); start < end; start += CHUNK_DAYS * DAY_MS) {
    const window = { from: new Date(start).toISOString(), to: new Date(Math.min(end, start + CHUNK_DAYS * DAY_MS)).toISOString() };
    written += await upsertPoints(db, connectionId, await fetchDemoPoints(window));
  }
  return written;
}

/**
 * A backfill of `days` days up to today on an onboarded connection; the floor on another. Twice:
 * a worker's first workflow task costs tens of ms more than the next ones (V8 compiles its
 * workflow thread's code lazily), and backfills run on a worker of their own, so the first
 * backfill after a start pays that once. The second pair, on two more connections, is the
 * steady state the other measures report (syncs warm up too); both are shown.
 */
export async function measureBackfill(stack: BenchStack, ids: [string, string, string, string], days: number): Promise<Pair[]> {
  const to = day(Date.now());
  const from = day(Date.parse(to) - (days - 1) * DAY_MS);
  const once = async ([onrampId, floorId]: [string, string]) => ({
    o: await timed(() => onrampBackfill(stack, onrampId, from, to)),
    f: await timed(() => floorBackfill(stack.db, floorId, from, to)),
  });
  const first = await once([ids[0], ids[1]]);
  const { o, f } = await once([ids[2], ids[3]]);
  return [
    pair(`backfill of ${days} days, first after the worker started, wall time`, 's', 'lower', first.o.ms / 1000, first.f.ms / 1000),
    pair(`backfill of ${days} days, wall time`, 's', 'lower', o.ms / 1000, f.ms / 1000),
    pair(`backfill of ${days} days, KPI rows`, 'rows/s', 'higher', o.value / (o.ms / 1000), f.value / (f.ms / 1000)),
  ];
}
