import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../wiring/config.js';
import { commandLine, stopProcess } from '../../embedded/proc.js';
import { projectRoot } from '../../platform/project-root.js';
import { launchBrowser } from '../helpers/browser.js';
import { waitFor } from '../helpers/temporal.js';

/** Tests that start a whole stack (twice, in the first) on a loaded 2-core machine. */
const STACK_TEST_MS = 420_000;

interface DevRun {
  /** npm, the leader of the run's process group, as a terminal would start it. */
  npm: ChildProcess;
  exited: Promise<void>;
  output: () => string;
  stack: { apiUrl: string; pid: number };
}

/**
 * `npm run dev` as a user runs it, three times on one data dir: killed with -9 and started
 * again, then stopped by SIGTERM to its whole process group with a request in flight, then by
 * Ctrl-C pressed twice.
 */
describe('the embedded dev stack (npm run dev)', () => {
  const runs: DevRun[] = [];
  const strays: ChildProcess[] = [];
  let dataDir: string;
  let key: string;
  let connectionId: string;
  const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const running = (run: DevRun) => run.npm.exitCode === null && run.npm.signalCode === null;

  /** Every live process that names the data dir on its command line (Postgres, Temporal). */
  async function survivors(): Promise<string[]> {
    const found: string[] = [];
    for (const name of await readdir('/proc')) {
      const argv = /^\d+$/.test(name) ? await commandLine(Number(name)) : null;
      if (argv?.some((arg) => arg.includes(dataDir))) found.push(`${name}: ${argv.join(' ')}`);
    }
    return found;
  }

  const devEnv = (extra: Record<string, string> = {}) => ({
    ...process.env,
    ...extra,
    ONRAMP_DATA_DIR: dataDir,
    ONRAMP_API_PORT: '0',
    ONRAMP_API_KEYS: '',
    ONRAMP_CREDENTIALS_KEY: '',
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(projectRoot, '.test-data', 'dev-'));
  });

  afterAll(async () => {
    for (const stray of strays) if (stray.exitCode === null && stray.signalCode === null) stray.kill('SIGTERM');
    for (const run of runs.filter(running)) {
      process.kill(-run.npm.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-run.npm.pid!, 'SIGKILL'), 30_000);
      await run.exited;
      clearTimeout(timer);
    }
    // A failed test must not leave servers behind for the rest of the run.
    for (const line of await survivors()) await stopProcess(Number(line.split(':')[0]), 'SIGKILL', 5_000);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 90_000);

  async function startDev(extra: Record<string, string> = {}): Promise<DevRun> {
    const stackFile = join(dataDir, 'stack.json');
    await rm(stackFile, { force: true });
    // detached: npm leads its own process group, so a signal to -pid reaches npm and bin/dev.ts
    // together, as Ctrl-C in a terminal does.
    const npm = spawn('npm', ['run', 'dev'], {
      cwd: projectRoot,
      detached: true,
      env: devEnv(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    let output = '';
    npm.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const run: DevRun = { npm, exited, output: () => output, stack: { apiUrl: '', pid: 0 } };
    runs.push(run);
    run.stack = await waitFor(
      'stack.json',
      async () => {
        if (!running(run)) throw new Error(`npm run dev exited early (${npm.exitCode ?? npm.signalCode}):\n${output}`);
        return existsSync(stackFile) && output.includes('Onramp is running')
          ? (JSON.parse(readFileSync(stackFile, 'utf8')) as DevRun['stack'])
          : undefined;
      },
      150_000,
    );
    return run;
  }

  async function getJson<T>(url: string): Promise<T> {
    const response = await fetch(url, { headers: headers() });
    expect(response.status, url).toBe(200);
    return (await response.json()) as T;
  }

  it('after a kill -9 of bin/dev.ts, starts again on the same data dir with everything kept', async () => {
    const first = await startDev();
    expect(first.output()).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
    expect(first.output()).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    key = (JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { apiKey: string }).apiKey;
    expect(first.output()).toContain(key);
    const created = await fetch(`${first.stack.apiUrl}/v1/connections`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'dev-stack' } }),
    });
    connectionId = ((await created.json()) as { id: string }).id;
    const latestKpis = async (apiUrl: string) =>
      (await getJson<{ items: unknown[] }>(`${apiUrl}/v1/kpis/latest?connectionId=${connectionId}`)).items;
    const kpisBefore = await waitFor('KPIs', async () => {
      const items = await latestKpis(first.stack.apiUrl);
      return items.length === 3 ? items : undefined;
    });

    const postgresPid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const temporalPid = (JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as { processes: { name: string; pid: number }[] })
      .processes.find((p) => p.name === 'Temporal dev server')!.pid;
    expect(await commandLine(temporalPid)).not.toBeNull();
    process.kill(first.stack.pid, 'SIGKILL');
    await first.exited;
    // Nothing it started runs on without it: its watchdog stops Temporal and Postgres (Postgres
    // by its own fast shutdown), then leaves too.
    await waitFor('Temporal, Postgres and the watchdog to be gone', async () => ((await survivors()).length === 0 ? true : undefined), 30_000);
    expect(await commandLine(postgresPid)).toBeNull();
    expect(await commandLine(temporalPid)).toBeNull();
    expect(readFileSync(join(dataDir, 'logs', 'watchdog.log'), 'utf8')).toContain(`stopping the Postgres (pid ${postgresPid})`);

    const second = await startDev();
    expect(second.output()).not.toContain('that a previous run left behind');
    expect((await fetch(`${second.stack.apiUrl}/readyz`)).status).toBe(200);
    const listed = await getJson<{ items: { id: string }[] }>(`${second.stack.apiUrl}/v1/connections`);
    expect(listed.items.map((c) => c.id)).toContain(connectionId);
    const connection = await getJson<{ status: string; sync: { nextSyncAt: string | null } }>(
      `${second.stack.apiUrl}/v1/connections/${connectionId}`,
    );
    expect(connection.status).toBe('active');
    // The schedule lives in Temporal's SQLite file: still there after the restart.
    expect(connection.sync.nextSyncAt).not.toBeNull();
    // The same values: a sync activity the kill cut off after its upsert may run again and
    // rewrite them (same rows, a later updatedAt), which is the idempotence promised, not a loss.
    const withoutWriteTime = (items: unknown[]) => items.map((item) => ({ ...(item as Record<string, unknown>), updatedAt: undefined }));
    expect(withoutWriteTime(await latestKpis(second.stack.apiUrl))).toEqual(withoutWriteTime(kpisBefore));
  }, STACK_TEST_MS);

  it('writes join.env (mode 0600) with what a hand-started worker needs to join the stack', async () => {
    const file = join(dataDir, 'join.env');
    expect(runs.at(-1)!.output()).toContain(`Join env      ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const env = parseEnv(readFileSync(file, 'utf8'));
    // bin/worker.ts reads its configuration this way (no dev mode): join.env must satisfy it.
    const config = loadConfig(env, { dev: false });
    expect(config.temporal.address).toBe((JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { temporalAddress: string }).temporalAddress);
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query('select id from connections where id = $1', [connectionId]);
      expect(rows.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('the Temporal UI opened from the console shows workflow inputs decoded, with no setting to change', async () => {
    const { apiUrl } = runs.at(-1)!.stack;
    const { temporalUiUrl } = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { temporalUiUrl: string };
    const { supportKey } = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { supportKey: string };
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${apiUrl}/console`);
      await page.getByLabel('Support API key').fill(supportKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in with support key').waitFor();
      // The console's link to the connection's onboarding workflow, as its connection view builds it.
      const template = await page.evaluate<string>(`fetch('/v1/console/session').then((r) => r.json()).then((s) => s.temporalUi.onboardingWorkflowUrl)`);
      const link = template.replace('{id}', connectionId);
      expect(link.startsWith(`${temporalUiUrl}/`)).toBe(true);
      const decodes: number[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/codec/decode') decodes.push(response.status());
      });
      await page.goto(link);
      // The workflow id holds the connection id anyway; the field names are only in the decoded input.
      await waitFor('the decoded input', async () => ((await page.textContent('body'))?.includes('connectionId') ? true : undefined), 90_000);
      expect(decodes.length).toBeGreaterThan(0);
      expect(decodes.every((status) => status === 200)).toBe(true);
      expect(await page.textContent('body')).toContain(connectionId);
    } finally {
      await browser.close();
    }
  }, STACK_TEST_MS);

  it('refuses a second npm run dev on the same data dir while the first runs, and leaves the first alone', async () => {
    const first = runs.at(-1)!;
    const second = spawn('npm', ['run', 'dev'], {
      cwd: projectRoot,
      env: devEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    second.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    second.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    // Were it not refused, it would run on: the deadline turns that into a failure, and
    // afterAll stops it (npm forwards the SIGTERM to bin/dev.ts).
    strays.push(second);
    const { code } = await waitFor('the second npm run dev to exit', async () => (second.exitCode === null ? undefined : { code: second.exitCode }));
    expect(code).not.toBe(0);
    expect(output).toContain(`another Onramp dev stack (pid ${first.stack.pid}) is running on ${dataDir}`);
    expect((await fetch(`${first.stack.apiUrl}/readyz`)).status).toBe(200);
  });

  it('SIGTERM to the whole process group answers the requests in flight, then stops the worker, Temporal and Postgres', async () => {
    const run = runs.at(-1)!;
    const apiUrl = run.stack.apiUrl;
    const connection = (id: string) => getJson<{ status: string; onboarding: { state: string } }>(`${apiUrl}/v1/connections/${id}`);
    const created = await fetch(`${apiUrl}/v1/connections`, { method: 'POST', headers: headers(), body: JSON.stringify({ integration: 'demo' }) });
    const { id } = (await created.json()) as { id: string };
    await waitFor('the credentials wait', async () => (await connection(id)).onboarding.state === 'waiting');
    // flaky-2: the connection test is retried for a few seconds while the PUT waits for its answer.
    const inFlight = fetch(`${apiUrl}/v1/connections/${id}/credentials`, {
      method: 'PUT',
      headers: headers(),
      body: JSON.stringify({ credentials: { apiKey: 'flaky-2' } }),
    });
    await waitFor('the connection test', async () => (await connection(id)).status === 'testing');

    process.kill(-run.npm.pid!, 'SIGTERM');
    // The worker outlived the API, so onboarding finished and the PUT got the real answer.
    const answer = await inFlight;
    expect(answer.status, run.output()).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toBe('active');
    await run.exited;
    expect(run.output()).toMatch(/stopping \(API first, then the worker\)[\s\S]*Worker state changed[\s\S]*onramp: stopped/);
    expect(run.output()).not.toMatch(/Channel has been shut down|shutdown took longer/);
    expect(await survivors()).toEqual([]);
  });

  it('Ctrl-C twice (SIGINT to the whole group, again while stopping) still stops everything', async () => {
    const run = await startDev();
    process.kill(-run.npm.pid!, 'SIGINT');
    await waitFor('shutdown under way', async () => run.output().includes('stopping (API first'));
    process.kill(-run.npm.pid!, 'SIGINT');
    await run.exited;
    expect(run.output()).toMatch(/stopping \(API first, then the worker\)[\s\S]*onramp: stopped/);
    expect(run.output()).not.toContain('exiting anyway');
    expect(await survivors()).toEqual([]);
  }, STACK_TEST_MS);

  it('when its Postgres or Temporal dies under it, starts it again in place (logged) and the API answers again', async () => {
    const run = await startDev();
    const apiUrl = run.stack.apiUrl;
    key = (JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { apiKey: string }).apiKey;
    // What the run printed, when a wait fails: the supervisor's lines say what it tried.
    const saying = <T>(wait: Promise<T>) => wait.catch((error: Error) => Promise.reject(new Error(`${error.message}\n${run.output()}`)));
    const postgresPid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postgresPid, 'SIGKILL');
    await saying(waitFor('Postgres restarted', async () => (run.output().includes('the embedded Postgres is running again') ? true : undefined), 150_000));
    expect(run.output()).toMatch(/the embedded Postgres was killed by SIGKILL; restarting it in 1 s \(attempt 1 of 5\)/);
    const newPostgresPid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(newPostgresPid).not.toBe(postgresPid);
    // The pools reconnect to the same address by themselves: readiness, then a real read.
    await saying(waitFor('the API ready again', async () => ((await fetch(`${apiUrl}/readyz`)).status === 200 ? true : undefined), 60_000));
    expect((await fetch(`${apiUrl}/v1/connections`, { headers: headers() })).status).toBe(200);

    const temporalPid = (JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as { processes: { name: string; pid: number }[] })
      .processes.filter((p) => p.name === 'Temporal dev server').at(-1)!.pid;
    process.kill(temporalPid, 'SIGKILL');
    await saying(waitFor('Temporal restarted', async () => (run.output().includes('the embedded Temporal dev server is running again') ? true : undefined), 150_000));
    // A new connection onboards: the API starts its workflow and the worker runs it, both through the restarted server.
    const created = await saying(waitFor('a connection created through Temporal', async () => {
      const res = await fetch(`${apiUrl}/v1/connections`, { method: 'POST', headers: headers(), body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'after-restart' } }) });
      return res.status === 201 ? ((await res.json()) as { id: string }) : undefined;
    }, 120_000));
    await saying(waitFor('it active', async () => (await getJson<{ status: string }>(`${apiUrl}/v1/connections/${created.id}`)).status === 'active', 120_000));
    expect(running(run)).toBe(true);

    process.kill(-run.npm.pid!, 'SIGTERM');
    await run.exited;
    expect(await survivors()).toEqual([]);
  }, STACK_TEST_MS);

  it('with restarts off (ONRAMP_DEV_RESTARTS=0), a dead Postgres makes it say so and exit non-zero, stopping the rest, for a person or a process manager to start it again', async () => {
    const run = await startDev({ ONRAMP_DEV_RESTARTS: '0' });
    const postgresPid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postgresPid, 'SIGKILL');
    await run.exited;
    expect(run.npm.exitCode, run.output()).not.toBe(0);
    expect(run.output()).toMatch(/the embedded Postgres was killed by SIGKILL; Onramp cannot run without it\. Stopping everything: run `npm run dev` again/);
    expect(await survivors()).toEqual([]);
  }, STACK_TEST_MS);
});
