import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnrampClient, type OnrampClient } from '../../client/index.js';
import { projectRoot } from '../../platform/project-root.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

// The typed client for host backends (client/) is generated from the document the API serves.
// This regenerates it and fails when the committed types are not the served document's;
// `npm run client:generate` (ONRAMP_UPDATE_CLIENT=1) writes them instead.
const typesFile = join(projectRoot, 'client', 'openapi.ts');
const HEADER = '// Generated from the OpenAPI document Onramp serves (GET /openapi.json): do not edit.\n// npm run client:generate writes it again; test/contract/typed-client.test.ts checks it.\n\n';

describe('the typed API client (client/)', () => {
  const { keys, apiKeys } = threeKeys('client');
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let onramp: OnrampClient;
  let other: OnrampClient;

  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    const baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
    onramp = createOnrampClient({ baseUrl, apiKey: keys.acme });
    other = createOnrampClient({ baseUrl: `${baseUrl}/`, apiKey: keys.globex });
  });
  afterAll(async () => api?.close());

  it('is generated from the document the API serves', async () => {
    const document = (await api.app.inject('/openapi.json')).json();
    const generated = HEADER + astToString(await openapiTS(document, { alphabetize: true }));
    if (process.env.ONRAMP_UPDATE_CLIENT === '1') await writeFile(typesFile, generated);
    expect(await readFile(typesFile, 'utf8'), 'client/openapi.ts is not the served document: run `npm run client:generate`').toBe(generated);
  });

  it('creates and reads a connection over HTTP with the key it was given', async () => {
    const integrations = await onramp.GET('/v1/integrations');
    expect(integrations.data?.items.map((i) => i.slug)).toContain('demo');

    const created = await onramp.POST('/v1/connections', {
      body: { integration: 'demo', name: 'Typed shop', config: { site: 'typed.example' }, credentials: { apiKey: 'demo-typed' } },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;

    const read = await onramp.GET('/v1/connections/{id}', { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, name: 'Typed shop', integration: 'demo', tenantId: 'acme' });
  });

  it('answers problems as typed errors: another tenant\'s connection is a 404', async () => {
    const created = await onramp.POST('/v1/connections', { body: { integration: 'demo', config: { site: 'x.example' }, credentials: { apiKey: 'demo-x' } } });
    const seen = await other.GET('/v1/connections/{id}', { params: { path: { id: created.data!.id } } });
    expect(seen.response.status).toBe(404);
    expect(seen.data).toBeUndefined();
    expect(seen.error).toMatchObject({ status: 404, title: expect.any(String) });
  });
});
