import { randomUUID } from 'node:crypto';
import { cpuPerUnit, cpuSnapshot, type CpuSplit } from '../cpu-split.js';
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

async function createDemoConnection(stack: BenchStack): Promise<string> {
  const created = await stack.api<{ id: string }>('/v1/connections', {
    method: 'POST',
    body: JSON.stringify({ integration: 'demo', name: 'bench', config: { site: randomUUID() }, credentials: { apiKey: 'bench' } }),
  });
  if (created.status !== 201) throw new Error(`POST /v1/connections answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/**
 * POST a demo connection with credentials, then follow its progress stream (server-sent events,
 * as the Connect page does) until it says active: no polling.
 */
async function onboardFollowing(stack: BenchStack): Promise<string> {
  const id = await createDemoConnection(stack);
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), GIVE_UP_MS);
  try {
    const res = await stack.fetchApi(`/v1/connections/${id}/progress/stream`, { signal: stop.signal });
    if (!res.ok || !res.body) throw new Error(`the progress stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      const frames = buffered.split('\n\n');
      buffered = frames.pop()!;
      for (const frame of frames) {
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!data || !frame.startsWith('event: progress')) continue;
        const { status } = JSON.parse(data) as { status: string };
        if (status === 'active') return id;
        if (status === 'failed') throw new Error(`onboarding failed: ${data}`);
      }
    }
    return id;
  } catch (error) {
    // Given up (counted late by its time) or ended: either way the caller has its time.
    if (stop.signal.aborted) return id;
    throw error;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/** POST a demo connection with credentials, then GET it every `pollMs` until it is active. */
async function onboard(stack: BenchStack, pollMs = POLL_MS): Promise<string> {
  const created = { body: { id: await createDemoConnection(stack) } };
  for (const deadline = Date.now() + GIVE_UP_MS; ; ) {
    if (Date.now() > deadline) return created.body.id;
    const { body } = await stack.api<{ status: string }>(`/v1/connections/${created.body.id}`);
    if (body.status === 'active') return created.body.id;
    if (body.status === 'failed') throw new Error(`onboarding failed: ${JSON.stringify(body)}`);
    await sleep(pollMs);
  }
}

const noop = (stack: BenchStack) => stack.client.workflow.execute('noopWorkflow', { workflowId: `bench-noop-${randomUUID()}`, taskQueue: FLOOR_TASK_QUEUE });

/** Each run's milliseconds, one after another. */
async function sequentialRuns(run: () => Promise<unknown>, count: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) ms.push((await timed(run)).ms);
  return ms;
}

/** Each run's milliseconds, `clients` clients at once, each doing ROUNDS runs one after another. */
async function concurrentRuns(run: () => Promise<unknown>, clients: number): Promise<number[]> {
  const ms: number[] = [];
  await inParallel(clients * ROUNDS, clients, async () => {
    ms.push((await timed(run)).ms);
  });
  return ms;
}

const late = (ms: number[]) => ms.filter((m) => m > LATE_MS).length;

/**
 * Onboarding to `active` over HTTP against a no-op workflow's start and result. Answers the
 * connections it made, and what one onboarding of the concurrent phase cost each part of the
 * stack in CPU: on 2 cores that phase is CPU-bound, so its latency is about clients × that sum ÷ cores.
 */
export async function measureOnboarding(
  stack: BenchStack,
  sequential: number,
  concurrent: number,
): Promise<{
  pairs: Pair[];
  connectionIds: string[];
  cpuMs: { perConcurrentOnboarding: CpuSplit | null; perConcurrentOnboardingPolling: CpuSplit | null; perConcurrentNoopWorkflow: CpuSplit | null };
}> {
  const connectionIds: string[] = [];
  const onrampRun = async () => connectionIds.push(await onboard(stack));
  await onrampRun();
  await noop(stack);
  const pids = { worker: stack.worker.pid, api: stack.apiProcess.pid, ...stack.serverPids, 'floor worker': stack.floorWorker.pid };
  /** The runs and what each cost every part of the stack in CPU. */
  const costed = async (run: () => Promise<unknown>) => {
    const before = await cpuSnapshot(pids);
    const ms = await concurrentRuns(run, concurrent);
    return { ms, cpu: cpuPerUnit(before, await cpuSnapshot(pids), ms.length) };
  };
  const oSeq = await sequentialRuns(onrampRun, sequential);
  const { ms: oConc, cpu: perConcurrentOnboardingPolling } = await costed(onrampRun);
  // The client a page or SDK is: it follows the progress stream instead of asking.
  const { ms: oFollow, cpu: perConcurrentOnboarding } = await costed(async () => connectionIds.push(await onboardFollowing(stack)));
  const slow = await concurrentRuns(async () => connectionIds.push(await onboard(stack, SLOW_POLL_MS)), concurrent);
  const fSeq = await sequentialRuns(() => noop(stack), sequential);
  const { ms: fConc, cpu: perConcurrentNoopWorkflow } = await costed(() => noop(stack));
  return {
    connectionIds,
    cpuMs: { perConcurrentOnboarding, perConcurrentOnboardingPolling, perConcurrentNoopWorkflow },
    pairs: [
      pair('onboarding to active, sequential p50', 'ms', 'lower', percentile(oSeq, 0.5), percentile(fSeq, 0.5)),
      pair('onboarding to active, sequential p95', 'ms', 'lower', percentile(oSeq, 0.95), percentile(fSeq, 0.95)),
      pair(`onboarding to active, ${concurrent} concurrent clients p50`, 'ms', 'lower', percentile(oConc, 0.5), percentile(fConc, 0.5)),
      pair(`onboarding to active, ${concurrent} concurrent clients max`, 'ms', 'lower', Math.max(...oConc), Math.max(...fConc)),
      pair(`onboardings of ${concurrent} concurrent clients later than ${LATE_MS / 1000} s, of ${oConc.length}`, 'count', 'lower', late(oConc), late(fConc)),
      pair(`onboarding to active, ${concurrent} concurrent clients following the progress stream p50`, 'ms', 'lower', percentile(oFollow, 0.5), percentile(fConc, 0.5)),
      pair(`onboarding to active, ${concurrent} concurrent clients polling every ${SLOW_POLL_MS} ms p50`, 'ms', 'lower', percentile(slow, 0.5), percentile(fConc, 0.5)),
    ],
  };
}
