import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { recordEvent } from '../../db/repositories/events.js';
import type { Database } from '../../db/schema.js';
import type { EventType } from '../../domain/events.js';
import type { SecretBox } from '../../platform/crypto.js';

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** An endpoint row as the API would write it (secrets sealed); answers its id. */
export async function insertWebhookEndpoint(
  db: Kysely<Database>,
  box: SecretBox,
  endpoint: { tenantId: string; url: string; secret: string; eventTypes: EventType[]; previousSecret?: { secret: string; expiresAt: Date } },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      tenant_id: endpoint.tenantId,
      url: endpoint.url,
      description: null,
      event_types: endpoint.eventTypes,
      secret_encrypted: box.seal(endpoint.secret),
      previous_secret_encrypted: endpoint.previousSecret ? box.seal(endpoint.previousSecret.secret) : null,
      previous_secret_expires_at: endpoint.previousSecret?.expiresAt ?? null,
      failing_since: null,
    })
    .execute();
  return id;
}

/** Events of a tenant, each in a transaction of its own as a state change would write it. */
export async function emitEvents(db: Kysely<Database>, tenantId: string, events: { type: EventType; connectionId: string | null; n?: number }[]) {
  const ids: string[] = [];
  for (const event of events) {
    const row = await db.transaction().execute((trx) => recordEvent(trx, { type: event.type, tenantId, connectionId: event.connectionId, data: { n: event.n ?? null } }));
    ids.push(row.id);
  }
  return ids;
}

export interface ReceivedWebhook {
  id: string;
  body: { id: string; type: string; data: Record<string, unknown>; tenantId: string };
  signature: string;
  /** Which of the receiver's secrets verified it, on its own, with the standardwebhooks library. */
  verifiedBy: string[];
}

/**
 * A real HTTP receiver on 127.0.0.1 that verifies every request with the `standardwebhooks`
 * Webhook class; `answer` decides each reply (status, or a promise to hold the request).
 */
export async function startWebhookReceiver(options: {
  secrets: string[];
  port?: number;
  answer?: (request: ReceivedWebhook, index: number) => number | Promise<number>;
}) {
  const received: ReceivedWebhook[] = [];
  const rejected: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = req.headers as Record<string, string>;
      const verifiedBy = options.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (verifiedBy.length === 0) {
        rejected.push(raw);
        res.writeHead(400).end('bad signature');
        return;
      }
      const request: ReceivedWebhook = { id: headers['webhook-id']!, body: JSON.parse(raw) as ReceivedWebhook['body'], signature: headers['webhook-signature']!, verifiedBy };
      const index = received.push(request) - 1;
      void Promise.resolve(options.answer?.(request, index) ?? 200).then((status) => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
