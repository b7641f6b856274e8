import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/api-app.js';

type Operation = {
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, { post?: Operation & { requestBody?: { content: Record<string, { schema: { $ref: string } }> } } }>;
  components: { schemas: Record<string, unknown> };
};

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [item] : refsIn(item)));
  }
  return [];
}

/** Follows a local JSON pointer (`#/components/schemas/Connection`) through the document. */
const resolvePointer = (document: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), document);

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })));

describe('GET /openapi.json', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  let document: Document;
  beforeAll(async () => {
    api = await startTestApi({});
    ({ app } = api);
    document = (await app.inject('/openapi.json')).json();
  });
  afterAll(async () => api?.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('defines every schema it references', () => {
    const refs = [...new Set(refsIn(document))];
    expect(refs).toEqual(expect.arrayContaining(['#/components/schemas/Connection', '#/components/schemas/Problem']));
    expect(refs.filter((ref) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined)).toEqual([]);
    // Component schemas are plain schemas: a fragment `$id` would rebase the refs inside them.
    expect(Object.values(document.components.schemas).filter((schema) => '$id' in (schema as object))).toEqual([]);
  });

  it('documents every problem answer as application/problem+json', () => {
    const wrong = operations(document).flatMap(({ name, op }) =>
      Object.entries(op.responses)
        .filter(([status, response]) => Number(status) >= 400 && response.content)
        .filter(([, response]) => JSON.stringify(response.content).includes('#/components/schemas/Problem'))
        .filter(([, response]) => Object.keys(response.content!).join() !== 'application/problem+json')
        .map(([status]) => `${name} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('documents 401 and 429 on keyed routes, 403 on role-bound ones, 400 and 404 where there is an id, 413 and 415 where a body can be sent', () => {
    const missing = operations(document).flatMap(({ name, path, op }) => {
      const keyed = op.security === undefined;
      const want = [
        ...(keyed ? ['401'] : []),
        ...(path === '/healthz' || path === '/readyz' ? [] : ['429']),
        '500',
        ...(path.includes('{') ? ['400', '404'] : []),
        ...(op.requestBody ? ['400', '413', '415'] : []),
        // A body sent anyway to an operation that takes none is read, and refused as such.
        ...(['POST', 'PUT', 'PATCH', 'DELETE'].some((m) => name.startsWith(`${m} `)) ? ['413', '415'] : []),
        ...(name === 'POST /v1/connections' || name.startsWith('POST /codec/') ? ['403'] : []),
      ];
      return want.filter((status) => !op.responses[status]).map((status) => `${name} ${status}`);
    });
    expect(missing).toEqual([]);
    // Probes need no key and are never rate limited.
    expect(Object.keys(document.paths['/healthz']!.get!.responses)).toEqual(['200', '500', '503']);
  });

  it('documents Retry-After on every 429 and every problem 503', () => {
    const missing = operations(document).flatMap(({ name, op }) =>
      Object.entries(op.responses)
        .filter(([status, response]) => ['429', '503'].includes(status) && response.content?.['application/problem+json'])
        .filter(([, response]) => !response.headers?.['retry-after'])
        .map(([status]) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
    expect(document.paths['/v1/connections']!.get!.responses['429']!.headers).toMatchObject({ 'retry-after': { schema: { type: 'integer' } } });
  });

  it('documents the OAuth callback as the HTML page it is', () => {
    const callback = document.paths['/v1/oauth/callback']!.get!;
    expect(callback.security).toEqual([]);
    expect(Object.keys(callback.responses['200']!.content!)).toEqual(['text/html']);
    expect(Object.keys(callback.responses['400']!.content!)).toEqual(['text/html']);
    expect(callback.responses['302']!.content).toBeUndefined();
  });

  it('describes every connection, sync and backfill event under webhooks: its envelope, with the connection as GET answers it', () => {
    const types = [
      'connection.created', 'connection.active', 'connection.failed', 'connection.error', 'connection.recovered', 'connection.paused',
      'connection.resumed', 'connection.disconnected', 'connection.reauthorization_required', 'sync.failed', 'sync.empty', 'sync.partial', 'sync.succeeded',
      'backfill.completed',
    ];
    expect(Object.keys(document.webhooks ?? {}).filter((type) => !['ping', 'webhook_endpoint.disabled'].includes(type))).toEqual(types);
    type Envelope = { properties: { type: { const: string }; data: { properties: Record<string, { $ref?: string }>; required: string[] } } };
    const envelopes = types.map((type) => {
      const ref = document.webhooks![type]!.post!.requestBody!.content['application/json']!.schema.$ref;
      return [type, resolvePointer(document, ref) as Envelope] as const;
    });
    for (const [type, envelope] of envelopes) {
      expect(envelope.properties.type.const).toBe(type);
      expect(envelope.properties.data.properties.connection).toEqual({ $ref: '#/components/schemas/Connection' });
    }
    const data = (type: string) => Object.keys(envelopes.find(([t]) => t === type)![1].properties.data.properties);
    expect(data('connection.failed')).toEqual(['connection', 'lastError']);
    expect(data('sync.failed')).toEqual(['connection', 'run']);
    expect(data('backfill.completed')).toEqual(['connection', 'backfill']);
  });

  it('describes the endpoint events too: ping and webhook_endpoint.disabled, carrying the endpoint', () => {
    expect(Object.keys(document.webhooks ?? {})).toEqual(expect.arrayContaining(['ping', 'webhook_endpoint.disabled']));
    for (const [type, data] of [['ping', ['endpoint']], ['webhook_endpoint.disabled', ['endpoint', 'reason']]] as const) {
      const ref = document.webhooks![type]!.post!.requestBody!.content['application/json']!.schema.$ref;
      const envelope = resolvePointer(document, ref) as { properties: { type: { const: string }; data: { properties: Record<string, unknown> } } };
      expect(envelope.properties.type.const).toBe(type);
      expect(Object.keys(envelope.properties.data.properties)).toEqual(data);
    }
  });
});
