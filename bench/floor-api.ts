/**
 * The floor of a read: a bare Fastify on the same Postgres, one connection row by id, in a
 * process of its own like Onramp's API (bench/stack.ts starts both). /healthz answers when it
 * listens. DATABASE_URL and PORT from the environment.
 */
import Fastify from 'fastify';
import { createDatabase } from '../db/database.js';

const db = createDatabase(process.env.DATABASE_URL!);
const app = Fastify();
app.get('/healthz', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/row/:id', async (request) =>
  db.selectFrom('connections').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow(),
);
process.once('SIGTERM', () => {
  void app.close().then(() => db.destroy()).then(() => process.exit(0));
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
