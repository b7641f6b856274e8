import { useEffect, useState } from 'preact/hooks';
import type { Api } from './session.js';
import type { Connection, Integration } from './types.js';

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
      {props.backUrl && <a class="button" href={props.backUrl}>Back to the application</a>}
    </div>
  );
}
