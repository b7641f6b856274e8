import { useEffect, useState } from 'preact/hooks';
import type { ProviderCallView } from '../../api/provider-call-schemas.js';
import { get, messageOf } from './api.js';
import { when } from './format.js';
import { Table } from './table.js';

export type ProviderCall = ProviderCallView;

const request = (c: ProviderCall) => `${c.method} ${c.host}${c.path}${c.queryKeys.length ? `?${c.queryKeys.map((k) => `${k}=…`).join('&')}` : ''}`;

/**
 * What Onramp asked the vendor and what it answered, call by call: what support quotes to the
 * vendor (its request ids, its error code), beside the run or test that made the calls.
 */
export function CallTable({ path, id, label }: { path: string; id: string; label: string }) {
  const [calls, setCalls] = useState<ProviderCall[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<{ items: ProviderCall[] }>(path).then(
      (answer) => setCalls(answer.items),
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [path]);

  if (error) {
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  }
  if (calls === null) return <p aria-live="polite">Loading…</p>;
  if (calls.length === 0) return <p>No vendor call recorded (a connection keeps its latest calls, for a limited time).</p>;
  return (
    <div class="calls" id={id}>
      <p id={`${id}-title`} class="caption">
        {label}
      </p>
      <Table labelledBy={`${id}-title`} columns={['When', 'Try', 'Request', 'Answer', 'Took', 'Vendor said', 'Request ids']}>
        {calls.map((c) => (
          <tr>
            <td data-label="When">{when(c.at)}</td>
            <td data-label="Try">{c.attempt}</td>
            <td data-label="Request">
              <code>{request(c)}</code>
            </td>
            <td data-label="Answer">
              {c.status ?? 'no answer'}
              {c.retryAfterMs !== null && <span class="sub">asked to wait {Math.round(c.retryAfterMs / 1000)} s</span>}
            </td>
            <td data-label="Took">{c.durationMs} ms</td>
            <td data-label="Vendor said">
              {c.errorCode || c.errorMessage ? (
                <>
                  {c.errorCode && <code>{c.errorCode}</code>} {c.errorMessage}
                </>
              ) : (
                '–'
              )}
            </td>
            <td data-label="Request ids">
              {Object.entries(c.requestIds).length === 0
                ? '–'
                : Object.entries(c.requestIds).map(([name, value]) => (
                    <span class="sub">
                      {name}: <code>{value}</code>
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
