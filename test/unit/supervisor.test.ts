import { describe, expect, it } from 'vitest';
import { supervise, type Part } from '../../embedded/supervisor.js';

/** A part that ends when the test says so, as a killed server would. */
function fakePart(): Part & { die(how: string): void; stopped: boolean } {
  let die: (how: string) => void = () => undefined;
  const part = {
    stopped: false,
    ended: new Promise<string>((resolve) => (die = resolve)),
    die: (how: string) => die(how),
    async stop() {
      part.stopped = true;
      die('stopped');
    },
  };
  return part;
}

const policy = { attempts: 3, firstDelayMs: 1, healthyAfterMs: 60_000 };

describe('supervise (the dev stack restarting a dead part)', () => {
  it('starts a dead part again, logging the attempt and its wait, and stops the new one on stop()', async () => {
    const lines: string[] = [];
    const first = fakePart();
    const second = fakePart();
    let running!: () => void;
    const restarted = new Promise<void>((resolve) => (running = resolve));
    const log = (line: string) => {
      lines.push(line);
      if (line.endsWith('is running again')) running();
    };
    const supervised = supervise('Postgres', first, async () => second, policy, log);
    first.die('was killed by SIGKILL');
    await restarted;
    await supervised.stop();
    expect(second.stopped).toBe(true);
    expect(lines).toEqual([
      'onramp: the embedded Postgres was killed by SIGKILL; restarting it in 0.001 s (attempt 1 of 3)…',
      'onramp: the embedded Postgres is running again',
    ]);
  });

  it('doubles the wait after each failed or short-lived attempt and gives up after the bound, saying why', async () => {
    const lines: string[] = [];
    const first = fakePart();
    let calls = 0;
    const supervised = supervise(
      'Temporal dev server',
      first,
      async () => {
        calls++;
        if (calls === 1) {
          // Comes up, then dies at once: still the same incident, so the count goes on.
          const part = fakePart();
          queueMicrotask(() => part.die('exited with code 1'));
          return part;
        }
        throw new Error('port 7233 is taken\nmore detail');
      },
      policy,
      (l) => lines.push(l),
    );
    first.die('was killed by SIGKILL');
    expect(await supervised.gaveUp).toEqual({ part: 'Temporal dev server', how: 'could not be restarted (port 7233 is taken)' });
    expect(calls).toBe(3);
    expect(lines.filter((l) => l.includes('restarting it in')).map((l) => l.replace(/.*restarting it in /, ''))).toEqual([
      '0.001 s (attempt 1 of 3)…',
      '0.002 s (attempt 2 of 3)…',
      '0.004 s (attempt 3 of 3)…',
    ]);
    expect(lines.at(-1)).toBe('onramp: the embedded Temporal dev server could not be restarted (port 7233 is taken); gave up after 3 restarts');
  });

  it('with no attempts allowed, gives up at the first death; a stop() is not a death', async () => {
    const lines: string[] = [];
    const dead = fakePart();
    const off = supervise('Postgres', dead, async () => fakePart(), { ...policy, attempts: 0 }, (l) => lines.push(l));
    dead.die('was killed by SIGKILL');
    expect(await off.gaveUp).toEqual({ part: 'Postgres', how: 'was killed by SIGKILL' });
    expect(lines).toEqual(['onramp: the embedded Postgres was killed by SIGKILL; restarts are off (ONRAMP_DEV_RESTARTS=0)']);

    const calm = fakePart();
    const stopped = supervise('Postgres', calm, async () => fakePart(), policy, () => undefined);
    await stopped.stop();
    const outcome = await Promise.race([stopped.gaveUp.then(() => 'gave up'), Promise.resolve('not a death')]);
    expect(outcome).toBe('not a death');
    expect(calm.stopped).toBe(true);
  });
});
