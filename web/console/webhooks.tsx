import { useEffect, useState } from 'preact/hooks';
import type { WebhookDeliveryApiView, WebhookEndpointView } from '../../api/webhook-schemas.js';
import { change, get, messageOf, type Page } from './api.js';
import { Confirm } from './confirm.js';
import { when } from './format.js';
import { Table } from './table.js';

/** The latest deliveries per endpoint: enough to see what a receiver answered lately. */
const DELIVERIES_SHOWN = 10;

interface EndpointLog {
  endpoint: WebhookEndpointView;
  deliveries: WebhookDeliveryApiView[];
}

const deliveriesOf = async (endpoint: WebhookEndpointView): Promise<EndpointLog> => ({
  endpoint,
  deliveries: (await get<Page<WebhookDeliveryApiView>>(`/v1/webhooks/${endpoint.id}/deliveries?limit=${DELIVERIES_SHOWN}`)).items,
});

/**
 * The webhook endpoints of a connection's tenant (events go per tenant, not per connection) and
 * their latest deliveries, each of which support may send again after a confirmation.
 */
export function WebhooksSection({ tenantId }: { tenantId: string }) {
  const [logs, setLogs] = useState<EndpointLog[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<WebhookDeliveryApiView | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const endpoints = await get<Page<WebhookEndpointView>>(`/v1/webhooks?tenant=${encodeURIComponent(tenantId)}&limit=50`);
      setLogs(await Promise.all(endpoints.items.map(deliveriesOf)));
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  useEffect(() => void load(), [tenantId]);

  async function redeliver(delivery: WebhookDeliveryApiView) {
    setBusy(true);
    try {
      const again = await change<WebhookDeliveryApiView>('POST', `/v1/webhooks/${delivery.endpointId}/deliveries/${delivery.id}/redeliver`);
      setResult({ ok: true, text: `Redeliver: done. A new delivery of ${again.eventType} is ${again.status}.` });
    } catch (failure) {
      setResult({ ok: false, text: `Redeliver did not happen: ${messageOf(failure)}` });
    } finally {
      setBusy(false);
      setAsking(null);
      void load();
    }
  }

  return (
    <section aria-labelledby="webhooks-title">
      <h3 id="webhooks-title">Webhooks of tenant {tenantId}</h3>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {asking && (
        <Confirm
          id="confirm-redeliver"
          question={`Send the ${asking.eventType} event of delivery ${asking.id} again, as a new delivery with the same webhook-id?`}
          label="Redeliver"
          busy={busy}
          onConfirm={() => void redeliver(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
      <p role="status" class={result ? (result.ok ? 'ok' : 'error') : ''}>
        {result?.text}
      </p>
      {logs === null ? (
        !error && <p aria-live="polite">Loading…</p>
      ) : logs.length === 0 ? (
        <p>This tenant has no webhook endpoint.</p>
      ) : (
        logs.map(({ endpoint: e, deliveries }) => (
          <div class="card" key={e.id}>
            <h4 id={`endpoint-${e.id}`}>
              <code>{e.url}</code>
            </h4>
            <dl class="facts">
              <dt>Events</dt>
              <dd>{e.events.join(', ')}</dd>
              <dt>Deliveries</dt>
              <dd>{e.enabled ? 'enabled' : `disabled: ${e.disabledReason ?? 'no reason recorded'}`}</dd>
              {e.failingSince && (
                <>
                  <dt>Failing since</dt>
                  <dd>{when(e.failingSince)}</dd>
                </>
              )}
            </dl>
            {deliveries.length === 0 ? (
              <p>No delivery yet.</p>
            ) : (
              <Table labelledBy={`endpoint-${e.id}`} columns={['Event', 'Status', 'Attempts', 'Last status code', 'Last error', 'Next attempt', 'Delivered at', 'Action']}>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{d.eventType}</td>
                    <td>{d.status}</td>
                    <td>{d.attempts}</td>
                    <td>{d.lastStatusCode ?? '–'}</td>
                    <td>{d.lastError ?? '–'}</td>
                    <td>{d.nextAttemptAt ? when(d.nextAttemptAt) : '–'}</td>
                    <td>{d.deliveredAt ? when(d.deliveredAt) : '–'}</td>
                    <td>
                      <button type="button" disabled={busy} onClick={() => (setResult(null), setAsking(d))}>
                        Redeliver
                      </button>
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </div>
        ))
      )}
    </section>
  );
}
