import { useState } from 'preact/hooks';
import { ACTIONS, type Action } from './actions.js';
import { change, get, messageOf, type Connection, type Page, type SyncRun } from './api.js';
import { Confirm } from './confirm.js';
import { followUntilSettled, settledText, waitsFor } from './settle.js';

interface Progress {
  connection: Connection;
  state: 'waiting' | 'working' | 'done' | 'failed' | 'skipped';
  text: string;
}

/**
 * One action on many connections: one confirmation naming how many, then the same route as on a
 * connection's page for each (so each is audited and refused on its own), one at a time, each
 * followed until it settles; a row per connection says how it went.
 */
export function BulkActions({ selected, onClear, onSettled }: { selected: Connection[]; onClear: () => void; onSettled: () => void }) {
  const [asking, setAsking] = useState<Action | null>(null);
  const [progress, setProgress] = useState<Progress[] | null>(null);
  const [summary, setSummary] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: Action) {
    setAsking(null);
    setBusy(true);
    setSummary(null);
    const rows: Progress[] = selected.map((connection) =>
      action.allowed(connection)
        ? { connection, state: 'waiting', text: 'waiting its turn' }
        : { connection, state: 'skipped', text: `skipped: ${action.label} does not apply to a connection that is ${connection.status}` },
    );
    const show = () => setProgress(rows.map((r) => ({ ...r })));
    show();
    const follows: Promise<void>[] = [];
    for (const row of rows.filter((r) => r.state === 'waiting')) {
      row.state = 'working';
      row.text = 'sending…';
      show();
      try {
        // A run the action starts is told apart from earlier ones by id: note the newest first.
        const lastRunId = waitsFor(action.id, row.connection) === 'run' ? ((await get<Page<SyncRun>>(`/v1/connections/${row.connection.id}/syncs?limit=1`)).items[0]?.id ?? null) : null;
        await change<Connection>('POST', `/v1/connections/${row.connection.id}/${action.id}`);
        row.text = 'sent; still working…';
        show();
        // Followed meanwhile: the next one is sent without waiting for this one to settle.
        follows.push(
          followUntilSettled(action.id, row.connection, lastRunId, () => undefined).then(
            (settled) => {
              row.state = 'done';
              row.text = settled ? settledText(action.label, settled).replace(`${action.label}: `, '') : 'sent; still working (open it to follow)';
              show();
            },
            (error: unknown) => {
              row.state = 'done';
              row.text = `sent; could not follow it: ${messageOf(error)}`;
              show();
            },
          ),
        );
      } catch (error) {
        row.state = 'failed';
        row.text = `did not happen: ${messageOf(error)}`;
        show();
      }
    }
    await Promise.all(follows);
    const done = rows.filter((r) => r.state === 'done').length;
    const failed = rows.filter((r) => r.state === 'failed').length;
    const skipped = rows.filter((r) => r.state === 'skipped').length;
    setSummary({
      ok: failed === 0,
      text: `${action.label}: ${done} of ${rows.length} done${failed ? `; ${failed} did not happen` : ''}${skipped ? `; ${skipped} skipped` : ''}.`,
    });
    setBusy(false);
    onSettled();
  }

  return (
    <section class="bulk card" aria-labelledby="bulk-title">
      <h3 id="bulk-title">
        {selected.length} connection{selected.length === 1 ? '' : 's'} selected
      </h3>
      <div class="actions">
        {ACTIONS.map((action) => (
          <button type="button" disabled={busy || !selected.some(action.allowed)} onClick={() => (setSummary(null), setAsking(action))}>
            {action.label}
          </button>
        ))}
        <button type="button" class="secondary" disabled={busy} onClick={() => (setProgress(null), setSummary(null), onClear())}>
          Clear the selection
        </button>
      </div>
      {asking && (
        <Confirm
          id="confirm-bulk"
          question={`${asking.label}: ${selected.filter(asking.allowed).length} of the ${selected.length} selected connections, one at a time${
            selected.some((c) => !asking.allowed(c)) ? ' (the others do not allow it and are skipped)' : ''
          }? Each one is sent and audited on its own.`}
          label={`${asking.label} ${selected.filter(asking.allowed).length}`}
          busy={busy}
          onConfirm={() => void run(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
      {progress && (
        <ul class="bulk-progress" aria-label="Progress per connection">
          {progress.map((p) => (
            <li class={`bulk-${p.state}`}>
              <strong>{p.connection.name}</strong> ({p.connection.tenantId}): {p.text}
            </li>
          ))}
        </ul>
      )}
      <p role="status" class={summary ? (summary.ok ? 'ok' : 'error') : ''}>
        {summary?.text}
      </p>
    </section>
  );
}
