import { useEffect, useState } from 'preact/hooks';
import { labelOf, SchemaForm } from './schema-form.js';
import type { Api } from './session.js';
import type { Connection, Integration, Options } from './types.js';

/** The KPIs in words a person reads on the Complete step. */
const KPI_NAMES: Record<string, string> = {
  revenue: 'Revenue',
  profit_margin: 'Profit margin',
  cash_runway: 'Cash runway',
  service_uptime: 'Devices online',
  asset_utilization: 'Asset use',
  automation_coverage: 'Automation coverage',
  website_traffic: 'Website visits',
  conversion_rate: 'Conversion rate',
  customer_acquisition_cost: 'Cost per new customer',
  security_score: 'Healthy devices',
  vulnerability_count: 'Critical and high vulnerabilities',
  website_performance: 'Requests served from cache',
};

interface KpiValue {
  key: string;
  period: string;
  /** day or month (a value for a whole month has its first day as period). */
  granularity?: string;
  value: number;
  unit: string;
}

/** "today", "yesterday", or the day ("on 3 Dec 2026"): the period a value belongs to. */
export function periodWords(period: string, today = new Date(), granularity = 'day'): string {
  if (granularity === 'month') return `in ${new Date(`${period}T00:00:00Z`).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })}`;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (period === day(today)) return 'today';
  if (period === day(new Date(today.getTime() - 86_400_000))) return 'yesterday';
  return `on ${new Date(`${period}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;
}

/** A value with its unit: a currency code as money, percent as %, counts as numbers. */
export function valueWords(value: number, unit: string): string {
  if (/^[A-Z]{3}$/.test(unit)) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: unit }).format(value);
    } catch {
      return `${value.toLocaleString()} ${unit}`;
    }
  }
  if (unit === 'percent') return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
  if (unit === 'months') return `${value.toLocaleString()} months`;
  return value.toLocaleString();
}

/**
 * Optional settings the credentials list choices for (NinjaOne's organization): onboarding does
 * not wait for them, so they are shown here with their default ("All"), to change in place. A
 * change applies from the next update.
 */
function OptionalSettings(props: { api: Api; connection: Connection; integration: Integration }) {
  const { connection: c, integration: i } = props;
  const required = new Set(i.configSchema.required ?? []);
  const fields = Object.entries(i.configSchema.properties ?? {}).filter(([name, prop]) => !required.has(name) && prop.default === undefined);
  const [options, setOptions] = useState<Options>({});
  const [config, setConfig] = useState<Record<string, unknown>>(c.config);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (fields.length === 0) return;
    void props.api<{ options: Options }>(`/v1/connections/${c.id}/options`).then(
      (answer) => setOptions(answer.options),
      () => setOptions({}),
    );
  }, [c.id]);
  const listed = fields.filter(([name]) => (options[name]?.length ?? 0) > 0);
  if (listed.length === 0) return null;
  return (
    <div class="optional-settings">
      <h3>Settings</h3>
      {listed.map(([name, prop]) => {
        const label = labelOf(name, prop);
        const value = config[name];
        const shown = value === undefined || value === '' ? 'All (the default)' : (options[name]?.find((o) => o.value === value)?.label ?? String(value));
        return editing === name ? (
          <SchemaForm
            key={name}
            id={`setting-${name}`}
            schema={{ properties: { [name]: prop } }}
            submitLabel="Save"
            errors={error ? { _form: error } : {}}
            busy={busy}
            options={options}
            initial={config}
            onSubmit={(values) => {
              const next: Record<string, unknown> = { ...config };
              if (values[name]) next[name] = values[name];
              else delete next[name];
              setBusy(true);
              props.api<Connection>(`/v1/connections/${c.id}/config`, { method: 'PUT', json: { config: next } }).then(
                () => {
                  setConfig(next);
                  setEditing(null);
                  setSaved(true);
                  setError(null);
                  setBusy(false);
                },
                () => {
                  setError('That could not be saved. Try again in a moment.');
                  setBusy(false);
                },
              );
            }}
          />
        ) : (
          <p key={name} class="setting">
            {label}: <strong>{shown}</strong>{' '}
            <button type="button" class="link" aria-label={`Change ${label.toLowerCase()}`} onClick={() => setEditing(name)}>Change</button>
          </p>
        );
      })}
      {saved && <p role="status">Saved: it applies from the next update.</p>}
    </div>
  );
}

/** The end: the first values the sync wrote, with their period, and the way back to the application. */
export function Complete(props: { api: Api; connection: Connection; integration: Integration; chosen: (readonly [string, string])[]; backUrl: string | null }) {
  const { connection: c, integration: i } = props;
  const [values, setValues] = useState<KpiValue[] | null>(null);
  useEffect(() => {
    void props.api<{ items: KpiValue[] }>(`/v1/kpis/latest?connectionId=${encodeURIComponent(c.id)}`).then(
      ({ items }) => setValues(items),
      () => setValues([]),
    );
  }, [c.id]);
  const order = i.capabilities.map((k) => k.key);
  // The catalog's KPIs, in the integration's order; raw metrics (stripe.new_customers) are for API clients.
  const shown = (values ?? []).filter((v) => order.includes(v.key)).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return (
    <div class="complete">
      <h2 id="screen-title" tabIndex={-1}>{i.name} is connected</h2>
      <p class="success" role="status"><span aria-hidden="true">✓ </span>{i.name} is connected and its first data has arrived.</p>
      {props.chosen.length > 0 && (
        <p class="chosen">{props.chosen.map(([label, name]) => <span key={label}>{label}: <strong>{name}</strong> </span>)}</p>
      )}
      {values === null ? (
        <p class="working" role="status"><span class="spinner" aria-hidden="true" />Loading the first values…</p>
      ) : shown.length > 0 ? (
        <>
          <h3>First values</h3>
          <ul class="kpi-list">
            {shown.map((k) => (
              <li key={k.key}>
                {KPI_NAMES[k.key] ?? k.key} {periodWords(k.period, new Date(), k.granularity)}: <strong>{valueWords(k.value, k.unit)}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No data has arrived yet; it updates on its own from now on.</p>
      )}
      <OptionalSettings api={props.api} connection={c} integration={i} />
      {props.backUrl && <a class="button" href={props.backUrl}>Back to the application</a>}
    </div>
  );
}
