/**
 * `xero`: monthly profit margin, cash runway and marketing spend of a Xero organisation, from the
 * Xero Accounting API (OpenAPI description xero_accounting.yaml 16.1.0) and the identity
 * service's connections (xero-identity.yaml), authorized with OAuth 2.0 (code + PKCE).
 *
 * Auth: `Authorization: Bearer <access token>`, and `xero-tenant-id: <organisation>` on every
 * Accounting API call (the spec's required header). Scopes: `offline_access` (a refresh token),
 * `accounting.reports.read` (ProfitAndLoss, BankSummary) and `accounting.settings.read`
 * (Organisation, Accounts), the scopes the spec names for those operations. Access tokens live
 * 30 minutes; refresh tokens rotate on every refresh and the old one stops working, so refreshing
 * is single-flight per connection (activities/connection-access.ts: a row lock, the new tokens
 * committed before they are used). The token endpoint takes the client as HTTP Basic.
 *
 * Calls
 * - discover: `GET {identity}/connections` (the organisations the user authorized; `tenantType`
 *   ORGANISATION only) → `tenantId`; `GET {api}/Accounts` of the chosen organisation (or of the only
 *   one; before a choice, of each, labelled with its name) → `marketingAccountIds`: the active
 *   expense accounts (Class EXPENSE), those whose name says marketing / advertising / promotion /
 *   ads `preselected` for the person to confirm.
 * - testConnection: `GET {api}/Organisation` (token, scope and organisation) and `GET {api}/Accounts`
 *   (every chosen marketing account still exists and is an expense account).
 * - fetchMetrics, for every calendar month the window touches:
 *   `GET {api}/Organisation` (the base currency, the unit of money values);
 *   `GET {api}/Reports/ProfitAndLoss?fromDate&toDate&periods&timeframe=MONTH&standardLayout=true`:
 *   fromDate/toDate = the newest month of a block of up to 12, `periods` = the older months
 *   compared with it; Xero answers one column per month, newest first;
 *   `GET {api}/Reports/BankSummary?fromDate&toDate` once per month needed (the month itself and
 *   the three before it): the Total row's Cash Received, Cash Spent and Closing Balance.
 * Neither the chart of accounts nor reports are paged in Xero (the spec has no `page` on them; only
 * transaction lists such as Invoices page by 100): one answer holds everything.
 *
 * KPI mapping (per calendar month; `period` = the month's first day; money in the base currency)
 * - `profit_margin` = Net Profit ÷ Total Income × 100, rounded to 2 decimals. "Total Income" is the
 *   Income section's total (trading income; Other Income is left out, as margins are taken on
 *   sales). A month with no income has no margin: no value is written for it (never ÷ 0).
 * - `cash_runway` (months) = cash at bank at the month's end (BankSummary Total › Closing Balance;
 *   for the month still running, today's) ÷ the average monthly net burn (Cash Spent − Cash
 *   Received) over the last three full months (for a finished month, it and the two before it;
 *   for the running month, the three before it), rounded to 2 decimals. Not burning cash (average
 *   burn ≤ 0) gives the cap, RUNWAY_CAP_MONTHS (120: "ten years or more"); no cash (≤ 0) gives 0.
 *   Never a division by zero, never negative.
 * - `xero.marketing_spend` = Σ over the chosen accounts of their P&L amount in the month (expenses
 *   are positive in Xero's P&L; a credit such as a refund of an ad lowers it).
 *
 * Limits (Xero developer docs, "OAuth 2.0 API limits"): per organisation 5 calls in progress, 60 a
 * minute and 5,000 a day; 10,000 a minute per app. A 429 says which in `X-Rate-Limit-Problem`
 * (`minute`, `day`, `appminute`) and how long to wait in `Retry-After` (seconds). A minute or app
 * limit is retried after Retry-After. A day limit waits until Retry-After has passed (Xero's day
 * is a rolling 24 hours), or until the next UTC midnight when no Retry-After came: Temporal holds
 * the run's next attempt that long (nextRetryDelay), and the schedule skips its runs while this
 * one is waiting (overlap SKIP), so the connection makes no call until Xero allows it again,
 * rather than failing and retrying every minute. A sync makes 6 calls (a 3-year backfill about
 * 45), far below the minute limit.
 *
 * Where the docs are silent (our reading)
 * - Row titles: with `standardLayout=true` Xero uses its standard P&L layout, whose Income section
 *   is titled "Income" with a "Total Income" row, and whose last row is "Net Profit"; a report
 *   without them is refused as unreadable rather than read as zero.
 * - Report amounts are strings ("1234.56", "" for nothing); "" counts as 0.
 * - How far back: Xero keeps an organisation's whole ledger; reports answer for any date (months
 *   before the organisation's first transaction are zeros). Backfills may start at 2006-01-01,
 *   the year Xero launched.
 */
import { z } from 'zod';
import type { SyncWindow } from '../domain/periods.js';
import { defineProvider, type ConfigOptions, type KpiPoint, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { requestJson } from './http.js';
import { oauthTokensSchema, type OAuthTokens } from './oauth2.js';

const vendor = 'Xero';
/** When the business is not burning cash, the runway is this many months ("ten years or more"). */
export const RUNWAY_CAP_MONTHS = 120;
/** One ProfitAndLoss call answers the month asked for and up to 11 before it (`periods` ≤ 11 here, ≤ 12 in the spec). */
const MONTHS_PER_REPORT = 12;
/** Organisations whose accounts discovery lists before one is chosen (one Accounts call each). */
const MAX_LISTED_ORGANISATIONS = 10;
const MARKETING_NAME = /marketing|advertis|promotion|\bads?\b|sponsor/i;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const config = z.object({
  tenantId: z
    .string({ error: 'Choose the Xero organisation to report on' })
    .trim()
    .regex(uuid, 'Choose an organisation from the list')
    .meta({ title: 'Organisation', description: 'The Xero organisation whose profit, cash and marketing spend to report on.' }),
  marketingAccountIds: z
    .array(z.string().trim().regex(uuid, 'Choose accounts from the list'), { error: 'Choose the accounts that hold your marketing spend (or none)' })
    .max(200, 'Choose at most 200 accounts')
    .meta({
      title: 'Marketing spend accounts',
      description: 'The expense accounts in your chart of accounts that hold what you spend on marketing and advertising. Those named like marketing are ticked for you: check them.',
      helpUrl: 'https://central.xero.com/s/article/Add-an-account-to-the-chart-of-accounts',
    }),
});
type Config = z.infer<typeof config>;
type Context<C = Config> = ProviderCallContext<C, OAuthTokens>;

/** Xero's JSON shapes, only the parts read here. */
interface XeroConnection {
  tenantId?: string;
  tenantName?: string;
  tenantType?: string;
}
interface XeroAccount {
  AccountID?: string;
  Code?: string;
  Name?: string;
  Type?: string;
  Class?: string;
  Status?: string;
}
interface ReportCell {
  Value?: string;
  Attributes?: { Id?: string; Value?: string }[];
}
interface ReportRow {
  RowType?: string;
  Title?: string;
  Cells?: ReportCell[];
  Rows?: ReportRow[];
}
interface ReportsAnswer {
  Reports?: { ReportID?: string; Rows?: ReportRow[] }[];
}

const REAUTHORIZE_HINT =
  'Xero refused the access token and the refresh failed or was not possible: POST /v1/connections/{id}/reauthorize and sign in to Xero again.';
const REAUTHORIZE_MESSAGE = 'Xero no longer accepts the permission you gave. Sign in with Xero again to reconnect.';
const PERMISSION_HINT =
  'The Xero user who authorized Onramp may not read reports or settings of this organisation (the scopes accounting.reports.read and ' +
  'accounting.settings.read, and at least the "Read only" or "Standard" role in the organisation), or the organisation was disconnected ' +
  'from the app: reconnect with POST /v1/connections/{id}/reauthorize, or PUT another tenantId as config.';
const PERMISSION_MESSAGE =
  'Your Xero user may not read this organisation’s reports, or the organisation is no longer connected. Sign in with Xero again and allow ' +
  'access to that organisation (an adviser or standard user of it can), or choose another organisation.';

/** Xero's rate-limit 429s by the limit they name (X-Rate-Limit-Problem), in the reader's words. */
export function rateLimitReading(headers: Headers, retryAfterMs: number | undefined, now = Date.now()) {
  const problem = (headers.get('x-rate-limit-problem') ?? '').toLowerCase();
  if (problem === 'day') {
    const nextMidnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    const wait = retryAfterMs ?? nextMidnight - now;
    const until = new Date(now + wait).toISOString().slice(0, 16).replace('T', ' ');
    return {
      message: `the organisation's daily limit of 5,000 calls is used up (X-Rate-Limit-Problem: day)`,
      hint: `Onramp makes no call for this organisation until ${until} UTC (Retry-After), then continues this sync; other apps connected to the organisation share the limit.`,
      userMessage: `Xero allows a set number of requests per organisation each day, and today’s are used up (other apps connected to your organisation count too). Your data will update automatically after ${until} UTC; nothing to do.`,
      retryAfterMs: wait,
    };
  }
  if (problem === 'appminute') {
    return { message: 'the app-wide limit of 10,000 calls a minute is reached (X-Rate-Limit-Problem: appminute)', hint: 'Onramp waits as asked (Retry-After) and retries.' };
  }
  if (problem === 'minute') {
    return { message: "the organisation's limit of 60 calls a minute is reached (X-Rate-Limit-Problem: minute)", hint: 'Onramp waits as asked (Retry-After) and retries.' };
  }
  return { message: 'too many calls in progress for the organisation (at most 5)', hint: 'Onramp retries shortly.' };
}

function call<T>(ctx: Context<Partial<Config>>, url: string, withTenant = true): Promise<T> {
  return requestJson<T>(url, {
    vendor,
    signal: ctx.signal,
    headers: {
      authorization: `Bearer ${ctx.credentials.accessToken}`,
      ...(withTenant && ctx.config.tenantId ? { 'xero-tenant-id': ctx.config.tenantId } : {}),
    },
    hints: { auth: REAUTHORIZE_HINT, permission: PERMISSION_HINT },
    userMessages: { auth: REAUTHORIZE_MESSAGE, permission: PERMISSION_MESSAGE },
    rateLimited: (headers, wait) => rateLimitReading(headers, wait),
  });
}

const api = (ctx: Context<Partial<Config>>, path: string, query?: Record<string, string>) =>
  `${(ctx.endpoints.api ?? '').replace(/\/+$/, '')}${path}${query ? `?${new URLSearchParams(query)}` : ''}`;

async function organisations(ctx: Context<Partial<Config>>): Promise<{ value: string; label: string }[]> {
  const list = await call<XeroConnection[]>(ctx, `${(ctx.endpoints.identity ?? '').replace(/\/+$/, '')}/connections`, false);
  return list
    .filter((c) => c.tenantId && (c.tenantType ?? 'ORGANISATION') === 'ORGANISATION')
    .map((c) => ({ value: c.tenantId!, label: c.tenantName || c.tenantId! }));
}

async function expenseAccounts(ctx: Context<Partial<Config>>): Promise<XeroAccount[]> {
  const answer = await call<{ Accounts?: XeroAccount[] }>(ctx, api(ctx, '/Accounts'));
  return (answer.Accounts ?? []).filter((a) => a.AccountID && a.Class === 'EXPENSE' && (a.Status ?? 'ACTIVE') === 'ACTIVE');
}

async function baseCurrency(ctx: Context): Promise<string> {
  const answer = await call<{ Organisations?: { BaseCurrency?: string }[] }>(ctx, api(ctx, '/Organisation'));
  const currency = answer.Organisations?.[0]?.BaseCurrency;
  if (!currency) throw unreadable('the organisation has no base currency');
  return currency;
}

function unreadable(what: string): ProviderError {
  return new ProviderError('provider_unavailable', `${vendor} sent a report Onramp cannot read: ${what}`, {
    hint: 'Transient or a change on Xero’s side; Onramp retries it. If it persists, report it to the Onramp operators.',
    userMessage: 'Xero sent figures we could not read. We will try again; if this stays, contact the application’s support.',
  });
}

/** A report amount: "" is nothing (0); anything else must be a number. */
function amount(cell: ReportCell | undefined, what: string): number {
  const raw = (cell?.Value ?? '').trim();
  if (raw === '') return 0;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw unreadable(`${what} is "${raw}"`);
  return value;
}

/** Every row of a report, sections flattened. */
function rowsOf(rows: ReportRow[] | undefined): ReportRow[] {
  return (rows ?? []).flatMap((row) => (row.RowType === 'Section' ? rowsOf(row.Rows) : [row]));
}
const firstCell = (row: ReportRow) => (row.Cells?.[0]?.Value ?? '').trim();
const accountOf = (row: ReportRow) => row.Cells?.[0]?.Attributes?.find((a) => a.Id === 'account')?.Value;

/** A month as 'YYYY-MM-01' from a UTC year and 0-based month (which may run over either way). */
const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
const addMonths = (period: string, n: number) => monthStart(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1 + n);
const monthEnd = (period: string) => new Date(Date.parse(addMonths(period, 1)) - 86_400_000).toISOString().slice(0, 10);

/** The calendar months [from, to) touches, oldest first, as their first days. */
export function monthsInWindow(window: SyncWindow): string[] {
  const from = new Date(window.from);
  const to = Date.parse(window.to);
  const months: string[] = [];
  for (let m = monthStart(from.getUTCFullYear(), from.getUTCMonth()); Date.parse(m) < to; m = addMonths(m, 1)) months.push(m);
  return months;
}

interface MonthOfProfit {
  income: number;
  netProfit: number;
  marketing: number;
}

/** One ProfitAndLoss call for `count` months ending with `newest`: the month's figures, by month. */
async function profitAndLoss(ctx: Context, newest: string, count: number, marketing: Set<string>): Promise<Map<string, MonthOfProfit>> {
  const query: Record<string, string> = { fromDate: newest, toDate: monthEnd(newest), timeframe: 'MONTH', standardLayout: 'true' };
  if (count > 1) query.periods = String(count - 1);
  const answer = await call<ReportsAnswer>(ctx, api(ctx, '/Reports/ProfitAndLoss', query));
  const rows = rowsOf(answer.Reports?.[0]?.Rows);
  const income = rows.find((r) => r.RowType === 'SummaryRow' && firstCell(r) === 'Total Income');
  const net = rows.find((r) => firstCell(r) === 'Net Profit');
  if (!net) throw unreadable('no Net Profit row');
  const out = new Map<string, MonthOfProfit>();
  for (let i = 0; i < count; i++) {
    // Column 0 names the row; column 1 is the month asked for, then each month before it.
    const column = i + 1;
    const month = addMonths(newest, -i);
    let spend = 0;
    for (const row of rows) {
      const id = row.RowType === 'Row' ? accountOf(row) : undefined;
      if (id && marketing.has(id.toLowerCase())) spend += amount(row.Cells?.[column], `the amount of account ${id} in ${month}`);
    }
    out.set(month, {
      income: income ? amount(income.Cells?.[column], `Total Income in ${month}`) : 0,
      netProfit: amount(net.Cells?.[column], `Net Profit in ${month}`),
      marketing: spend,
    });
  }
  return out;
}

interface MonthOfCash {
  closing: number;
  burn: number;
}

/** BankSummary for a month (to `lastDay` at the latest): the Total row's closing balance and net burn. */
async function bankSummary(ctx: Context, month: string, lastDay: string): Promise<MonthOfCash> {
  const toDate = monthEnd(month) < lastDay ? monthEnd(month) : lastDay;
  const answer = await call<ReportsAnswer>(ctx, api(ctx, '/Reports/BankSummary', { fromDate: month, toDate }));
  const rows = rowsOf(answer.Reports?.[0]?.Rows);
  // Cells: account, Opening Balance, Cash Received, Cash Spent, Closing Balance. No bank account: no Total row, all zero.
  const total = rows.find((r) => r.RowType === 'SummaryRow' && firstCell(r) === 'Total');
  if (!total) return { closing: 0, burn: 0 };
  const received = amount(total.Cells?.[2], `Cash Received in ${month}`);
  const spent = amount(total.Cells?.[3], `Cash Spent in ${month}`);
  return { closing: amount(total.Cells?.[4], `Closing Balance in ${month}`), burn: spent - received };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Months of cash left: cash ÷ average burn; not burning → the cap; no cash → 0. */
export function runwayMonths(cash: number, burns: number[]): number {
  const average = burns.reduce((a, b) => a + b, 0) / Math.max(1, burns.length);
  if (average <= 0) return RUNWAY_CAP_MONTHS;
  if (cash <= 0) return 0;
  return Math.min(RUNWAY_CAP_MONTHS, round2(cash / average));
}

export const xeroProvider = defineProvider({
  slug: 'xero',
  name: 'Xero',
  category: 'finance',
  description: 'Monthly profit margin, cash runway and marketing spend of a Xero organisation, in its base currency.',
  authKind: 'oauth2',
  configSchema: config,
  credentialsSchema: oauthTokensSchema,
  endpoints: {
    authorize: 'https://login.xero.com/identity/connect/authorize',
    token: 'https://identity.xero.com/connect/token',
    identity: 'https://api.xero.com',
    api: 'https://api.xero.com/api.xro/2.0',
  },
  oauth2: {
    scopes: ['offline_access', 'accounting.reports.read', 'accounting.settings.read'],
    clientAuth: 'client_secret_basic',
  },
  granularity: 'month',
  history: { since: '2006-01-01', source: 'Xero Accounting API reports take any fromDate (no limit documented); Xero launched in 2006' },
  callRange: { maxDays: 366, source: 'Xero ProfitAndLoss: one call compares up to 12 monthly periods (periods 1–12, timeframe MONTH)' },
  kpis: {
    profit_margin: 'Net Profit ÷ Total Income × 100 per calendar month (Reports/ProfitAndLoss, standard layout); no value for a month without income',
    cash_runway: `cash at bank at the month's end (Reports/BankSummary closing balance) ÷ average monthly net burn (cash spent − received) over the last three full months; ${RUNWAY_CAP_MONTHS} when not burning cash, 0 without cash`,
  },
  metrics: {
    'xero.marketing_spend': {
      unit: 'the organisation’s base currency',
      description: 'Σ per calendar month of the chosen expense accounts in Reports/ProfitAndLoss, in the organisation’s base currency',
    },
  },

  async discover(ctx): Promise<ConfigOptions> {
    const tenants = await organisations(ctx);
    const chosen = ctx.config.tenantId ?? (tenants.length === 1 ? tenants[0]!.value : undefined);
    // The accounts belong to one organisation. Before one is chosen (config is saved whole, so
    // the person picks both at once), every organisation's are offered under its name, for the
    // first MAX_LISTED_ORGANISATIONS; testConnection then holds them to the chosen one.
    const listed = chosen ? tenants.filter((t) => t.value === chosen) : tenants.slice(0, MAX_LISTED_ORGANISATIONS);
    const marketingAccountIds: ConfigOptions[string] = [];
    for (const tenant of chosen && listed.length === 0 ? [{ value: chosen, label: '' }] : listed) {
      const accounts = await expenseAccounts({ ...ctx, config: { ...ctx.config, tenantId: tenant.value } });
      for (const a of accounts) {
        const name = a.Code ? `${a.Code} – ${a.Name ?? a.AccountID}` : (a.Name ?? a.AccountID!);
        marketingAccountIds.push({
          value: a.AccountID!,
          label: chosen ? name : `${tenant.label} › ${name}`,
          ...(MARKETING_NAME.test(a.Name ?? '') ? { preselected: true } : {}),
        });
      }
    }
    return { tenantId: tenants, marketingAccountIds };
  },

  async testConnection(ctx) {
    await baseCurrency(ctx);
    const known = new Set((await expenseAccounts(ctx)).map((a) => a.AccountID!.toLowerCase()));
    const missing = ctx.config.marketingAccountIds.filter((id) => !known.has(id.toLowerCase()));
    if (missing.length > 0) {
      throw new ProviderError('invalid_config', `marketing accounts ${missing.join(', ')} are not active expense accounts of the organisation`, {
        hint: 'Choose marketing accounts from GET /v1/connections/{id}/options (active expense accounts only) and PUT them as config.marketingAccountIds.',
        userMessage: 'Some of the marketing accounts you chose are not active expense accounts of this organisation in Xero. Choose them again from the list.',
      });
    }
  },

  async fetchMetrics(ctx, window): Promise<KpiPoint[]> {
    const months = monthsInWindow(window);
    if (months.length === 0) return [];
    const currency = await baseCurrency(ctx);
    const marketing = new Set(ctx.config.marketingAccountIds.map((id) => id.toLowerCase()));
    const profit = new Map<string, MonthOfProfit>();
    for (let end = months.length; end > 0; end -= MONTHS_PER_REPORT) {
      const count = Math.min(MONTHS_PER_REPORT, end);
      for (const [month, figures] of await profitAndLoss(ctx, months[end - 1]!, count, marketing)) profit.set(month, figures);
    }
    // A month still running is measured to today, and its burn is taken over the three months before it.
    const today = new Date(Date.parse(window.to) - 1).toISOString().slice(0, 10);
    const running = (month: string) => monthEnd(month) > today;
    const burnMonths = (month: string) => [1, 2, 3].map((n) => addMonths(month, running(month) ? -n : 1 - n));
    const needed = [...new Set(months.flatMap((m) => [m, ...burnMonths(m)]))].sort();
    const cash = new Map<string, MonthOfCash>();
    for (const month of needed) cash.set(month, await bankSummary(ctx, month, today));
    return months.flatMap((period): KpiPoint[] => {
      const p = profit.get(period)!;
      return [
        ...(p.income !== 0 ? [{ key: 'profit_margin' as const, period, value: round2((p.netProfit / p.income) * 100), unit: 'percent' }] : []),
        { key: 'cash_runway', period, value: runwayMonths(cash.get(period)!.closing, burnMonths(period).map((m) => cash.get(m)!.burn)), unit: 'months' },
        { key: 'xero.marketing_spend', period, value: round2(p.marketing), unit: currency },
      ];
    });
  },
});
