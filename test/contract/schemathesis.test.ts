import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_WITHIN_MS } from '../../api/onboarding-service.js';
import { installSchemathesis, runSchemathesis } from '../helpers/schemathesis.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const CLIENT_KEY = 'contract-client-key-000000001';

/**
 * The served document is a contract: schemathesis generates requests from it, valid and
 * invalid, sends them to the real API (Postgres, Temporal, a worker) and fails on any server
 * error and any answer whose status, content type or body the document does not describe.
 */
describe('the OpenAPI document, fuzzed by schemathesis', () => {
  let stack: TestStack;
  beforeAll(async () => {
    [stack] = await Promise.all([
      startTestStack({ config: () => ({ apiKeys: [{ key: CLIENT_KEY, tenant: 'contract', role: 'client' }] }) }),
      installSchemathesis(),
    ]);
  });
  afterAll(async () => stack?.close());

  it('answers every generated request as documented, and never with a server error', async () => {
    const result = await runSchemathesis({
      schemaUrl: `${stack.baseUrl}/openapi.json`,
      apiKey: CLIENT_KEY,
      configFile: join(import.meta.dirname, 'schemathesis.toml'),
      seed: 20_261_129,
      maxExamples: 10,
      // The API bounds its own longest wait (an onboarding update); twice that is a hang.
      requestTimeoutSeconds: (2 * ANSWER_WITHIN_MS) / 1000,
    });
    expect(result.exitCode, result.output).toBe(0);
  }, 300_000);
});
