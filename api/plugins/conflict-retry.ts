import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isTransactionConflict } from '../../platform/outages.js';

/** How many times a request runs when Postgres keeps aborting its transaction as a conflict. */
export const CONFLICT_ATTEMPTS = 3;
/** The first wait before running it again; doubled each time, with jitter so two losers do not meet again. */
const FIRST_BACKOFF_MS = 20;

type Handler = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;
const RETRYING = Symbol('retries transaction conflicts');

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * When Postgres aborts a request's transaction as a deadlock or serialization failure (two
 * requests, or a request and a worker, meeting on the same rows), the whole handler runs again,
 * here and for every route, a few times with a short backoff: the reads before the write may be
 * stale, so only running all of it again is sound. What is left after the last try is a 503 with
 * Retry-After (the error handler), never a 500.
 *
 * Running a handler again is what a client's own retry of that 503 would do, so handlers must
 * already allow it; and a handler whose answer has started (a progress stream) is never run again.
 * Only handlers that answer with a promise are wrapped: the ones that call `reply.send` later
 * (static files) do no transaction and keep their own calling convention.
 */
export const conflictRetryPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const handler = route.handler as Handler & { [RETRYING]?: true };
      // Fastify copies a GET's options into its HEAD route: wrap once.
      if (handler[RETRYING]) return;
      const retrying: Handler = function (request, reply) {
        const first = handler.call(this, request, reply);
        if (!isThenable(first)) return first;
        const again = async (answer: PromiseLike<unknown>, attempt: number): Promise<unknown> => {
          try {
            return await answer;
          } catch (error) {
            if (attempt >= CONFLICT_ATTEMPTS || reply.sent || reply.raw.headersSent || !isTransactionConflict(error)) throw error;
            request.log.warn({ err: error, attempt }, 'Postgres aborted the transaction in a conflict with another; running the request again');
            await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
            return again(handler.call(this, request, reply) as PromiseLike<unknown>, attempt + 1);
          }
        };
        return again(first, 1);
      };
      route.handler = Object.assign(retrying, { [RETRYING]: true as const }) as typeof route.handler;
    });
  },
  { name: 'onramp-conflict-retry' },
);
