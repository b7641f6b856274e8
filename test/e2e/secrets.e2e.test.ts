import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../platform/crypto.js';
import { dataConverterFor } from '../../platform/payload-codec.js';
import { onboardingWorkflowId } from '../../workflows/definitions.js';
import { create, oauthStack, providerUrl, testBrowser, waitForOnboarding, type OAuthStack } from '../helpers/oauth-stack.js';
import { waitFor, workerLogLines } from '../helpers/temporal.js';

/**
 * The proof that secrets stay secret: plant unique secrets through every path (API-key create,
 * credentials update, OAuth code and tokens), run onboarding and syncs, then look for each one,
 * as is and base64-encoded, in every API answer, every API and worker log line, every Postgres table and every
 * Temporal history of the test (fetched with the client, payloads left encoded). Zero hits.
 */
describe('secrets are nowhere', () => {
  let s: OAuthStack;
  const logs: string[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    s = await oauthStack(undefined, {}, stream);
  });
  afterAll(async () => s?.close());

  const call = async <T>(path: string, init?: RequestInit) => {
    const res = await s.api<T>(path, init);
    answers.push(JSON.stringify(res.body));
    return res;
  };

  it('plants secrets through every path and finds none of them anywhere', async () => {
    const planted = [`apikey-${randomBytes(12).toString('hex')}`, `rotated-${randomBytes(12).toString('hex')}`];

    // API key at creation, then a credentials update.
    const demo = await call<{ id: string; status: string }>('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', credentials: { apiKey: planted[0] } }),
    });
    await waitFor('demo active', async () => (await call<{ status: string; sync: { lastStatus: string } }>(`/v1/connections/${demo.body.id}`)).body.sync.lastStatus === 'succeeded');
    await call(`/v1/connections/${demo.body.id}/credentials`, { method: 'PUT', body: JSON.stringify({ credentials: { apiKey: planted[1] } }) });
    await call(`/v1/connections/${demo.body.id}/sync`, { method: 'POST' });

    // OAuth: the code from the redirect, and the tokens the server issued.
    const oauth = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    answers.push(JSON.stringify(oauth.body));
    const browser = testBrowser();
    const atProvider = await browser.open(await providerUrl(oauth.body.authorizeUrl!, browser));
    const callback = atProvider.headers.get('location')!;
    planted.push(new URL(callback).searchParams.get('code')!);
    const page = await browser.open(callback);
    answers.push(await page.text());
    await waitForOnboarding(s, oauth.body.id, { status: 'active' });
    const row = await s.stack.db.selectFrom('connections').select('credentials_encrypted').where('id', '=', oauth.body.id).executeTakeFirstOrThrow();
    const tokens = createSecretBox(s.stack.config.credentialsKey).open<{ accessToken: string; refreshToken: string }>(row.credentials_encrypted!);
    planted.push(tokens.accessToken, tokens.refreshToken);
    await waitFor('oauth synced', async () => (await call<{ sync: { lastStatus: string } }>(`/v1/connections/${oauth.body.id}`)).body.sync.lastStatus === 'succeeded');
    await call('/v1/connections?limit=100');
    await call(`/v1/connections/${oauth.body.id}/syncs`);
    await call(`/v1/connections/${oauth.body.id}/options`);

    // Every Postgres table, as text.
    const tables = ['connections', 'sync_runs', 'kpi_values', 'idempotency_keys', 'oauth_states', 'backfills'] as const;
    const database: string[] = [];
    for (const table of tables) {
      const rows = await sql`select * from ${sql.table(table)}`.execute(s.stack.db);
      database.push(JSON.stringify(rows.rows));
    }

    // Every Temporal history of this test's task queue, payloads as stored.
    const histories: string[] = [];
    for await (const execution of s.stack.temporal.client.workflow.list({ query: `TaskQueue = "${s.stack.config.taskQueue}"` })) {
      const history = await s.stack.temporal.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      histories.push(JSON.stringify(history));
    }
    expect(histories.length).toBeGreaterThanOrEqual(4);

    const corpora = { answers, apiLogs: logs, workerLogs: workerLogLines, database, histories };
    expect(logs.length).toBeGreaterThan(10);
    expect(workerLogLines.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const secret of planted) {
      const forms = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')];
      for (const [name, corpus] of Object.entries(corpora)) {
        const text = corpus.join('\n');
        for (const form of forms) if (text.includes(form)) hits.push(`${name} contains ${form === secret ? 'the secret' : 'its base64'} (${secret.slice(0, 8)}…)`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('keeps failure messages out of Temporal history in plain text: sealed with the payloads, opened by the codec', async () => {
    const failed = await call<{ id: string }>('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', credentials: { apiKey: `invalid-${randomBytes(6).toString('hex')}` } }),
    });
    const lastError = await waitFor('the onboarding to fail', async () => {
      const { body } = await call<{ status: string; onboarding: { lastError: { message: string } | null } }>(`/v1/connections/${failed.body.id}`);
      return body.status === 'failed' && body.onboarding.lastError;
    });
    expect(lastError.message).toMatch(/rejected the API key/);
    const history = await s.stack.temporal.client.workflow.getHandle(onboardingWorkflowId(failed.body.id)).fetchHistory();
    const failures = (history.events ?? []).flatMap((event) => [event.activityTaskFailedEventAttributes?.failure, event.markerRecordedEventAttributes?.failure].filter((f) => f != null));
    expect(failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(history)).not.toContain('rejected the API key');
    const codec = dataConverterFor(s.stack.config.credentialsKey).payloadCodecs![0]!;
    for (const failure of failures) {
      expect(failure.encodedAttributes?.metadata?.encoding && Buffer.from(failure.encodedAttributes.metadata.encoding).toString()).toBe('binary/encrypted');
      const [opened] = await codec.decode([failure.encodedAttributes!]);
      expect(JSON.parse(Buffer.from(opened!.data!).toString())).toMatchObject({ message: lastError.message });
    }
  });
});
