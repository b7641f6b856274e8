import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { insertBackfill } from '../../db/repositories/backfills.js';
import { demoProvider } from '../../providers/demo.js';
import { backfillTaskQueue, backfillWorkflowId, workflowTypes, type BackfillInput } from '../../workflows/definitions.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { dataConverterFor } from '../../platform/payload-codec.js';
import type { Payload } from '@temporalio/common';

const key = 'backfill-race-client-key-0001';
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * POST …/backfill starts the workflow inside the transaction that inserts the backfill's row;
 * with eager activity dispatch a chunk can finish before that commit. Found in review: the
 * chunk's count then changed nothing and the backfill stayed `running` for good, blocking every
 * later backfill of the connection. Here the commit is held back on purpose until a chunk has
 * run against the missing row.
 */
/** A failure's message as the SDK would read it: sealed, with the stack, in its encoded attributes (platform/failure-converter.cjs). */
async function failureMessage(key: Buffer, failure: { message?: string | null; encodedAttributes?: Payload | null } | null | undefined): Promise<string> {
  if (!failure?.encodedAttributes) return failure?.message ?? '';
  const [opened] = await dataConverterFor(key).payloadCodecs![0]!.decode([failure.encodedAttributes]);
  return (JSON.parse(Buffer.from(opened!.data!).toString()) as { message: string }).message;
}

describe('a backfill whose chunks run before its row is committed', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => stack?.close());

  it('does the chunk again once the row is visible, and succeeds with every chunk counted', async () => {
    const created = await stack.api<ConnectionView>(key, '/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const connectionId = created.body.id;
    await waitFor('activation', async () => (await stack.api<ConnectionView>(key, `/v1/connections/${connectionId}`)).body.status === 'active');

    const id = randomUUID();
    const [from, to] = [day(-40), day(-1)];
    const chunkDays = demoProvider.callRange.maxDays;
    const handle = stack.temporal.client.workflow.getHandle(backfillWorkflowId(id));
    await stack.db.transaction().execute(async (trx) => {
      await insertBackfill(trx, { id, connection_id: connectionId, period_from: from, period_to: to, status: 'running', chunks_total: 1, error: null });
      const args: [BackfillInput] = [{ backfillId: id, connectionId, from, to, chunkDays }];
      await stack.temporal.client.workflow.start(workflowTypes.backfill, { workflowId: handle.workflowId, taskQueue: backfillTaskQueue(stack.config.taskQueue), args });
      // Still uncommitted: wait until the chunk has run once and found no row to count it in.
      await waitFor('the chunk to miss the uncommitted backfill row', async () => {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        const messages = await Promise.all(pending.map((a) => failureMessage(stack.config.credentialsKey, a.lastFailure)));
        return messages.some((message) => message.includes(`backfill ${id} is not visible yet`));
      });
    });

    const done = await waitFor('the backfill to finish', async () => {
      const row = await stack.db.selectFrom('backfills').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return row.status === 'running' ? undefined : row;
    });
    expect(done).toMatchObject({ status: 'succeeded', chunks_done: 1, chunks_total: 1, error: null });
    expect(Number(done.kpis_written)).toBeGreaterThan(0);
    // The chunk's run is recorded once, finished.
    const runs = await stack.db.selectFrom('sync_runs').select(['status']).where('workflow_id', '=', handle.workflowId).execute();
    expect(runs).toEqual([{ status: 'succeeded' }]);
  });
});
