import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, ApiUnreachable } from '../shared/api.js';
import { followProgress } from './progress.js';
import { fieldErrorsOf, SchemaForm, type FieldErrors } from './schema-form.js';
import { sessionApi, takeSessionToken, type Api } from './session.js';
import { isTerminal, type Connection, type Integration, type Options, type SessionInfo } from './types.js';

const STEPS = [
  ['connect', 'Connect'],
  ['configure', 'Configure'],
  ['test', 'Test'],
  ['activate', 'Complete'],
] as const;

/** Needs the provider to be asked again (a new sign-in or new credentials), not just a retry. */
const CREDENTIAL_ERRORS = ['auth_failed', 'permission_denied', 'reauthorization_required'];

function Steps({ current }: { current: string }) {
  const at = current === 'done' ? STEPS.length : STEPS.findIndex(([step]) => step === current);
  return (
    <ol class="steps" aria-label="Progress">
      {STEPS.map(([step, label], i) => (
        <li key={step} class={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          {label}
        </li>
      ))}
    </ol>
  );
}

function Catalog({ items, onChoose }: { items: Integration[]; onChoose(i: Integration): void }) {
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Choose what to connect</h2>
      <ul class="cards">
        {items.map((i) => (
          <li class="card" key={i.slug}>
            <h3>{i.name}</h3>
            <p class="category">{i.category}</p>
            <p>{i.description}</p>
            {i.capabilities.length > 0 && (
              <p class="kpis">
                <span class="visually-hidden">Brings: </span>
                {i.capabilities.map((c) => (
                  <span class="kpi" key={c.key} title={c.description}>{c.key.replaceAll('_', ' ')}</span>
                ))}
              </p>
            )}
            <button type="button" onClick={() => onChoose(i)} aria-label={`Connect ${i.name}`}>Connect</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Opens the provider's sign-in: a popup when the browser allows one, else this window. */
function useAuthorizationWindow() {
  const popup = useRef<Window | null>(null);
  /** The status when the sign-in began: the server seeing the authorization moves it on. */
  const since = useRef('pending');
  return {
    /** Must run inside the click, before any await, or the browser blocks the popup. */
    open(status = 'pending'): boolean {
      since.current = status;
      popup.current = window.open('about:blank', 'onramp-authorize', 'popup,width=520,height=680');
      return popup.current !== null;
    },
    /** Closes the window once progress shows the authorization arrived (not by watching popup.closed). */
    seen(c: Connection) {
      const moved = c.status !== since.current && c.status !== 'pending';
      if (popup.current && (moved || c.onboarding.state === 'failed')) this.close();
    },
    go(url: string) {
      if (popup.current && !popup.current.closed) {
        // The provider's page gets no handle on this one.
        popup.current.opener = null;
        popup.current.location.href = url;
      } else window.location.assign(url);
    },
    close() {
      const window = popup.current;
      popup.current = null;
      // A close() that lands while the window is still loading the callback's answer can be
      // dropped by the browser: ask again until it is gone (a few seconds at most).
      let tries = 0;
      const attempt = () => {
        if (!window || window.closed || tries++ > 20) return;
        window.close();
        setTimeout(attempt, 250);
      };
      attempt();
    },
  };
}

function ConnectPage() {
  const [token] = useState(takeSessionToken);
  const api: Api | null = token ? sessionApi(token) : null;
  const [refused, setRefused] = useState<string | null>(token ? null : 'This page opens from a link the application gives you; ask it for one.');
  const [unreachable, setUnreachable] = useState(false);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [catalog, setCatalog] = useState<Integration[] | null>(null);
  const [chosen, setChosen] = useState<Integration | null>(null);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [streamGeneration, setStreamGeneration] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<Options | undefined>(undefined);
  const authorization = useAuthorizationWindow();

  /** Runs a call: an unreachable API shows the banner, a refused session the end page; field errors are answered. */
  async function attempt<T>(call: () => Promise<T>, part?: 'credentials' | 'config'): Promise<T | undefined> {
    setBusy(true);
    setErrors({});
    try {
      const result = await call();
      setUnreachable(false);
      return result;
    } catch (error) {
      if (error instanceof ApiUnreachable) setUnreachable(true);
      else if (error instanceof ApiProblem && error.problem.status === 401) setRefused(error.message);
      else if (error instanceof ApiProblem) {
        const fields = part ? fieldErrorsOf(error.problem.errors, part) : {};
        setErrors(Object.keys(fields).length > 0 ? fields : { _form: error.message });
      } else throw error;
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (!api) return;
    void attempt(async () => {
      const info = await api<SessionInfo>('/v1/connect/session');
      const { items } = await api<{ items: Integration[] }>('/v1/integrations');
      setSession(info);
      setCatalog(items);
      if (info.connectionId) {
        const existing = await api<Connection>(`/v1/connections/${info.connectionId}`);
        setChosen(items.find((i) => i.slug === existing.integration) ?? null);
        setConnection(existing);
      } else if (items.length === 1) setChosen(items[0]!);
    });
  }, []);

  // Live progress: reopened after each action, since a terminal state ends the stream.
  useEffect(() => {
    if (!token || !connection?.id) return;
    return followProgress(connection.id, token, {
      onProgress(c) {
        setUnreachable(false);
        setConnection((previous) => ({ ...c, authorizeUrl: previous?.authorizeUrl }));
        authorization.seen(c);
      },
      onError(e) {
        if (e instanceof ApiUnreachable) setUnreachable(true);
        else if (e instanceof ApiProblem && e.problem.status === 401) setRefused(e.message);
      },
    });
  }, [connection?.id, streamGeneration]);

  const waitingForConfig = connection?.onboarding.step === 'configure' && connection.onboarding.state === 'waiting';
  const failedConfig = connection?.onboarding.lastError?.code === 'invalid_config';
  useEffect(() => {
    if (!api || !connection || !(waitingForConfig || failedConfig) || options) return;
    void attempt(async () => setOptions((await api<{ options: Options }>(`/v1/connections/${connection.id}/options`)).options));
  }, [waitingForConfig, failedConfig]);

  const acted = (c: Connection | undefined) => {
    if (!c) return;
    setConnection((previous) => ({ ...c, authorizeUrl: c.authorizeUrl ?? previous?.authorizeUrl }));
    setStreamGeneration((g) => g + 1);
  };

  async function create(integration: Integration, credentials?: Record<string, string>) {
    const popup = integration.authKind === 'oauth2' ? authorization.open() : false;
    const body = {
      integration: integration.slug,
      ...(credentials ? { credentials } : {}),
      // Without a popup the provider returns to the application's returnUrl in this window.
      ...(integration.authKind === 'oauth2' && !popup && session?.returnUrl ? { returnUrl: session.returnUrl } : {}),
    };
    const created = await attempt(() => api!<Connection>('/v1/connections', { method: 'POST', json: body }), 'credentials');
    if (created?.authorizeUrl) authorization.go(created.authorizeUrl);
    else if (!created) authorization.close();
    acted(created);
  }

  async function authorizeAgain(c: Connection) {
    authorization.open(c.status);
    const path = c.status === 'failed' || c.onboarding.step === 'connect' ? 'retry' : 'reauthorize';
    const answer = await attempt(() => api!<Connection>(`/v1/connections/${c.id}/${path}`, { method: 'POST' }));
    if (answer?.authorizeUrl) authorization.go(answer.authorizeUrl);
    else authorization.close();
    acted(answer);
  }

  const sendCredentials = async (c: Connection, credentials: Record<string, string>) => {
    const answer = await attempt(() => api!<Connection>(`/v1/connections/${c.id}/credentials`, { method: 'PUT', json: { credentials } }), 'credentials');
    // A connection whose syncs failed runs one now with the new credentials.
    if (answer && c.status === 'error') acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/retry`, { method: 'POST' })));
    else acted(answer);
  };
  const sendConfig = async (c: Connection, config: Record<string, string>) =>
    acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/config`, { method: 'PUT', json: { config } }), 'config'));
  const retry = async (c: Connection) => acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/retry`, { method: 'POST' })));

  const banner = unreachable && (
    <p class="banner" role="alert">Onramp cannot be reached right now. Check your connection; this page keeps trying.</p>
  );

  if (refused) {
    return (
      <main>
        <h1>{token ? 'This link no longer works' : 'Connect an integration'}</h1>
        <p class="notice" role="alert">{refused}</p>
      </main>
    );
  }

  return (
    <main>
      <h1>Connect an integration</h1>
      {banner}
      {!catalog && !unreachable && <p aria-live="polite">Loading…</p>}
      {catalog && !chosen && !connection && <Catalog items={catalog} onChoose={setChosen} />}
      {chosen && !connection && (
        <section aria-labelledby="connect-title">
          <Steps current="connect" />
          <h2 id="connect-title">Connect {chosen.name}</h2>
          {chosen.authKind === 'oauth2' ? (
            <>
              <p>You will sign in to {chosen.name} in a new window and allow Onramp to read your data.</p>
              {errors._form && <p class="error" role="alert">{errors._form}</p>}
              <button type="button" disabled={busy} onClick={() => void create(chosen)}>Sign in with {chosen.name}</button>
            </>
          ) : (
            <SchemaForm id="credentials" schema={chosen.credentialsSchema} submitLabel="Connect" errors={errors} busy={busy} onSubmit={(v) => void create(chosen, v)} />
          )}
          {catalog && catalog.length > 1 && (
            <button type="button" class="link" onClick={() => setChosen(null)}>Choose another integration</button>
          )}
        </section>
      )}
      {connection && chosen && (
        <ConnectionView
          connection={connection}
          integration={chosen}
          session={session}
          errors={errors}
          busy={busy}
          options={options}
          onCredentials={(v) => void sendCredentials(connection, v)}
          onConfig={(v) => void sendConfig(connection, v)}
          onAuthorize={() => void authorizeAgain(connection)}
          onRetry={() => void retry(connection)}
        />
      )}
    </main>
  );
}

function ConnectionView(props: {
  connection: Connection;
  integration: Integration;
  session: SessionInfo | null;
  errors: FieldErrors;
  busy: boolean;
  options: Options | undefined;
  onCredentials(v: Record<string, string>): void;
  onConfig(v: Record<string, string>): void;
  onAuthorize(): void;
  onRetry(): void;
}) {
  const { connection: c, integration: i } = props;
  const failed = c.status === 'failed' || c.onboarding.state === 'failed';
  const problem = failed ? c.onboarding.lastError : c.status === 'error' ? c.sync.lastError : null;
  const oauth = i.authKind === 'oauth2';
  const credentialsForm = (label: string) => (
    <SchemaForm id="credentials" schema={i.credentialsSchema} submitLabel={label} errors={props.errors} busy={props.busy} onSubmit={props.onCredentials} />
  );
  const configForm = (label: string) => (
    <SchemaForm id="config" schema={i.configSchema} submitLabel={label} errors={props.errors} busy={props.busy} options={props.options} initial={c.config} onSubmit={props.onConfig} />
  );
  const authorizeButton = (label: string) => (
    <button type="button" disabled={props.busy} onClick={props.onAuthorize}>{label}</button>
  );

  let body;
  if (c.status === 'active' && isTerminal(c)) {
    const written = new Set(c.kpisWritten ?? []);
    const kpis = i.capabilities.filter((k) => written.has(k.key));
    const back = props.session?.returnUrl ? new URL(props.session.returnUrl) : null;
    back?.searchParams.set('connectionId', c.id);
    back?.searchParams.set('status', 'connected');
    body = (
      <div class="complete">
        <p class="success" role="status">{i.name} is connected and its first sync is done.</p>
        <h3>KPIs now arriving</h3>
        {kpis.length > 0 ? (
          <ul class="kpi-list">
            {kpis.map((k) => (
              <li key={k.key}><strong>{k.key.replaceAll('_', ' ')}</strong>: {k.description}</li>
            ))}
          </ul>
        ) : (
          <p>The first sync found no data yet; it runs again on its schedule.</p>
        )}
        {back && <a class="button" href={back.href}>Back to the application</a>}
      </div>
    );
  } else if (problem) {
    const credentialProblem = CREDENTIAL_ERRORS.includes(problem.code);
    body = (
      <div class="failure">
        <div class="notice" role="alert">
          <p><strong>{problem.message}</strong></p>
          <p>{problem.hint}</p>
        </div>
        {credentialProblem && oauth && authorizeButton(`Sign in to ${i.name} again`)}
        {credentialProblem && !oauth && credentialsForm('Save and test again')}
        {problem.code === 'invalid_config' && configForm('Save and test again')}
        {!credentialProblem && problem.code !== 'invalid_config' && (
          <button type="button" disabled={props.busy} onClick={props.onRetry}>Try again</button>
        )}
        {props.errors._form && !credentialProblem && problem.code !== 'invalid_config' && <p class="error" role="alert">{props.errors._form}</p>}
      </div>
    );
  } else if (c.onboarding.step === 'connect' && oauth) {
    body = (
      <div>
        <p aria-live="polite">Waiting for you to finish signing in to {i.name} in the other window…</p>
        {authorizeButton('Open the sign-in window again')}
      </div>
    );
  } else if (c.onboarding.step === 'connect' && c.onboarding.state === 'waiting') {
    body = credentialsForm('Connect');
  } else if (c.onboarding.step === 'configure' && c.onboarding.state === 'waiting') {
    body = (
      <div>
        <p>Choose what {i.name} should report on.</p>
        {configForm('Save and test')}
      </div>
    );
  } else {
    body = (
      <p aria-live="polite" class="working">
        {c.onboarding.step === 'test' ? `Testing the connection (attempt ${Math.max(1, c.onboarding.attempts)})…` : c.onboarding.step === 'activate' || c.onboarding.step === 'done' ? 'Starting the first sync…' : 'Working…'}
      </p>
    );
  }
  return (
    <section aria-labelledby="connection-title">
      <Steps current={c.status === 'active' && isTerminal(c) ? 'done' : c.onboarding.step} />
      <h2 id="connection-title">{c.name}</h2>
      <p class="status">
        {i.name} · status <strong data-status={c.status}>{c.status}</strong> · step {c.onboarding.step} ({c.onboarding.state})
      </p>
      {body}
    </section>
  );
}

render(<ConnectPage />, document.getElementById('app')!);
