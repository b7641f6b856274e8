import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * While the app closes, each answer to a request still in flight closes its connection. Node's
 * `server.close()` only ends connections that are idle when it is called: a keep-alive
 * connection whose request was in flight would otherwise hold `app.close()` open for the whole
 * keep-alive timeout, past the entry point's shutdown deadline.
 */
export const drainPlugin = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
  },
  { name: 'onramp-drain' },
);
