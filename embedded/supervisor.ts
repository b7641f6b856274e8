import { setTimeout as sleep } from 'node:timers/promises';

/** A server the stack runs: how to stop it, and a promise that settles (saying how) when it ends however it ends. */
export interface Part {
  stop(): Promise<void>;
  ended: Promise<string>;
}

export interface RestartPolicy {
  /** Restarts in a row before giving up; 0: never restart. */
  attempts: number;
  /** The wait before the first restart, doubled before each next one. */
  firstDelayMs: number;
  /** A part that stays up this long has recovered: the next death starts the count again. */
  healthyAfterMs: number;
}

export const DEFAULT_RESTARTS: RestartPolicy = { attempts: 5, firstDelayMs: 1_000, healthyAfterMs: 60_000 };

export interface Supervised {
  stop(): Promise<void>;
  /** Settles only when the part died and could not be brought back within the policy. */
  gaveUp: Promise<{ part: string; how: string }>;
}

/**
 * Keeps a started part running: when it ends without being asked to (a crash, kill -9, the OOM
 * killer), starts it again in place, on the same ports and data, so that its clients (pools,
 * gRPC channels) reconnect to the same address by themselves. Waits between attempts double
 * (a killed Postgres's backends take a moment to leave its shared memory). Gives up after
 * `attempts` failed or short-lived restarts in a row, for the caller to exit and say so.
 */
export function supervise(
  name: string,
  first: Part,
  restart: () => Promise<Part>,
  policy: RestartPolicy,
  log: (line: string) => void,
): Supervised {
  let current: Part | null = first;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();
  // A stop during a wait between attempts ends the wait rather than sitting it out.
  const waits = new AbortController();
  let giveUp: (why: { part: string; how: string }) => void = () => undefined;
  const gaveUp = new Promise<{ part: string; how: string }>((resolve) => (giveUp = resolve));

  const watch = (part: Part, startedAt: number, failuresBefore: number) => {
    void part.ended.then((how) => {
      if (stopping || current !== part) return;
      current = null;
      // Up long enough: this death is a new incident, not the previous one going on.
      const failures = Date.now() - startedAt >= policy.healthyAfterMs ? 0 : failuresBefore;
      restarting = bringBack(how, failures);
    });
  };

  const bringBack = async (how: string, failures: number): Promise<void> => {
    for (let attempt = failures + 1; ; attempt++) {
      if (attempt > policy.attempts) {
        log(`onramp: the embedded ${name} ${how}; ${policy.attempts === 0 ? 'restarts are off (ONRAMP_DEV_RESTARTS=0)' : `gave up after ${policy.attempts} restarts`}`);
        giveUp({ part: name, how });
        return;
      }
      const delayMs = policy.firstDelayMs * 2 ** (attempt - 1);
      log(`onramp: the embedded ${name} ${how}; restarting it in ${delayMs / 1000} s (attempt ${attempt} of ${policy.attempts})…`);
      await sleep(delayMs, undefined, { signal: waits.signal }).catch(() => undefined);
      if (stopping) return;
      try {
        const part = await restart();
        if (stopping) {
          await part.stop();
          return;
        }
        current = part;
        watch(part, Date.now(), attempt);
        log(`onramp: the embedded ${name} is running again`);
        return;
      } catch (error) {
        how = `could not be restarted (${(error as Error).message.split('\n')[0]})`;
      }
    }
  };

  watch(first, Date.now(), 0);
  return {
    gaveUp,
    async stop() {
      stopping = true;
      waits.abort();
      await restarting;
      await current?.stop();
    },
  };
}
