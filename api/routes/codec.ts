import type { Payload } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { problemSchema } from '../schemas.js';

/** The Temporal remote codec protocol: metadata values and data as base64. */
const jsonPayloads = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })),
});
type JsonPayloads = z.infer<typeof jsonPayloads>;

const fromJson = ({ payloads }: JsonPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));
const toJson = (payloads: Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  })),
});

/**
 * `/codec/encode` and `/codec/decode` for the Temporal UI ("Remote codec endpoint"), so staff
 * can read workflow payloads that Temporal stores encrypted. Support keys only, or a support
 * console session (the UI sends its cookie when told to include cross-origin credentials):
 * decoded payloads show connection ids and states, never credentials (those never enter Temporal).
 */
export const codecRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; corsOrigins: string[] }> = async (app, { deps, corsOrigins }) => {
  // The UI calls from the browser: answer its preflight for the configured UI origins only.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && corsOrigins.includes(origin)) {
      void reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      void reply.header('access-control-allow-headers', 'authorization, content-type, x-namespace');
      void reply.header('access-control-allow-methods', 'POST, OPTIONS');
      // The UI may send the console's session cookie ("Include cross-origin credentials").
      void reply.header('access-control-allow-credentials', 'true');
    }
  });
  if (corsOrigins.length > 0) {
    app.options('/codec/:op', { schema: { hide: true }, config: { public: true } }, async (_request, reply) => reply.code(204).send());
  }
  for (const op of ['encode', 'decode'] as const) {
    app.post(
      `/codec/${op}`,
      {
        // Decoding or encoding changes nothing: the console's session cookie needs no CSRF token here.
        config: { supportOnly: true, changesNothing: true },
        schema: { tags: ['codec'], summary: `Temporal remote codec: ${op} payloads (support keys)`, body: jsonPayloads, response: { 200: jsonPayloads, 401: problemSchema, 403: problemSchema } },
      },
      async (request) => {
        const codec = deps.payloadCodec;
        const payloads = fromJson(request.body);
        return toJson(op === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads));
      },
    );
  }
};
