import { randomUUID } from 'node:crypto';
import { FLOOR_TASK_QUEUE, type BenchStack } from '../stack.js';
import { inParallel, pair, percentile, sleep, timed, type Pair } from '../pair.js';

const POLL_MS = 25;
/** The same clients polling ten times less often: what the polling itself costs on these 2 cores. */
const SLOW_POLL_MS = 250;
/** The goal's limit for any one onboarding under concurrency. */
const LATE_MS = 5_000;
/** Far beyond the goal: an onboarding still not active is counted as late (at this time) and left. */
const GIVE_UP_MS = 30_000;
/** Each concurrent client onboards this many connections, one after another. */
const ROUNDS = 2;

/** POST a demo connection with credentials, then GET it every `pollMs` until it is active. */
async function onboard(stack: BenchStack, pollMs = POLL_MS): Promise<string> {
  const created = await stack.api<{ id: string }>('/v1/connections', {
    method: 'POST',
    body: JSON.stringify({ integration: 'demo', name: 'bench', config: { site: randomUUID() }, credentials: { apiKey: 'bench' } }),
  });
  if (created.status !== 201) throw new Error(`POST /v1/connections answered ${created.status}: ${JSON.stringify(created.body)}`);
  for (const deadline = Date.now() + GIVE_UP_MS; ; ) {
    if (Date.now() > deadline) return created.body.id;
    const { body } = await stack.api<{ status: string }>(`/v1/connections/${created.body.id}`);
    if (body.status === 'active') return created.body.id;
    if (body.status === 'failed') throw new Error(`onboarding failed: ${JSON.stringify(body)}`);
    await sleep(pollMs);
  }
}

const noop = (stack: BenchStack) => stack.client.workflow.execute('noopWorkflow', { workflowId: `bench-noop-${randomUUID()}`, taskQueue: FLOOR_TASK_QUEUE });

/** Each run's milliseconds, one after another, then `concurrent` clients at once, each doing ROUNDS runs. */
async function latencies(run: () => Promise<unknown>, sequential: number, concurrent: number) {
  const seq: number[] = [];
  for (let i = 0; i < sequential; i++) seq.push((await timed(run)).ms);
  const conc: number[] = [];
  await inParallel(concurrent * ROUNDS, concurrent, async () => {
    conc.push((await timed(run)).ms);
  });
  return { seq, conc };
}

const late = (ms: number[]) => ms.filter((m) => m > LATE_MS).length;

/** Onboarding to `active` over HTTP against a no-op workflow's start and result. Answers the connections it made. */
export async function measureOnboarding(stack: BenchStack, sequential: number, concurrent: number): Promise<{ pairs: Pair[]; connectionIds: string[] }> {
  const connectionIds: string[] = [];
  const onrampRun = async () => connectionIds.push(await onboard(stack));
  await onrampRun();
  await noop(stack);
  const o = await latencies(onrampRun, sequential, concurrent);
  const slow = await latencies(async () => connectionIds.push(await onboard(stack, SLOW_POLL_MS)), 0, concurrent);
  const f = await latencies(() => noop(stack), sequential, concurrent);
  return {
    connectionIds,
    pairs: [
      pair('onboarding to active, sequential p50', 'ms', 'lower', percentile(o.seq, 0.5), percentile(f.seq, 0.5)),
      pair('onboarding to active, sequential p95', 'ms', 'lower', percentile(o.seq, 0.95), percentile(f.seq, 0.95)),
      pair(`onboarding to active, ${concurrent} concurrent clients p50`, 'ms', 'lower', percentile(o.conc, 0.5), percentile(f.conc, 0.5)),
      pair(`onboarding to active, ${concurrent} concurrent clients max`, 'ms', 'lower', Math.max(...o.conc), Math.max(...f.conc)),
      pair(`onboardings of ${concurrent} concurrent clients later than ${LATE_MS / 1000} s, of ${o.conc.length}`, 'count', 'lower', late(o.conc), late(f.conc)),
      pair(`onboarding to active, ${concurrent} concurrent clients polling every ${SLOW_POLL_MS} ms p50`, 'ms', 'lower', percentile(slow.conc, 0.5), percentile(f.conc, 0.5)),
    ],
  };
}
