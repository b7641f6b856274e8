import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

const key = 'abandon-client-key-000000001';

/** Sends a request and hangs up at once, the way a client that gave up does. */
function sendAndHangUp(baseUrl: string, method: string, path: string, body: unknown): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = [
        `${method} ${path} HTTP/1.1`,
        `host: ${hostname}`,
        `authorization: Bearer ${key}`,
        'content-type: application/json',
        `content-length: ${Buffer.byteLength(payload)}`,
        '',
        '',
      ].join('\r\n');
      socket.write(head + payload, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
}

/**
 * Issue 11: the audit entry was written when the answer went out, so an action whose client
 * hung up first changed state and left no trace. Every change is now audited whatever the client does.
 */
describe('audit of actions whose client hung up', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => stack?.close());

  it('records every connection created by a request that was abandoned, with its outcome', async () => {
    for (let i = 0; i < 5; i++) {
      await sendAndHangUp(stack.baseUrl, 'POST', '/v1/connections', { integration: 'demo', name: `abandoned-${i}`, credentials: { apiKey: 'k' } });
    }
    const created = await waitFor('the five connections', async () => {
      const rows = await stack.db.selectFrom('connections').select('id').where('name', 'like', 'abandoned-%').execute();
      return rows.length === 5 ? rows.map((r) => r.id) : undefined;
    });
    const events = await waitFor('an outcome for each of their audit events', async () => {
      const rows = await stack.db.selectFrom('audit_events').selectAll().where('action', '=', 'create').where('connection_id', 'in', created).execute();
      return rows.length === 5 && rows.every((r) => r.outcome !== 'pending') ? rows : undefined;
    });
    expect(events.map((e) => e.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(events.every((e) => e.tenant_id === 'acme' && e.status_code === 201)).toBe(true);
  });
});
