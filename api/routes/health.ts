import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';

const checkResult = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()) });

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes need no key, and are never rate limited: a flood from one address must not fail them. */
const probe = { public: true, rateLimit: false } as const;

export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/healthz',
    { config: probe, schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: probe,
      schema: {
        tags: ['health'],
        summary: 'Readiness: Postgres and Temporal reachable',
        response: { 200: checkResult, 503: checkResult },
      },
    },
    async (_request, reply) => {
      const probes: Record<string, () => Promise<unknown>> = {
        postgres: () => sql`select 1`.execute(deps.db),
        temporal: () => deps.temporal.connection.workflowService.getSystemInfo({}),
      };
      const checks: Record<string, string> = {};
      await Promise.all(
        Object.entries(probes).map(async ([name, probe]) => {
          try {
            await withTimeout(probe(), 2_000);
            checks[name] = 'ok';
          } catch (error) {
            checks[name] = `unavailable: ${(error as Error).message}`;
          }
        }),
      );
      const ok = Object.values(checks).every((c) => c === 'ok');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
};
