import { useEffect, useState } from 'preact/hooks';
import type { ConnectionDeliveryApiView, WebhookDeliveryApiView, WebhookEndpointView } from '../../api/webhook-schemas.js';
import { change, get, messageOf, type Page } from './api.js';
import { Confirm } from './confirm.js';
import { when } from './format.js';
import { Clamp } from './clamp.js';
import { Table } from './table.js';

/** The latest deliveries of the connection's events: enough to see what receivers answered lately. */
const DELIVERIES_SHOWN = 20;

/** Only a delivery that has ended can be sent again: a pending one is still on its way. */
export const mayRedeliver = (d: ConnectionDeliveryApiView) => d.status === 'delivered' || d.status === 'failed';

/** Why a pending delivery waits, in the reader's time zone; the API's `pendingReason` says it in ISO times. */
function whyPending(d: ConnectionDeliveryApiView, connectionId: string): string {
  if (d.status !== 'pending') return '–';
  const head = d.waitingBehind;
  if (head) {
    const trouble = head.attempts > 0 ? `; it failed ${head.attempts} time${head.attempts === 1 ? '' : 's'} (last: ${head.lastStatusCode ?? head.lastError ?? 'no answer'}), next try ${when(head.nextAttemptAt)}` : '';
    const whose = head.connectionId === connectionId ? 'this connection' : 'the tenant';
    return `Waiting behind ${head.eventType} (${head.eventId}) of ${whose}, pending since ${when(head.pendingSince)}${trouble}. A connection's events reach an endpoint in order.`;
  }
  return d.pendingReason ?? '–';
}

/**
 * The webhook endpoints of a connection's tenant (events go per tenant), and the deliveries of
 * this connection's events to them: support may send an ended one again, after a confirmation.
 */
export function WebhooksSection({ tenantId, connectionId }: { tenantId: string; connectionId: string }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[] | null>(null);
  const [deliveries, setDeliveries] = useState<ConnectionDeliveryApiView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<ConnectionDeliveryApiView | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const [list, log] = await Promise.all([
        get<Page<WebhookEndpointView>>(`/v1/webhooks?tenant=${encodeURIComponent(tenantId)}&limit=50`),
        get<Page<ConnectionDeliveryApiView>>(`/v1/connections/${connectionId}/deliveries?limit=${DELIVERIES_SHOWN}`),
      ]);
      // The tenant filter is a prefix: keep this tenant's own.
      setEndpoints(list.items.filter((e) => e.tenantId === tenantId));
      setDeliveries(log.items);
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  useEffect(() => void load(), [tenantId, connectionId]);

  async function redeliver(delivery: ConnectionDeliveryApiView) {
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
      {endpoints === null ? (
        !error && <p aria-live="polite">Loading…</p>
      ) : endpoints.length === 0 ? (
        <p>This tenant has no webhook endpoint.</p>
      ) : (
        <ul class="endpoints">
          {endpoints.map((e) => (
            <li key={e.id}>
              <h4 id={`endpoint-${e.id}`}>
                <code>{e.url}</code>
              </h4>
              <span>
                {e.events.join(', ')} · {e.enabled ? 'enabled' : `disabled: ${e.disabledReason ?? 'no reason recorded'}`}
                {e.failingSince && ` · failing since ${when(e.failingSince)}`}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h4 id="deliveries-title">Deliveries of this connection's events</h4>
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
      {deliveries !== null && deliveries.length === 0 ? (
        <p>No event of this connection has been sent to an endpoint yet.</p>
      ) : (
        deliveries && (
          <Table labelledBy="deliveries-title" columns={['Event', 'Endpoint', 'Status', 'Why pending', 'Action']}>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td data-label="Event">
                  {d.eventType}
                  <span class="sub">created {when(d.createdAt)}</span>
                </td>
                <td data-label="Endpoint">
                  <code>{d.endpointUrl}</code>
                </td>
                <td data-label="Status">
                  {d.status}
                  <span class="sub">
                    {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                    {(d.lastStatusCode ?? d.lastError) !== null && `, last answer ${d.lastStatusCode ?? d.lastError}`}
                  </span>
                  {d.deliveredAt && <span class="sub">delivered {when(d.deliveredAt)}</span>}
                  {!d.deliveredAt && d.nextAttemptAt && <span class="sub">next try {when(d.nextAttemptAt)}</span>}
                </td>
                <td data-label="Why pending">
                  <Clamp text={whyPending(d, connectionId)} />
                </td>
                <td data-label="Action">
                  {mayRedeliver(d) ? (
                    <button type="button" disabled={busy} onClick={() => (setResult(null), setAsking(d))}>
                      Redeliver
                    </button>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )
      )}
    </section>
  );
}
