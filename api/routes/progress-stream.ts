import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findConnection } from '../../db/repositories/connections.js';
import { listenForConnectionChanges } from '../../platform/connection-changes.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import { progressEvents } from '../progress-stream.js';
import { notFound, ProblemError } from '../problems.js';
import { connectionIdParams, eventStream, problemSchema } from '../schemas.js';

/** Open streams per session (or API key): a page needs one; a runaway loop must not hold hundreds. */
export const MAX_STREAMS_PER_HOLDER = 3;

export const progressStreamRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const open = new Map<string, number>();
  const streams = new Set<AbortController>();
  // Streams would otherwise hold the server open: shutdown ends them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.abort();
  });
  // One LISTEN for all this app's streams, instead of each polling its row.
  const changes = listenForConnectionChanges({ databaseUrl: deps.databaseUrl, logger: app.log });
  app.addHook('onClose', () => changes.close());
  const streamOptions = { changes, fallbackMs: deps.progressFallbackMs };

  app.get(
    '/v1/connections/:id/progress/stream',
    {
      config: { connectSession: true },
      schema: {
        tags: ['onboarding'],
        summary: 'Live onboarding progress as server-sent events, within a second of each change; ends at a terminal state',
        description: 'Send the key or Connect session token as "Authorization: Bearer" (read with fetch streaming: EventSource cannot send it).',
        params: connectionIdParams,
        response: { 200: eventStream, 404: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await findConnection(deps.db, request.params.id, visibleTenant(request.principal));
      if (!row) throw notFound('connection');
      const holder = request.principal.connectSession?.tokenHash ?? request.principal.keyId;
      const count = open.get(holder) ?? 0;
      if (count >= MAX_STREAMS_PER_HOLDER) {
        throw new ProblemError('rate_limited', `at most ${MAX_STREAMS_PER_HOLDER} progress streams may be open at once; close one first`);
      }
      open.set(holder, count + 1);
      const controller = new AbortController();
      streams.add(controller);
      const release = () => {
        if (!streams.delete(controller)) return;
        controller.abort();
        const left = (open.get(holder) ?? 1) - 1;
        if (left > 0) open.set(holder, left);
        else open.delete(holder);
      };
      // The response's close: the request's fires as soon as its (empty) body is read.
      reply.raw.once('close', release);
      const body = Readable.from(progressEvents(deps.db, row.id, controller.signal, streamOptions));
      body.once('close', release);
      return reply
        .header('cache-control', 'no-store')
        // The socket goes with the stream: kept alive, a stream that shutdown ended would leave an
        // idle connection behind after Fastify closed the idle ones, holding close() for its 72 s
        // keep-alive timeout (seen in test/integration/connect-sessions.test.ts).
        .header('connection', 'close')
        // Proxies that buffer would hold every event back until the stream ends.
        .header('x-accel-buffering', 'no')
        .type('text/event-stream; charset=utf-8')
        // Fastify pipes a stream as it is; the schema's string type cannot say "stream".
        .send(body as unknown as string);
    },
  );
};
