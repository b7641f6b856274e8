/**
 * A small vendor replica for sync tests: a bearer-authenticated daily metrics endpoint that
 * can be told to fail the way real APIs do (401, 429 with Retry-After, 5xx), to go quiet
 * (empty answers), to be slow, or to hang on some accounts until told to answer. It records
 * every call with its time and status.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface MetricsCall {
  at: number;
  status: number;
  from: string | null;
  to: string | null;
}

export interface MetricsReplica {
  url: string;
  calls: MetricsCall[];
  validKeys: Set<string>;
  /** The next `times` calls answer `status` (429/5xx carry Retry-After when given). */
  failNext(status: number, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** When true, every call succeeds with no days. */
  empty: boolean;
  /** Milliseconds to wait before answering (a slow vendor). */
  delayMs: number;
  /** Calls with these bearer tokens hang, unanswered, until `release()`. */
  held: Set<string>;
  /** Calls hanging on `held` right now. */
  readonly waiting: number;
  /** Held calls whose caller gave up (timed out, cancelled) before they were answered. */
  readonly abandoned: number;
  /** Answers every hanging call and stops holding. */
  release(): void;
  /** Resolves when the next call arrives. */
  nextCall(): Promise<void>;
  close(): Promise<void>;
}

/** The replica's data: the same day always has the same numbers. */
export function dailyVisits(date: string): { visits: number; orders: number } {
  const n = createHash('sha256').update(date).digest().readUInt16BE(0);
  return { visits: 100 + (n % 900), orders: 1 + (n % 40) };
}

export async function startMetricsReplica(): Promise<MetricsReplica> {
  let failures: { status: number; times: number; retryAfterSeconds?: number } | undefined;
  const waiters: (() => void)[] = [];
  const state = { empty: false, delayMs: 0 };
  const calls: MetricsCall[] = [];
  const validKeys = new Set<string>();
  const held = new Set<string>();
  const hanging = new Set<() => void>();
  let abandoned = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica');
    const record = (status: number) => calls.push({ at: Date.now(), status, from: url.searchParams.get('from'), to: url.searchParams.get('to') });
    const json = (r: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
      record(status);
      r.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    for (const wake of waiters.splice(0)) wake();
    setTimeout(() => {
      if (url.pathname !== '/v1/daily') return json(res, 404, { error: 'not_found' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !validKeys.has(token)) return json(res, 401, { error: 'invalid_token', message: `token ${token ?? ''} is not valid` });
      if (held.has(token)) {
        const answer = () => {
          hanging.delete(answer);
          answerDays(token);
        };
        hanging.add(answer);
        res.once('close', () => {
          if (hanging.delete(answer)) abandoned += 1;
        });
        return;
      }
      answerDays(token);
    }, state.delayMs);

    function answerDays(token: string) {
      if (failures && failures.times > 0) {
        failures.times -= 1;
        const headers: Record<string, string> = failures.retryAfterSeconds !== undefined ? { 'retry-after': String(failures.retryAfterSeconds) } : {};
        // Like some real APIs, the error echoes the credential it was given.
        return json(res, failures.status, { error: failures.status === 429 ? 'rate_limited' : 'request_failed', message: `request with token ${token} failed` }, headers);
      }
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      if (!from || !to) return json(res, 400, { error: 'from and to are required' });
      const days: { date: string; visits: number; orders: number }[] = [];
      if (!state.empty) {
        for (let t = Date.parse(from); t < Date.parse(to); t += 86_400_000) {
          const date = new Date(t).toISOString().slice(0, 10);
          days.push({ date, ...dailyVisits(date) });
        }
      }
      json(res, 200, { days });
    }
  });
  const listening = await serveOnLoopback(server);
  return {
    url: listening.url,
    calls,
    validKeys,
    failNext(status, options = {}) {
      failures = { status, times: options.times ?? 1, retryAfterSeconds: options.retryAfterSeconds };
    },
    get empty() {
      return state.empty;
    },
    set empty(value: boolean) {
      state.empty = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    held,
    get waiting() {
      return hanging.size;
    },
    get abandoned() {
      return abandoned;
    },
    release() {
      held.clear();
      for (const answer of [...hanging]) answer();
    },
    nextCall: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: async () => {
      held.clear();
      for (const answer of [...hanging]) answer();
      await listening.close();
    },
  };
}
