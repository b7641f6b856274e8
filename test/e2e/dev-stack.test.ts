import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../runtime/embedded/project-root.js';
import { waitFor } from '../helpers/temporal.js';

/**
 * `npm run dev` as a user runs it: the embedded stack in a child process, a connection made
 * over HTTP, a SIGTERM, a second start on the same data dir that still has everything.
 */
describe('the embedded dev stack (bin/dev.ts)', () => {
  const children: ChildProcess[] = [];
  const dataDirs: string[] = [];
  let dataDir: string;

  afterAll(async () => {
    // SIGTERM first: bin/dev.ts then stops the Postgres and Temporal it started (SIGKILL would
    // orphan them, as they run in their own process groups).
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  async function startDev(): Promise<{ child: ChildProcess; apiUrl: string; output: () => string }> {
    const stackFile = join(dataDir, 'stack.json');
    await rm(stackFile, { force: true });
    const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, 'bin', 'dev.ts')], {
      cwd: projectRoot,
      env: { ...process.env, ONRAMP_DATA_DIR: dataDir, ONRAMP_API_PORT: '0', ONRAMP_API_KEYS: '', ONRAMP_CREDENTIALS_KEY: '', DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const stack = await waitFor(
      'stack.json',
      async () => {
        if (child.exitCode !== null) throw new Error(`dev exited early (${child.exitCode}):\n${output}`);
        return existsSync(stackFile) && output.includes('Onramp is running')
          ? (JSON.parse(readFileSync(stackFile, 'utf8')) as { apiUrl: string })
          : undefined;
      },
      150_000,
    );
    return { child, apiUrl: stack.apiUrl, output: () => output };
  }

  function stop(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  it('starts, serves, stops cleanly on SIGTERM and keeps connections and KPIs across a restart', async () => {
    dataDirs.push((dataDir = await mkdtemp(join(projectRoot, '.test-data', 'dev-'))));
    const first = await startDev();
    expect(first.output()).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
    expect(first.output()).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    const key = (JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { apiKey: string }).apiKey;
    expect(first.output()).toContain(key);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    expect((await fetch(`${first.apiUrl}/readyz`)).status).toBe(200);
    const created = (await (
      await fetch(`${first.apiUrl}/v1/connections`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'dev-stack' } }),
      })
    ).json()) as { id: string };
    const latestUrl = (base: string) => `${base}/v1/kpis/latest?connectionId=${created.id}`;
    const kpisBefore = await waitFor('KPIs', async () => {
      const body = (await (await fetch(latestUrl(first.apiUrl), { headers })).json()) as { items: unknown[] };
      return body.items.length === 3 ? body.items : undefined;
    });

    // Exit code 0: bin/dev.ts exits 1 itself when its shutdown passes the 30 s deadline.
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toMatch(/stopping \(API first, then the worker\)[\s\S]*Worker state changed[\s\S]*onramp: stopped/);

    const second = await startDev();
    const connection = (await (await fetch(`${second.apiUrl}/v1/connections/${created.id}`, { headers })).json()) as {
      status: string;
      sync: { nextSyncAt: string | null };
    };
    expect(connection.status).toBe('active');
    // The schedule lives in Temporal's SQLite file: still there after the restart.
    expect(connection.sync.nextSyncAt).not.toBeNull();
    const kpisAfter = ((await (await fetch(latestUrl(second.apiUrl), { headers })).json()) as { items: unknown[] }).items;
    expect(kpisAfter).toEqual(kpisBefore);
    expect(await stop(second.child)).toBe(0);
  }, 420_000);

  it('on SIGTERM answers the requests in flight before it stops the worker, then stops cleanly', async () => {
    dataDirs.push((dataDir = await mkdtemp(join(projectRoot, '.test-data', 'dev-'))));
    const dev = await startDev();
    const key = (JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { apiKey: string }).apiKey;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const connection = async (id: string) =>
      (await (await fetch(`${dev.apiUrl}/v1/connections/${id}`, { headers })).json()) as { status: string; onboarding: { step: string; state: string } };
    const { id } = (await (
      await fetch(`${dev.apiUrl}/v1/connections`, { method: 'POST', headers, body: JSON.stringify({ integration: 'demo' }) })
    ).json()) as { id: string };
    await waitFor('the credentials wait', async () => (await connection(id)).onboarding.state === 'waiting');

    // flaky-2: the connection test is retried for a few seconds while the PUT waits for its answer.
    const inFlight = fetch(`${dev.apiUrl}/v1/connections/${id}/credentials`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ credentials: { apiKey: 'flaky-2' } }),
    });
    await waitFor('the connection test', async () => (await connection(id)).status === 'testing');
    const exited = stop(dev.child);

    // The worker outlived the API, so onboarding finished and the PUT got the real answer.
    const answer = await inFlight;
    expect(answer.status, dev.output()).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toBe('active');
    expect(await exited).toBe(0);
    expect(dev.output()).not.toMatch(/Channel has been shut down|shutdown took longer/);
  }, 420_000);
});
