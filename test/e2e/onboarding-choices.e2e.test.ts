import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startNinjaOneReplica, type NinjaReplica } from '../replicas/ninjaone-server.js';

const key = 'choices-client-key-000000001';
const good = { clientId: 'ninja-app', clientSecret: 'ninja-app-secret-0001', region: 'US' };

/**
 * Issue 22 item 3: an optional setting a provider asks for (NinjaOne's organization) is the
 * person's choice, made (or its default kept) before Configure counts as done, when a Connect
 * session created the connection; API clients keep getting the default at once.
 */
describe('onboarding asks a person for the provider\'s optional choices before testing (NinjaOne replica)', () => {
  let replica: NinjaReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startNinjaOneReplica();
    replica.clients.set(good.clientId, { secret: good.clientSecret, scopes: ['monitoring'] });
    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_NINJAONE_US: replica.url } });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit, as = key) => stack.api<T>(as, path, init);
  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
  async function sessionToken(): Promise<string> {
    const res = await api<{ token: string }>('/v1/connect/sessions', json('POST', { allowedIntegrations: ['ninjaone'] }));
    expect(res.status).toBe(201);
    return res.body.token;
  }
  const waitForState = (id: string, status: string, state: string) =>
    waitFor(`connection ${id} ${status}/${state}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === status && body.onboarding.state === state ? body : undefined;
    });

  it('waits in Configure for the person though the config is valid; keeping the default ("All") activates; then the session is read-only', async () => {
    const token = await sessionToken();
    const created = await api('/v1/connections', json('POST', { integration: 'ninjaone', credentials: good }), token);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const waiting = await waitForState(id, 'configuring', 'waiting');
    // Nothing tested yet: the person has not chosen.
    expect(waiting.onboarding).toMatchObject({ step: 'configure', attempts: 0, lastError: null });
    const options = await api<{ options: { organizationId: { label: string }[] } }>(`/v1/connections/${id}/options`, undefined, token);
    expect(options.body.options.organizationId.map((o) => o.label)).toEqual(['Acme HQ', 'Acme Branch', 'Empty Org']);

    // "All organizations" kept: the page sends the config without an organization.
    const kept = await api(`/v1/connections/${id}/config`, json('PUT', { config: {} }), token);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'active', config: {}, onboarding: { step: 'done', state: 'completed', attempts: 1 } });
    await captureHistory(stack.temporal.client, 'ask-choices-default-kept-active', `onboarding:${id}`);

    // Active: the session may only look; the tenant's key still changes the config.
    const refused = await api<{ detail: string }>(`/v1/connections/${id}/config`, json('PUT', { config: { organizationId: '2' } }), token);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/this link can now only show it\. To change its sign-in or settings, ask the application/);
    expect((await api(`/v1/connections/${id}`)).body.config).toEqual({});
    const byKey = await api(`/v1/connections/${id}/config`, json('PUT', { config: { organizationId: '2' } }));
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ status: 'active', config: { organizationId: '2' } });
  });

  it('tests the organization picked during the wait; one sent with the credentials, or by an API key, is not asked for', async () => {
    const token = await sessionToken();
    const created = await api('/v1/connections', json('POST', { integration: 'ninjaone', credentials: good }), token);
    const id = created.body.id;
    await waitForState(id, 'configuring', 'waiting');
    const picked = await api(`/v1/connections/${id}/config`, json('PUT', { config: { organizationId: '2' } }), token);
    expect(picked.body).toMatchObject({ status: 'active', config: { organizationId: '2' } });
    await captureHistory(stack.temporal.client, 'ask-choices-picked-active', `onboarding:${id}`);

    const chosenEarly = await api('/v1/connections', json('POST', { integration: 'ninjaone', credentials: good, config: { organizationId: '1' } }), await sessionToken());
    const early = await waitForState(chosenEarly.body.id, 'active', 'completed');
    expect(early.config).toEqual({ organizationId: '1' });
    await captureHistory(stack.temporal.client, 'ask-choices-chosen-at-create-active', `onboarding:${early.id}`);

    const byKey = await api('/v1/connections', json('POST', { integration: 'ninjaone', credentials: good }));
    expect((await waitForState(byKey.body.id, 'active', 'completed')).config).toEqual({});
  });
});
