import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startChild, startNodeScript, waitUntilReady, type StartedChild } from '../../embedded/processes.js';

const FIXTURE = 'test/helpers/child-fixture.ts';

/** Real child processes (Node with tsx's loader, as the services run) started, awaited and stopped. */
describe('starting a child process and waiting until it serves', () => {
  let dir: string;
  const started: StartedChild[] = [];
  const start = (mode: string, graceMs = 20_000) => {
    const child = startNodeScript(FIXTURE, [mode], { logFile: join(dir, `${mode}.log`), keepLines: true, stopSignal: 'SIGTERM', graceMs });
    started.push(child);
    return child;
  };
  const printed = (child: StartedChild, line: string) => () => child.stdout.includes(line);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onramp-children-'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((child) => child.stop()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves once the check passes, keeps the output, and stops the child with its signal', async () => {
    const child = start('ready');
    await waitUntilReady(printed(child, 'ready'), child, { timeoutMs: 60_000, what: 'the fixture' });
    expect(child.ending()).toBeNull();

    await child.stop();
    expect(child.process.signalCode).toBe('SIGTERM');
    await child.drained;
    expect(await readFile(join(dir, 'ready.log'), 'utf8')).toBe('ready\n');
  });

  it('fails as soon as the child exits, naming the exit code and its last output', async () => {
    const child = start('fail');
    const began = Date.now();
    const error = await waitUntilReady(printed(child, 'ready'), child, { timeoutMs: 120_000, what: 'the fixture' }).then(() => undefined, (e: Error) => e);
    expect(Date.now() - began).toBeLessThan(60_000);
    expect(error?.message).toBe(
      `the fixture exited with code 3 before it was ready (full output in ${join(dir, 'fail.log')}); its last output:\n` +
        'starting\nconfig is missing: set FIXTURE_CONFIG',
    );
  });

  it('fails at the deadline with the last check error, and stops the child', async () => {
    const child = start('silent');
    const check = () => Promise.reject(new Error('connection refused'));
    const error = await waitUntilReady(check, child, { timeoutMs: 1_500, what: 'the fixture' }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(`the fixture was not ready within 1.5 s (last check: connection refused) (full output in ${join(dir, 'silent.log')})`);
    expect(child.ending()).toBe('was killed by SIGTERM');
  });

  it('gives up on a check that hangs at the deadline', async () => {
    const child = start('silent');
    const error = await waitUntilReady(() => new Promise<boolean>(() => undefined), child, { timeoutMs: 1_000, what: 'the fixture' }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/^the fixture was not ready within 1 s /);
  });

  it('sends SIGKILL to a child that ignores the stop signal once the grace has passed', async () => {
    const child = start('stubborn', 500);
    await waitUntilReady(printed(child, 'ready'), child, { timeoutMs: 60_000, what: 'the fixture' });

    await child.stop();
    expect(child.process.signalCode).toBe('SIGKILL');
    await child.drained;
    expect(child.stdout).toEqual(['ready', 'ignoring SIGTERM']);
  });

  it('fails at once, with the reason, when the command cannot be started', async () => {
    const child = startChild(join(dir, 'no-such-binary'), [], { stopSignal: 'SIGTERM', graceMs: 1_000 });
    const error = await waitUntilReady(() => false, child, { timeoutMs: 60_000, what: 'the server' }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/^the server could not be started \(spawn .*no-such-binary ENOENT\)$/);
  });
});
