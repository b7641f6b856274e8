import { useEffect, useRef, useState } from 'preact/hooks';
import { onboardingSteps } from '../../domain/connection-states.js';
import { change, get, messageOf, type AuditEvent, type Connection, type ConsoleSession, type KpiValue, type Page, type SyncRun } from './api.js';
import { KpiChart } from './chart.js';
import { Confirm } from './confirm.js';
import { problemOf, when } from './format.js';
import { Table } from './table.js';
import { WebhooksSection } from './webhooks.js';

interface Action {
  id: 'retry' | 'pause' | 'resume' | 'sync';
  label: string;
  question: string;
  allowed: (c: Connection) => boolean;
}

const ACTIONS: Action[] = [
  { id: 'retry', label: 'Retry', question: 'Test this onboarding again (a failing sync: run one now)? The connection keeps its id.', allowed: (c) => c.status === 'failed' || c.status === 'error' },
  { id: 'pause', label: 'Pause syncs', question: 'Pause the scheduled syncs of this connection?', allowed: (c) => ['active', 'error'].includes(c.status) && !c.sync.paused },
  { id: 'resume', label: 'Resume syncs', question: 'Resume the scheduled syncs of this connection?', allowed: (c) => ['paused', 'active', 'error'].includes(c.status) && c.sync.paused },
  { id: 'sync', label: 'Sync now', question: 'Start a sync of this connection now?', allowed: (c) => ['active', 'paused', 'error'].includes(c.status) },
];

/** Onboarding actions the audit trail records, shown on the timeline beside the steps. */
const ONBOARDING_ACTIONS = new Set(['create', 'credentials.update', 'config.update', 'retry', 'reauthorize', 'delete']);
/** While onboarding or a run is moving, the page follows it. */
const moving = (c: Connection) => ['pending', 'configuring', 'testing'].includes(c.status) || c.onboarding.state === 'running';
const REFRESH_MS = 2_000;
const FOLLOW_AFTER_ACTION_MS = 15_000;
const CHART_DAYS = 60;

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export function ConnectionView({ id, session }: { id: string; session: ConsoleSession }) {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [audit, setAudit] = useState<AuditEvent[]>([]);
  const [kpiKeys, setKpiKeys] = useState<string[]>([]);
  const [kpiKey, setKpiKey] = useState('');
  const [kpis, setKpis] = useState<KpiValue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Action | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const followUntil = useRef(0);

  async function load() {
    try {
      const [c, r, a, latest] = await Promise.all([
        get<Connection>(`/v1/connections/${id}`),
        get<Page<SyncRun>>(`/v1/connections/${id}/syncs?limit=20`),
        get<Page<AuditEvent>>(`/v1/audit?connectionId=${id}&limit=50`),
        get<{ items: KpiValue[] }>(`/v1/kpis/latest?connectionId=${id}`),
      ]);
      setConnection(c);
      setRuns(r.items);
      setAudit(a.items);
      const keys = latest.items.map((k) => k.key);
      setKpiKeys(keys);
      setKpiKey((current) => (keys.includes(current) ? current : (keys[0] ?? '')));
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  useEffect(() => {
    void load();
  }, [id]);
  useEffect(() => {
    // After an action the workflow may act a moment later: follow it for a while either way.
    if (!connection || (!moving(connection) && Date.now() > followUntil.current)) return;
    const timer = setTimeout(() => void load(), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [connection]);
  useEffect(() => {
    if (!kpiKey) return setKpis([]);
    get<Page<KpiValue>>(`/v1/kpis?connectionId=${id}&key=${encodeURIComponent(kpiKey)}&from=${daysAgo(CHART_DAYS)}&limit=1000`).then(
      (page) => setKpis(page.items),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [id, kpiKey, runs.length]);

  async function act(action: Action) {
    setBusy(true);
    followUntil.current = Date.now() + FOLLOW_AFTER_ACTION_MS;
    try {
      const after = await change<Connection>('POST', `/v1/connections/${id}/${action.id}`);
      setResult({ ok: true, text: `${action.label}: done. The connection is now ${after.status}.` });
      setConnection(after);
    } catch (failure) {
      setResult({ ok: false, text: `${action.label} did not happen: ${messageOf(failure)}` });
    } finally {
      setBusy(false);
      setAsking(null);
      void load();
    }
  }

  if (!connection) {
    return error ? (
      <p role="alert" class="error">
        {error} <a href="#/">Back to the list</a>
      </p>
    ) : (
      <p aria-live="polite">Loading…</p>
    );
  }
  const c = connection;
  const problem = problemOf(c);
  const stepIndex = onboardingSteps.indexOf(c.onboarding.step);
  const linkFor = (template: string) => template.replace('{id}', c.id);

  return (
    <article aria-labelledby="connection-title">
      <p>
        <a href="#/">← All connections</a>
      </p>
      <h2 id="connection-title">{c.name}</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class={`status status-${c.status}`} data-testid="connection-status">
            {c.status}
          </span>
          {c.sync.paused && ' (syncs paused)'}
        </dd>
        <dt>Tenant</dt>
        <dd>{c.tenantId}</dd>
        <dt>Integration</dt>
        <dd>{c.integration}</dd>
        <dt>Connection id</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
        <dt>Last sync</dt>
        <dd>
          {[when(c.sync.lastSyncAt), c.sync.lastStatus && `(${c.sync.lastStatus})`].filter(Boolean).join(' ')}; next {when(c.sync.nextSyncAt)}
        </dd>
        <dt>In Temporal</dt>
        <dd>
          <a href={linkFor(session.temporalUi.onboardingWorkflowUrl)} target="_blank" rel="noreferrer">
            Onboarding workflow
          </a>{' '}
          ·{' '}
          <a href={linkFor(session.temporalUi.syncScheduleUrl)} target="_blank" rel="noreferrer">
            Sync schedule
          </a>
        </dd>
      </dl>
      {problem && (
        <div class="problem" role="note" aria-label="Last error">
          <p>
            <code>{problem.code}</code>: {problem.message}
          </p>
          <p>What to do: {problem.hint}</p>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}

      <section aria-labelledby="actions-title" class="card">
        <h3 id="actions-title">Actions</h3>
        <div class="actions">
          {ACTIONS.map((action) => (
            <button type="button" disabled={busy || !action.allowed(c)} onClick={() => (setResult(null), setAsking(action))}>
              {action.label}
            </button>
          ))}
        </div>
        {asking && (
          <Confirm
            id={`confirm-${asking.id}`}
            question={asking.question}
            label={asking.label}
            busy={busy}
            onConfirm={() => void act(asking)}
            onCancel={() => setAsking(null)}
          />
        )}
        <p role="status" class={result ? (result.ok ? 'ok' : 'error') : ''}>
          {result?.text}
        </p>
      </section>

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">Onboarding timeline</h3>
        <ol class="steps">
          {onboardingSteps.map((step, i) => {
            const state = i < stepIndex || c.onboarding.step === 'done' ? 'done' : i === stepIndex ? c.onboarding.state : 'not reached';
            return (
              <li class={`step step-${state.replace(' ', '-')}`}>
                <strong>{step}</strong> — {state}
                {i === stepIndex && c.onboarding.step !== 'done' && ` (attempt ${c.onboarding.attempts}, since ${when(c.onboarding.updatedAt)})`}
                {i === stepIndex && c.onboarding.lastError && (
                  <p class="error">
                    <code>{c.onboarding.lastError.code}</code>: {c.onboarding.lastError.message} — {c.onboarding.lastError.hint}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <ul class="events">
          {audit
            .filter((e) => ONBOARDING_ACTIONS.has(e.action))
            .reverse()
            .map((e) => (
              <li>
                {when(e.at)}: {e.action} by {e.actorRole} key <code>{e.actorKeyId}</code> — {e.outcome}
              </li>
            ))}
        </ul>
      </section>

      <section aria-labelledby="runs-title">
        <h3 id="runs-title">Sync runs</h3>
        {runs.length === 0 ? (
          <p>No run yet.</p>
        ) : (
          <Table labelledBy="runs-title" columns={['Started', 'Status', 'Window', 'KPIs written', 'Attempts', 'Duration', 'Error']}>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{when(r.startedAt)}</td>
                <td>{r.status}</td>
                <td>
                  {r.window.from.slice(0, 10)} → {r.window.to.slice(0, 10)}
                </td>
                <td>{r.kpisWritten}</td>
                <td>{r.attempts}</td>
                <td>{r.durationMs === null ? '–' : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                <td>{r.error ? `${r.error.code}: ${r.error.message}` : '–'}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="kpis-title">
        <h3 id="kpis-title">KPIs over time</h3>
        {kpiKeys.length === 0 ? (
          <p>No KPI written yet.</p>
        ) : (
          <>
            <label for="kpi-key">KPI shown</label>
            <select id="kpi-key" value={kpiKey} onChange={(e) => setKpiKey(e.currentTarget.value)}>
                {kpiKeys.map((k) => (
                  <option value={k}>{k}</option>
                ))}
            </select>
            <KpiChart values={kpis} label={kpiKey} />
          </>
        )}
      </section>

      <WebhooksSection tenantId={c.tenantId} />

      <section aria-labelledby="audit-title">
        <h3 id="audit-title">Audit trail</h3>
        {audit.length === 0 ? (
          <p>Nothing recorded.</p>
        ) : (
          <Table labelledBy="audit-title" columns={['When', 'Action', 'By', 'Outcome']}>
            {audit.map((e) => (
              <tr key={e.id}>
                <td>{when(e.at)}</td>
                <td>{e.action}</td>
                <td>
                  {e.actorRole} <code>{e.actorKeyId}</code>
                </td>
                <td>
                  {e.outcome}
                  {e.statusCode !== null && ` (${e.statusCode})`}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </article>
  );
}
