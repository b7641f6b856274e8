import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onboardingSteps } from '../../domain/connection-states.js';
import { derivedKpisFedBy, keyInWords } from '../../domain/derived-kpis.js';
import { change, get, messageOf, type AuditEvent, type Connection, type ConsoleSession, type KpiValue, type Page, type SyncRun } from './api.js';
import { CallTable } from './calls.js';
import { KpiChart } from './chart.js';
import { FixLink } from './fix-link.js';
import { Confirm } from './confirm.js';
import { endUserText, problemOf, runProblem, waitingText, when } from './format.js';
import { followUntilSettled, settledText, workingText } from './settle.js';
import { Table } from './table.js';
import { WebhooksSection } from './webhooks.js';
import { ACTIONS, type Action } from './actions.js';

/** Onboarding actions the audit trail records, shown on the timeline beside the steps. */
const ONBOARDING_ACTIONS = new Set(['create', 'credentials.update', 'config.update', 'retry', 'reauthorize', 'delete']);
/** While onboarding or a run is moving, the page follows it. */
const moving = (c: Connection) => ['pending', 'configuring', 'testing'].includes(c.status) || c.onboarding.state === 'running';
const REFRESH_MS = 2_000;
const FOLLOW_AFTER_ACTION_MS = 15_000;
const CHART_DAYS = 60;

/** A derived KPI of the connection's tenant, as GET /v1/derived-kpis/latest answers it. */
interface DerivedKpi {
  key: string;
  period: string;
  value: number | null;
  unit: string | null;
  stale: boolean;
  message: string | null;
}

/** "customer acquisition cost: 150 EUR (2026-12)", or why there is none ("This needs Xero and Stripe: …"). */
const derivedText = (d: DerivedKpi) =>
  `${keyInWords(d.key)}: ${d.value === null ? d.message : `${d.value} ${d.unit} (${d.period.slice(0, 7)})${d.stale ? `. ${d.message}` : ''}`}`;

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
  const [derived, setDerived] = useState<DerivedKpi[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Action | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [working, setWorking] = useState<string | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [testCallsOpen, setTestCallsOpen] = useState(false);
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
      // The tenant's derived KPIs this integration goes into: their value, or what they still need.
      if (derivedKpisFedBy(c.integration).length > 0) {
        const tenant = await get<{ items: DerivedKpi[] }>(`/v1/derived-kpis/latest?tenant=${encodeURIComponent(c.tenantId)}`);
        const fed = new Set<string>(derivedKpisFedBy(c.integration).map((d) => d.key));
        setDerived(tenant.items.filter((d) => fed.has(d.key)));
      }
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
    const before = connection!;
    const lastRunId = runs[0]?.id ?? null;
    setBusy(true);
    followUntil.current = Date.now() + FOLLOW_AFTER_ACTION_MS;
    try {
      const answer = await change<Connection>('POST', `/v1/connections/${id}/${action.id}`);
      setConnection(answer);
      setAsking(null);
      // The answer shows the connection as the API found it; what the action led to comes later.
      // Until then a live region says so; the status line tells only the outcome.
      setWorking(workingText(action.label, answer));
      const settled = await followUntilSettled(action.id, before, lastRunId, (now) => {
        setConnection(now);
        setWorking(workingText(action.label, now));
      });
      if (settled) {
        setConnection(settled.connection);
        setResult({ ok: !settled.run || settled.run.status !== 'failed', text: settledText(action.label, settled) });
      } else {
        setResult({ ok: true, text: workingText(action.label, answer, true) });
      }
    } catch (failure) {
      setResult({ ok: false, text: `${action.label} did not happen: ${messageOf(failure)}` });
    } finally {
      setWorking(null);
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
        {c.waitingSince && (
          <>
            <dt>Waiting on a person</dt>
            <dd data-testid="waiting-since">{waitingText(c)}</dd>
          </>
        )}
        <dt>Tenant</dt>
        <dd>{c.tenantId}</dd>
        <dt>End user</dt>
        <dd>{endUserText(c) ?? 'not recorded (not made through a Connect session)'}</dd>
        <dt>Integration</dt>
        <dd>{c.integration}</dd>
        {derived.length > 0 && (
          <>
            <dt>Completes</dt>
            <dd data-testid="derived-kpis">{derived.map(derivedText).join('; ')}</dd>
          </>
        )}
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
        <FixLink connection={c} onMade={() => void load()} />
        <p class="working" aria-live="polite">
          {working}
        </p>
        <p role="status" class={result ? (result.ok ? 'ok' : 'error') : ''}>
          {result?.text}
        </p>
      </section>

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">Onboarding timeline</h3>
        <ol class="steps">
          {/* `done` is where the steps end, not a step: no row of its own. */}
          {onboardingSteps.filter((step) => step !== 'done').map((step, i) => {
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
        {c.onboarding.attempts > 0 && (
          <p>
            <button type="button" class="link-button" aria-expanded={testCallsOpen} aria-controls="onboarding-calls" onClick={() => setTestCallsOpen(!testCallsOpen)}>
              {testCallsOpen ? 'Hide' : 'Show'} the vendor calls of the connection tests
            </button>
          </p>
        )}
        {testCallsOpen && <CallTable path={`/v1/connections/${c.id}/onboarding/calls`} id="onboarding-calls" label="Vendor calls of the connection tests" />}
        <ul class="events">
          {audit
            .filter((e) => ONBOARDING_ACTIONS.has(e.action))
            .reverse()
            .map((e) => (
              <li>
                {when(e.at)}: {e.action} by {e.actorLabel ? `${e.actorLabel}, ` : ''}
                {e.actorRole} key <code>{e.actorKeyId}</code> — {e.outcome}
              </li>
            ))}
        </ul>
      </section>

      <section aria-labelledby="runs-title">
        <h3 id="runs-title">Sync runs</h3>
        {runs.length === 0 ? (
          <p>No run yet.</p>
        ) : (
          <Table labelledBy="runs-title" columns={['Started', 'Status', 'Window', 'KPIs written', 'Attempts', 'Duration', 'Error', 'Vendor calls']}>
            {runs.map((r) => (
              <Fragment key={r.id}>
                <tr>
                  <td data-label="Started">{when(r.startedAt)}</td>
                  <td data-label="Status">{r.status}</td>
                  <td data-label="Window">
                    {r.window.from.slice(0, 10)} → {r.window.to.slice(0, 10)}
                  </td>
                  <td data-label="KPIs written">{r.kpisWritten}</td>
                  <td data-label="Attempts">{r.attempts}</td>
                  <td data-label="Duration">{r.durationMs === null ? '–' : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                  <td data-label="Error">{runProblem(r)}</td>
                  <td data-label="Vendor calls">
                    <button
                      type="button"
                      class="link-button"
                      aria-expanded={openRun === r.id}
                      aria-controls={`calls-${r.id}`}
                      aria-label={`${openRun === r.id ? 'Hide' : 'Show'} the vendor calls of the run started ${when(r.startedAt)}`}
                      onClick={() => setOpenRun(openRun === r.id ? null : r.id)}
                    >
                      {openRun === r.id ? 'Hide' : 'Show'}
                    </button>
                  </td>
                </tr>
                {openRun === r.id && (
                  <tr class="expanded">
                    <td colSpan={8}>
                      <CallTable path={`/v1/connections/${c.id}/runs/${r.id}/calls`} id={`calls-${r.id}`} label={`Vendor calls of the run started ${when(r.startedAt)}`} />
                    </td>
                  </tr>
                )}
              </Fragment>
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

      <WebhooksSection tenantId={c.tenantId} connectionId={c.id} />

      <section aria-labelledby="audit-title">
        <h3 id="audit-title">Audit trail</h3>
        {audit.length === 0 ? (
          <p>Nothing recorded.</p>
        ) : (
          <Table labelledBy="audit-title" columns={['When', 'Action', 'By', 'Outcome']}>
            {audit.map((e) => (
              <tr key={e.id}>
                <td data-label="When">{when(e.at)}</td>
                <td data-label="Action">{e.action}</td>
                <td data-label="By">
                  {e.actorLabel && <span class="sub-strong">{e.actorLabel}</span>}
                  {e.actorRole} <code>{e.actorKeyId}</code>
                </td>
                <td data-label="Outcome">
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
