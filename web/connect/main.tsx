import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem, ApiUnreachable } from '../shared/api.js';
import { BrandHeader, productNameOf, useBranding } from './branding.js';
import { Catalog } from './catalog.js';
import { Complete } from './complete.js';
import { createHost } from './host.js';
import { followProgress } from './progress.js';
import { failureOf, recoveryFor, type Recovery } from './recovery.js';
import { fieldErrorsOf, labelOf, SchemaForm, type FieldErrors } from './schema-form.js';
import { sessionApi, takeReturnFromProvider, takeSessionToken, type Api } from './session.js';
import { Steps, STEP_LABELS, type StepName } from './steps.js';
import { isTerminal, type Connection, type Integration, type JsonSchema, type Options, type SessionInfo } from './types.js';

/** Discovery of config choices: the list, or the provider's refusal (with its code and words). */
interface Discovery {
  options?: Options;
  failure?: { code: string; userMessage: string };
  loading: boolean;
  /** The list could not be had (a refusal, an outage, no network). */
  failed?: boolean;
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

/** The name of a chosen value where discovery knows it ("acme.example"), else the value itself. */
const nameOf = (options: Options | undefined, field: string, value: unknown) =>
  options?.[field]?.find((o) => o.value === value)?.label ?? (value === undefined || value === '' ? null : String(value));

function ConnectPage() {
  const [token] = useState(takeSessionToken);
  const [returned] = useState(takeReturnFromProvider);
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
  const [discovery, setDiscovery] = useState<Discovery>({ loading: false });
  const [discoveryGeneration, setDiscoveryGeneration] = useState(0);
  /** The person asked for another way than the one offered first (other credentials, another choice). */
  const [override, setOverride] = useState<'credentials' | 'choose' | null>(null);
  const [exited, setExited] = useState(false);
  /** What this page sent as credentials, in memory only: a retyped form keeps them ("saved"). */
  const sentCredentials = useRef<Record<string, string>>({});
  const authorization = useAuthorizationWindow();
  const host = useMemo(() => createHost(session?.returnUrl ?? null), [session?.returnUrl]);
  useBranding(session?.branding);

  /** Runs a call: an unreachable API shows the banner, a refused session the end page; field errors are answered. */
  async function attempt<T>(call: () => Promise<T>, part?: 'credentials' | 'config' | 'both'): Promise<T | undefined> {
    setBusy(true);
    setErrors({});
    try {
      const result = await call();
      setUnreachable(false);
      return result;
    } catch (error) {
      if (error instanceof ApiUnreachable) setUnreachable(true);
      else if (error instanceof ApiProblem && error.problem.status === 401) setRefused(error.message);
      else if (error instanceof ApiProblem && error.problem.status === 403) {
        // Set up meanwhile (the application fixed it): this link may only show it now, so show where it stands.
        setErrors({ _form: error.message });
        setStreamGeneration((g) => g + 1);
      } else if (error instanceof ApiProblem) {
        const fields =
          part === 'both'
            ? { ...fieldErrorsOf(error.problem.errors, 'credentials'), ...prefixed(fieldErrorsOf(error.problem.errors, 'config')) }
            : part
              ? fieldErrorsOf(error.problem.errors, part)
              : {};
        const failure = error.problem.failure as { userMessage?: string } | undefined;
        setErrors(Object.keys(fields).length > 0 ? fields : { _form: failure?.userMessage ?? 'That did not work. Try again in a moment.' });
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

  useEffect(() => {
    if (session) host.post({ type: 'open' });
  }, [session]);

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

  const failure = connection ? failureOf(connection) : null;
  const waitingForConfig = connection?.onboarding.step === 'configure' && connection.onboarding.state === 'waiting';
  // The list is needed to configure, and to pick another choice after a wrong one.
  const needsChoices = Boolean(connection && (waitingForConfig || (failure && ['invalid_config', 'config_timeout', 'permission_denied'].includes(failure.error.code))));
  useEffect(() => {
    if (!api || !connection || !needsChoices) return;
    let current = true;
    setDiscovery((d) => ({ ...d, loading: true }));
    void api<{ options: Options }>(`/v1/connections/${connection.id}/options`).then(
      ({ options }) => current && setDiscovery({ options, loading: false }),
      (error: unknown) => {
        if (!current) return;
        const refusal = error instanceof ApiProblem ? (error.problem.failure as Discovery['failure']) : undefined;
        if (error instanceof ApiUnreachable) setUnreachable(true);
        setDiscovery({ failure: refusal, loading: false, failed: true });
      },
    );
    return () => {
      current = false;
    };
  }, [connection?.id, needsChoices, discoveryGeneration]);

  const acted = (c: Connection | undefined) => {
    if (!c) return;
    setOverride(null);
    setConnection((previous) => ({ ...c, authorizeUrl: c.authorizeUrl ?? previous?.authorizeUrl }));
    setStreamGeneration((g) => g + 1);
  };

  /** Where a same-window sign-in comes back to: this page, which then finishes set-up. */
  const thisPage = () => `${location.origin}${location.pathname}`;

  async function create(integration: Integration, values?: Record<string, string>) {
    const popup = integration.authKind === 'oauth2' ? authorization.open() : false;
    const { credentials, config } = values ? splitValues(values) : { credentials: undefined, config: undefined };
    if (credentials) sentCredentials.current = credentials;
    const body = {
      integration: integration.slug,
      ...(credentials ? { credentials } : {}),
      ...(config && Object.keys(config).length > 0 ? { config } : {}),
      // Without a popup the provider returns to this page in this window.
      ...(integration.authKind === 'oauth2' && !popup ? { returnUrl: thisPage() } : {}),
    };
    const created = await attempt(() => api!<Connection>('/v1/connections', { method: 'POST', json: body }), 'both');
    if (created?.authorizeUrl) authorization.go(created.authorizeUrl);
    else if (!created) authorization.close();
    acted(created);
  }

  async function authorizeAgain(c: Connection) {
    const popup = authorization.open(c.status);
    const path = c.status === 'failed' || c.onboarding.step === 'connect' ? 'retry' : 'reauthorize';
    const json = popup ? undefined : { returnUrl: thisPage() };
    const answer = await attempt(() => api!<Connection>(`/v1/connections/${c.id}/${path}`, { method: 'POST', ...(json ? { json } : {}) }));
    if (answer?.authorizeUrl) authorization.go(answer.authorizeUrl);
    else authorization.close();
    acted(answer);
  }

  const sendCredentials = async (c: Connection, credentials: Record<string, string>) => {
    sentCredentials.current = credentials;
    const answer = await attempt(() => api!<Connection>(`/v1/connections/${c.id}/credentials`, { method: 'PUT', json: { credentials } }), 'credentials');
    if (!answer) return;
    // Discovery saw the old credentials: look again with the new ones.
    setDiscovery({ loading: false });
    setDiscoveryGeneration((g) => g + 1);
    // A connection whose syncs failed runs one now with the new credentials.
    if (c.status === 'error') acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/retry`, { method: 'POST' })));
    else acted(answer);
  };
  const sendConfig = async (c: Connection, config: Record<string, string>) =>
    acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/config`, { method: 'PUT', json: { config } }), 'config'));
  const retry = async (c: Connection) => acted(await attempt(() => api!<Connection>(`/v1/connections/${c.id}/retry`, { method: 'POST' })));
  const discoverAgain = () => {
    setDiscovery({ loading: false });
    setDiscoveryGeneration((g) => g + 1);
  };

  const complete = Boolean(connection && connection.status === 'active' && isTerminal(connection));
  /** Back from a same-window sign-in, its connection not loaded yet. */
  const finishing = Boolean(returned && !connection && catalog);
  const integration = chosen;
  const oauth = integration?.authKind === 'oauth2';
  // Where the page stands: the failing step, or onboarding's own.
  let recovery: (Recovery & { fromDiscovery?: boolean }) | null = null;
  if (connection && integration && failure) {
    // Another choice is a way out only where the provider lists choices (a GA4 property, a Cloudflare zone).
    const canChoose = Object.values(discovery.options ?? {}).some((list) => list.length > 0);
    recovery = recoveryFor(failure.error, failure.at, oauth, canChoose);
  } else if (connection && integration && waitingForConfig && discovery.failure && discovery.failure.code !== 'provider_unavailable' && discovery.failure.code !== 'rate_limited') {
    // The credentials could not even list the choices: the fault is the Connect step's, not Configure's.
    const refused = recoveryFor({ code: discovery.failure.code, message: '', hint: '', userMessage: discovery.failure.userMessage }, 'connect', oauth, false);
    const permission = discovery.failure.code === 'permission_denied';
    // A permission to add at the vendor: "Try again" once it is added (or other credentials); a refusal: new credentials.
    recovery = { ...refused, step: 'connect', credentials: !oauth && !permission, signIn: oauth, retry: permission, fromDiscovery: true };
  }
  const stepReached: string = !connection
    ? 'connect'
    : complete
      ? 'done'
      : (recovery?.step ?? (connection.onboarding.step === 'done' ? 'activate' : connection.onboarding.step));
  const stepState = complete ? 'done' : recovery ? 'failed' : (connection?.onboarding.state ?? 'waiting');
  const screen = exited ? 'exited' : !catalog ? 'loading' : !chosen && !connection ? 'catalog' : `${stepReached}:${stepState}:${override ?? ''}`;

  // Each new screen: its heading takes the focus (a screen reader reads where the person is) and the host hears the step.
  const previousScreen = useRef('loading');
  useEffect(() => {
    // Not on arrival: the page starts at its top as any page does.
    const arriving = previousScreen.current === 'loading';
    previousScreen.current = screen;
    if (!arriving) document.getElementById('screen-title')?.focus();
  }, [screen]);
  useEffect(() => {
    if (connection) host.post({ type: 'step', step: stepReached, state: stepState });
  }, [stepReached, stepState, Boolean(connection)]);
  useEffect(() => {
    if (recovery) host.post({ type: 'error', code: recovery.code, userMessage: recovery.userMessage });
  }, [recovery?.code, recovery?.step]);
  useEffect(() => {
    if (complete && connection) host.post({ type: 'success', connectionId: connection.id, integration: connection.integration });
  }, [complete]);

  const exit = () => {
    if (complete || exited) return;
    const left = host.exit(connection?.id ?? null, connection ? stepReached : chosen ? 'connect' : 'catalog');
    if (!left) {
      authorization.close();
      setExited(true);
    }
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) exit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const banner = unreachable && (
    <p class="banner" role="alert">We cannot reach the service right now. Check your internet connection; this page keeps trying.</p>
  );
  const announcement = exited
    ? 'Set-up left.'
    : complete
      ? `${integration?.name ?? ''} is connected.`
      : connection
        ? `Step ${stepIndex(stepReached) + 1} of 4, ${STEP_LABELS[stepReached as StepName] ?? ''}: ${stepState === 'failed' ? 'needs your attention' : stepState === 'waiting' ? 'waiting for you' : 'in progress'}.`
        : '';
  const cancel = !complete && !exited && catalog && (
    <p class="cancel">
      <button type="button" class="secondary" onClick={exit}>Cancel</button>
    </p>
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
      <BrandHeader branding={session?.branding} />
      <h1>Connect an integration</h1>
      <p class="visually-hidden" aria-live="polite">{announcement}</p>
      {banner}
      {exited ? (
        <section aria-labelledby="screen-title">
          <h2 id="screen-title" tabIndex={-1}>You left the set-up</h2>
          <p>Nothing was lost{connection ? ': open the link again to carry on where you left off' : ''}. You can close this window.</p>
        </section>
      ) : (
        <>
          {!catalog && !unreachable && <p class="working" role="status"><span class="spinner" aria-hidden="true" />Loading…</p>}
          {finishing && (errors._form ? <p class="error" role="alert">{errors._form}</p> : <p class="working" role="status"><span class="spinner" aria-hidden="true" />Finishing your sign-in…</p>)}
          {/* Not while finishing: the sign-in already made the connection, another would be refused. */}
          {catalog && !chosen && !connection && !finishing && <Catalog items={catalog} onChoose={(i) => {
            setChosen(i);
            host.post({ type: 'integration_selected', integration: i.slug });
          }} />}
          {chosen && !connection && (
            <section aria-labelledby="screen-title">
              <Steps current="connect" />
              <h2 id="screen-title" tabIndex={-1}>Connect {chosen.name}</h2>
              {chosen.authKind === 'oauth2' ? (
                <>
                  <p>You will sign in to {chosen.name} to let {productNameOf(session?.branding)} read your {chosen.name} data. It can only read it, never change it.</p>
                  {errors._form && <p class="error" role="alert">{errors._form}</p>}
                  <button type="button" disabled={busy} onClick={() => void create(chosen)}>Sign in with {chosen.name}</button>
                </>
              ) : (
                <SchemaForm id="credentials" schema={firstForm(chosen)} submitLabel="Connect" errors={errors} busy={busy} onSubmit={(v) => void create(chosen, v as Record<string, string>)} />
              )}
              {catalog && catalog.length > 1 && (
                <p><button type="button" class="link" onClick={() => setChosen(null)}>Choose another integration</button></p>
              )}
            </section>
          )}
          {connection && chosen && (
            <section aria-labelledby="screen-title">
              <Steps current={complete ? 'done' : (stepReached as StepName)} failed={Boolean(recovery)} />
              {connection.name !== chosen.name && <p class="subtitle" id="connection-title">{connection.name}</p>}
              {complete ? (
                <Complete
                  api={api!}
                  connection={connection}
                  integration={chosen}
                  chosen={chosenNamesOf(chosen, connection, discovery.options)}
                  backUrl={host.connectedUrl(connection.id, connection.integration)}
                />
              ) : (
                <ConnectionBody
                  connection={connection}
                  integration={chosen}
                  recovery={recovery}
                  override={override}
                  errors={errors}
                  busy={busy}
                  discovery={discovery}
                  savedSecrets={sentCredentials.current}
                  onOverride={setOverride}
                  onCredentials={(v) => void sendCredentials(connection, v)}
                  onConfig={(v) => void sendConfig(connection, v)}
                  onAuthorize={() => void authorizeAgain(connection)}
                  onRetry={() => (recovery?.fromDiscovery ? discoverAgain() : void retry(connection))}
                  onDiscoverAgain={discoverAgain}
                />
              )}
            </section>
          )}
          {cancel}
        </>
      )}
    </main>
  );
}

/**
 * What was chosen, by name where discovery knows it: [["Property", "Acme Corp / acme.example"]];
 * an optional choice left unset by its default's words ("Organization: All organizations").
 */
function chosenNamesOf(i: Integration, c: Connection, options: Options | undefined): (readonly [string, string])[] {
  return Object.entries(i.configSchema.properties ?? {}).flatMap(([field, prop]) => {
    const name = nameOf(options, field, c.config[field]) ?? prop.defaultLabel ?? null;
    return name === null ? [] : [[labelOf(field, prop), name] as const];
  });
}

/** Config fields on the first form are named `config:<field>`, beside the credentials. */
const CONFIG_PREFIX = 'config:';
const prefixed = (errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).map(([name, message]) => [name === '_form' ? name : `${CONFIG_PREFIX}${name}`, message]));

/**
 * The first form: the credentials, and the optional settings that have a default (PayPal's
 * currency), shown with that default so nobody is signed up for USD revenue by silence.
 * Discovered settings come after the credentials can list them.
 */
function firstForm(i: Integration): JsonSchema {
  const settings = Object.entries(i.configSchema.properties ?? {}).filter(([name, prop]) => prop.default !== undefined && !(i.configSchema.required ?? []).includes(name));
  return {
    properties: { ...i.credentialsSchema.properties, ...Object.fromEntries(settings.map(([name, prop]) => [`${CONFIG_PREFIX}${name}`, prop])) },
    required: i.credentialsSchema.required ?? [],
  };
}

function splitValues(values: Record<string, string>): { credentials: Record<string, string>; config: Record<string, string> } {
  const credentials: Record<string, string> = {};
  const config: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(CONFIG_PREFIX)) config[name.slice(CONFIG_PREFIX.length)] = value;
    else credentials[name] = value;
  }
  return { credentials, config };
}

const stepIndex = (step: string) => Math.max(0, (['connect', 'configure', 'test', 'activate'] as string[]).indexOf(step === 'done' ? 'activate' : step));

function ConnectionBody(props: {
  connection: Connection;
  integration: Integration;
  recovery: (Recovery & { fromDiscovery?: boolean }) | null;
  override: 'credentials' | 'choose' | null;
  errors: FieldErrors;
  busy: boolean;
  discovery: Discovery;
  savedSecrets: Record<string, string>;
  onOverride(o: 'credentials' | 'choose' | null): void;
  onCredentials(v: Record<string, string>): void;
  onConfig(v: Record<string, string>): void;
  onAuthorize(): void;
  onRetry(): void;
  onDiscoverAgain(): void;
}) {
  const { connection: c, integration: i, recovery, discovery } = props;
  const oauth = i.authKind === 'oauth2';
  const configFields = Object.entries(i.configSchema.properties ?? {});
  const chosenNames = chosenNamesOf(i, c, discovery.options);
  const credentialFields = Object.entries(i.credentialsSchema.properties ?? {});
  // With only secrets in the form (an API token), the refused one is what must change: ask afresh.
  const secretsKept = credentialFields.some(([, prop]) => !prop.writeOnly)
    ? Object.fromEntries(credentialFields.filter(([name, prop]) => prop.writeOnly && props.savedSecrets[name]).map(([name]) => [name, props.savedSecrets[name]!]))
    : {};
  const nonSecretKept = Object.fromEntries(
    Object.entries(props.savedSecrets).filter(([name]) => !i.credentialsSchema.properties?.[name]?.writeOnly),
  );
  const credentialsForm = (label: string) => (
    <SchemaForm
      id="credentials"
      schema={i.credentialsSchema}
      submitLabel={label}
      errors={props.errors}
      busy={props.busy}
      initial={nonSecretKept}
      savedSecrets={secretsKept}
      onSubmit={props.onCredentials}
    />
  );
  const configForm = (label: string) =>
    discovery.loading ? (
      <p class="working" role="status"><span class="spinner" aria-hidden="true" />Looking up your {configFields.map(([f, p]) => labelOf(f, p).toLowerCase()).join(' and ')}…</p>
    ) : (
      <>
        {discovery.failed && (
          <div class="notice">
            <p>We could not load the list of choices. {discovery.failure?.userMessage ?? ''} You can also enter it yourself.</p>
            <button type="button" class="secondary" onClick={props.onDiscoverAgain}>Load the list again</button>
          </div>
        )}
        <SchemaForm id="config" schema={i.configSchema} submitLabel={label} errors={props.errors} busy={props.busy} options={discovery.options} initial={c.config} onSubmit={props.onConfig} />
      </>
    );
  const button = (label: string, onClick: () => void, secondary = false) => (
    <button type="button" class={secondary ? 'secondary' : undefined} disabled={props.busy} onClick={onClick}>{label}</button>
  );

  if (recovery) {
    const showCredentials = recovery.credentials || props.override === 'credentials';
    const showChoices = (recovery.choose && props.override !== 'credentials') || props.override === 'choose';
    return (
      <div class="failure">
        <h2 id="screen-title" tabIndex={-1}>{STEP_LABELS[recovery.step]}: this needs your attention</h2>
        <div class="notice" role="alert">
          <p><span aria-hidden="true">⚠ </span>{recovery.userMessage}</p>
        </div>
        {props.errors._form && !showCredentials && !showChoices && <p class="error" role="alert">{props.errors._form}</p>}
        {recovery.signIn && button(`Sign in to ${i.name} again`, props.onAuthorize)}
        {showCredentials && credentialsForm(recovery.fromDiscovery ? 'Save and continue' : 'Save and test again')}
        {recovery.retry && !showCredentials && (
          <div class="actions">
            {button('Try again', props.onRetry)}
            {!oauth && button('Use different credentials', () => props.onOverride('credentials'), true)}
            {/* A failed onboarding takes new sign-ins only at its Connect step; a connection in error can re-authorize. */}
            {oauth && c.status === 'error' && button(`Sign in to ${i.name} again`, props.onAuthorize, true)}
          </div>
        )}
        {showChoices && (
          <div class="choose-again">
            <h3>{recovery.code === 'permission_denied' ? 'Or choose another' : 'Choose again'}</h3>
            {configForm('Save and test again')}
          </div>
        )}
      </div>
    );
  }

  const step = c.onboarding.step;
  const waiting = c.onboarding.state === 'waiting';
  if (step === 'connect' && oauth) {
    return (
      <div>
        <h2 id="screen-title" tabIndex={-1}>Sign in to {i.name}</h2>
        <p class="working" role="status"><span class="spinner" aria-hidden="true" />Waiting for you to finish signing in to {i.name}…</p>
        {button('Open the sign-in window again', props.onAuthorize, true)}
      </div>
    );
  }
  if (step === 'connect' && waiting) {
    return (
      <div>
        <h2 id="screen-title" tabIndex={-1}>Connect {i.name}</h2>
        {credentialsForm('Connect')}
      </div>
    );
  }
  if (step === 'configure' && waiting) {
    return (
      <div>
        <h2 id="screen-title" tabIndex={-1}>Choose what {i.name} should report on</h2>
        {configForm('Save and test')}
      </div>
    );
  }
  const doing = step === 'test' ? `Checking that ${i.name} answers${c.onboarding.attempts > 1 ? ` (try ${c.onboarding.attempts})` : ''}…` : step === 'activate' || step === 'done' ? 'Fetching your first data…' : 'Working…';
  return (
    <div>
      <h2 id="screen-title" tabIndex={-1}>Setting up {i.name}</h2>
      {chosenNames.length > 0 && (
        <p class="chosen">{chosenNames.map(([label, name]) => <span key={label}>{label}: <strong>{name}</strong> </span>)}</p>
      )}
      <p class="working" role="status"><span class="spinner" aria-hidden="true" />{doing}</p>
    </div>
  );
}

render(<ConnectPage />, document.getElementById('app')!);
