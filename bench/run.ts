/**
 * `npm run bench`: Onramp beside the platform's floors, each pair back to back on the same
 * embedded Postgres and Temporal server, in production's shape: the API (bin/api.ts) and the
 * worker (bin/worker.ts) each in a process of its own, the floor's too (bench/stack.ts). Prints a table and writes bench/results.json (committed, so changes show in
 * review). Figures from a shared machine are noisy: read the ratios. Nothing here asserts a
 * time, and `npm test` never runs it.
 *
 * BENCH_QUICK=1: small sizes for a smoke run of a minute or two.
 * BENCH_ONLY=syncs,onboarding: only these measures (of syncs, onboarding, reads, backfill, kpis, webhooks,
 * pages, search, schedules, vendorRequests; reads and backfill use onboarding's connections), written to results.local.json.
 * vendorRequests alone needs no stack: `npx tsx bench/measures/vendor-requests.ts`.
 * With BENCH_QUICK=1 the schedule cycle is 100 connections every minute; BENCH_SCHEDULE_CONNECTIONS sets how many.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../platform/project-root.js';
import { measureBackfill } from './measures/backfill.js';
import { measureKpis } from './measures/kpis.js';
import { measureOnboarding } from './measures/onboarding.js';
import { measureModal } from './measures/modal.js';
import { measurePages } from './measures/pages.js';
import { measureReads } from './measures/reads.js';
import { measureSchedules } from './measures/schedules.js';
import { measureSearch } from './measures/search.js';
import { measureSyncs } from './measures/syncs.js';
import { measureWebhooks } from './measures/webhooks.js';
import { measureVendorRequests } from './measures/vendor-requests.js';
import { formatTable, pair, type Pair } from './pair.js';
import { startBenchStack } from './stack.js';
import { sampleRss } from './processes.js';

const QUICK = process.env.BENCH_QUICK === '1';
// Sized so that the full run ends within 10 minutes on 2 busy cores; the schedule cycle (one
// interval) is the long pole.
const SIZES = QUICK
  ? { syncs: 20, syncWarmup: 2, sequentialOnboardings: 5, concurrentOnboardings: 5, reads: 300, readsInFlight: 10, backfillDays: 365, kpiConnections: 10, kpiDays: 365, webhookEvents: 1000, searchConnections: 10_000 }
  : { syncs: 100, syncWarmup: 5, sequentialOnboardings: 20, concurrentOnboardings: 20, reads: 3000, readsInFlight: 10, backfillDays: 1095, kpiConnections: 50, kpiDays: 365, webhookEvents: 10_000, searchConnections: 100_000 };
// BENCH_SCHEDULE_CONNECTIONS=10000: issue 28's one-machine goal (about 33 syncs/s), run on its own (BENCH_ONLY=schedules).
const scheduleConnections = Number(process.env.BENCH_SCHEDULE_CONNECTIONS ?? (QUICK ? 100 : 1000));
const SCHEDULE_SIZES = QUICK
  ? { connections: scheduleConnections, floorSchedules: 10, intervalMinutes: 1 }
  : { connections: scheduleConnections, floorSchedules: 100, intervalMinutes: 5 };
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((m) => m.trim())) : undefined;
const wanted = (measure: 'syncs' | 'onboarding' | 'reads' | 'backfill' | 'kpis' | 'webhooks' | 'pages' | 'search' | 'schedules' | 'vendorRequests') =>
  !ONLY || ONLY.has(measure) || (measure === 'onboarding' && (ONLY.has('reads') || ONLY.has('backfill')));
// A quick or partial run must not overwrite the committed full figures.
const RESULTS_FILE = join(projectRoot, 'bench', QUICK || ONLY ? 'results.local.json' : 'results.json');

const log = (line: string) => console.log(line);
const load = () => loadavg().map((x) => +x.toFixed(2));

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadAtStart = load();
  const stack = await startBenchStack(log);
  // Through every measure: each worker's highest RSS, sampled every second.
  const workerRss = sampleRss(stack.worker);
  const floorWorkerRss = sampleRss(stack.floorWorker);
  try {
    log(`bench: ${QUICK ? 'quick' : 'full'} run${ONLY ? ` of ${[...ONLY].join(', ')}` : ''}`);
    const pairs: Pair[] = [];
    if (wanted('syncs')) {
      log('bench: syncs…');
      pairs.push(await measureSyncs(stack, SIZES.syncs, SIZES.syncWarmup));
    }
    let onboarding: Awaited<ReturnType<typeof measureOnboarding>> | undefined;
    if (wanted('onboarding')) {
      log('bench: onboarding…');
      onboarding = await measureOnboarding(stack, SIZES.sequentialOnboardings, SIZES.concurrentOnboardings);
      pairs.push(...onboarding.pairs);
    }
    if (onboarding && wanted('reads')) {
      log('bench: reads…');
      pairs.push(await measureReads(stack, onboarding.connectionIds, SIZES.reads, SIZES.readsInFlight));
    }
    if (onboarding && wanted('backfill')) {
      log('bench: backfill…');
      const [a, b, c, d] = onboarding.connectionIds;
      pairs.push(...(await measureBackfill(stack, [a!, b!, c!, d!], SIZES.backfillDays)));
    }
    let kpis: Awaited<ReturnType<typeof measureKpis>> | undefined;
    if (wanted('kpis')) {
      log('bench: KPI upserts and reads…');
      kpis = await measureKpis(stack.db, SIZES.kpiConnections, SIZES.kpiDays);
    }
    if (wanted('webhooks')) {
      log('bench: webhooks…');
      pairs.push(...(await measureWebhooks(stack, SIZES.webhookEvents)));
    }
    if (wanted('pages')) {
      log('bench: browser pages…');
      pairs.push(...(await measurePages(stack, QUICK ? 3 : 9)));
      log('bench: the embed SDK\'s modal…');
      pairs.push(await measureModal(stack, QUICK ? 3 : 9));
    }
    let vendorRequests: Awaited<ReturnType<typeof measureVendorRequests>> | undefined;
    if (wanted('vendorRequests')) {
      log('bench: vendor requests per connection per day…');
      vendorRequests = await measureVendorRequests();
    }
    let search: Awaited<ReturnType<typeof measureSearch>> | undefined;
    if (wanted('search')) {
      log(`bench: console search over ${SIZES.searchConnections} connections…`);
      search = await measureSearch(stack.databaseUrl, SIZES.searchConnections);
      pairs.push(...search.pairs);
    }
    let schedules: Awaited<ReturnType<typeof measureSchedules>> | undefined;
    if (wanted('schedules')) {
      // Last, so no schedule fires during the other measures.
      log('bench: schedule cycle…');
      schedules = await measureSchedules(stack, SCHEDULE_SIZES, log);
      pairs.push(...schedules.pairs);
    }
    const workerPeak = await workerRss.stop();
    const floorWorkerPeak = await floorWorkerRss.stop();
    const workerMemory = await stack.worker.memory();
    pairs.push(pair("worker RSS peak through the run, sampled every second (goal ≤ 400 MB, which is 381 MiB), vs the floor's worker", 'MiB', 'lower', workerPeak ?? 0, floorWorkerPeak));
    const apiMemory = await stack.apiProcess.memory();

    const results = {
      measuredAt: new Date().toISOString(),
      quick: QUICK,
      durationSeconds: Math.round((Date.now() - startedAt) / 1000),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() },
      sizes: { ...SIZES, schedules: SCHEDULE_SIZES },
      pairs,
      ...kpis,
      ...(onboarding ? { onboardingCpuMs: onboarding.cpuMs } : {}),
      ...(schedules ? { schedules: schedules.details } : {}),
      ...(search ? { search: search.details } : {}),
      ...(vendorRequests ? { vendorRequestsPerConnectionPerDay: vendorRequests } : {}),
      memory: {
        worker: { peakSampledRssMiB: workerPeak, ...workerMemory, startUpIncluded: 'peakMiB is the kernel high-water mark (VmHWM), workflow bundling at start-up included' },
        floorWorker: { peakSampledRssMiB: floorWorkerPeak },
        api: apiMemory,
      },
      browserPages: await browserPageSizes(),
    };
    await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
    log(`\n${formatTable(pairs)}\n`);
    if (kpis) log(`KPI upsert: ${JSON.stringify(kpis.kpiUpsert)}\nKPI reads: ${JSON.stringify(kpis.kpiReads)}`);
    if (onboarding) {
      log(`CPU ms per onboarding, ${SIZES.concurrentOnboardings} concurrent clients following the progress stream (goal ≤ 100 ms in all but the bench's clients): ${JSON.stringify(onboarding.cpuMs.perConcurrentOnboarding)}`);
      log(`CPU ms per onboarding, ${SIZES.concurrentOnboardings} concurrent clients polling every 25 ms: ${JSON.stringify(onboarding.cpuMs.perConcurrentOnboardingPolling)}`);
      log(`CPU ms per no-op workflow (floor), ${SIZES.concurrentOnboardings} concurrent clients: ${JSON.stringify(onboarding.cpuMs.perConcurrentNoopWorkflow)}`);
    }
    if (schedules) log(`schedules: ${JSON.stringify(schedules.details)}`);
    if (search) log(`console search: ${JSON.stringify(search.details)}`);
    if (vendorRequests) log(`vendor requests per connection per day (hourly syncs, counted at the replicas): ${JSON.stringify(vendorRequests)}`);
    log(`browser pages (budget ${PAGE_JS_BUDGET_GZIP_BYTES} B of gzipped JavaScript each): ${JSON.stringify(results.browserPages)}`);
    log(`cores ${results.machine.cpus}; load average ${loadAtStart.join(' ')} at start, ${results.machine.loadAverageAtEnd.join(' ')} at end; ${results.durationSeconds} s`);
    log(`written to ${RESULTS_FILE}`);
  } finally {
    // Idempotent: on a failed measure the samplers end here.
    await Promise.all([workerRss.stop(), floorWorkerRss.stop()]);
    await stack.stop();
  }
}

/** Issue 13's budget: JavaScript shipped per page, gzipped. */
const PAGE_JS_BUDGET_GZIP_BYTES = 150 * 1024;

/** Issue 23's budget for the embed SDK host pages load (/connect.js), gzipped. */
const SDK_JS_BUDGET_GZIP_BYTES = 5 * 1024;

/** What each browser page, and the embed SDK, ships, as bin/build-web.mjs (run by `npm run bench` first) measured it. */
async function browserPageSizes() {
  const sizes = JSON.parse(await readFile(join(projectRoot, 'web', 'dist', 'sizes.json'), 'utf8')) as Record<string, { bytes: number; gzipBytes: number }>;
  return {
    ...Object.fromEntries(
      ['connect', 'console'].map((page) => [
        page,
        { jsGzipBytes: sizes[`${page}.js`]?.gzipBytes, cssGzipBytes: sizes[`${page}.css`]?.gzipBytes, jsBudgetGzipBytes: PAGE_JS_BUDGET_GZIP_BYTES },
      ]),
    ),
    'connect.js (embed SDK)': { jsGzipBytes: sizes['connect-sdk.js']?.gzipBytes, jsBudgetGzipBytes: SDK_JS_BUDGET_GZIP_BYTES },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
