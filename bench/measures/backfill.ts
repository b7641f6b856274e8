import type { Kysely } from 'kysely';
import { BACKFILL_CHUNK_DAYS } from '../../api/routes/sync.js';
import type { Database } from '../../db/schema.js';
import { fetchDemoPoints, upsertPoints } from '../floor-activities.js';
import type { BenchStack } from '../stack.js';
import { pair, sleep, timed, type Pair } from '../pair.js';

const DAY_MS = 86_400_000;
const POLL_MS = 100;
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

/** The same chunks of days, fetched and upserted in a plain loop: no Temporal, no run records. */
async function floorBackfill(db: Kysely<Database>, connectionId: string, from: string, to: string): Promise<number> {
  const end = Date.parse(to) + DAY_MS;
  let written = 0;
  for (let start = Date.parse(from); start < end; start += BACKFILL_CHUNK_DAYS * DAY_MS) {
    const window = { from: new Date(start).toISOString(), to: new Date(Math.min(end, start + BACKFILL_CHUNK_DAYS * DAY_MS)).toISOString() };
    written += await upsertPoints(db, connectionId, await fetchDemoPoints(window));
  }
  return written;
}

/** A backfill of `days` days up to today on one onboarded connection; the floor on another. */
export async function measureBackfill(stack: BenchStack, [onrampId, floorId]: [string, string], days: number): Promise<Pair[]> {
  const to = day(Date.now());
  const from = day(Date.parse(to) - (days - 1) * DAY_MS);
  const o = await timed(() => onrampBackfill(stack, onrampId, from, to));
  const f = await timed(() => floorBackfill(stack.db, floorId, from, to));
  return [
    pair(`backfill of ${days} days, wall time`, 's', 'lower', o.ms / 1000, f.ms / 1000),
    pair(`backfill of ${days} days, KPI rows`, 'rows/s', 'higher', o.value / (o.ms / 1000), f.value / (f.ms / 1000)),
  ];
}
