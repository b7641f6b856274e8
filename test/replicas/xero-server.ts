/**
 * A replica of the part of Xero the `xero` provider reads, as Xero documents it: the identity
 * service's `GET /connections` (xero-identity.yaml) and the Accounting API's `GET /Organisation`,
 * `GET /Accounts`, `GET /Reports/ProfitAndLoss` and `GET /Reports/BankSummary`
 * (xero_accounting.yaml 16.1.0, under `/api.xro/2.0`), with Xero's documented API limits.
 * node:http on 127.0.0.1; tokens are judged by the OAuth replica that issued them (Xero's own
 * identity server: access tokens live 30 minutes, refresh tokens rotate and the old one dies).
 *
 * - Auth: `Authorization: Bearer <token>`; unknown or expired → 401 with Xero's problem body
 *   `{Title: "Unauthorized", Status: 401, Detail: "AuthenticationUnsuccessful"}` and
 *   `WWW-Authenticate: Bearer`. Accounting calls need `xero-tenant-id` naming an organisation the
 *   user connected; missing or not connected → 403 `{Title: "Forbidden", Detail: "AuthorizationUnsuccessful"}`.
 * - `GET /connections` → `[{id, tenantId, tenantType, tenantName, createdDateUtc, updatedDateUtc}]`.
 * - `GET /Organisation` → `{Organisations: [{OrganisationID, Name, BaseCurrency, …}]}`.
 * - `GET /Accounts` → `{Accounts: [{AccountID, Code, Name, Type, Class, Status}]}`: the whole chart,
 *   not paged (Xero pages transaction lists, not accounts or reports).
 * - `GET /Reports/ProfitAndLoss?fromDate&toDate[&periods=1..12&timeframe=MONTH|QUARTER|YEAR]`: the
 *   standard layout, one column per period newest first (the fromDate month, then each month
 *   before it): sections "Income" (Total Income), "Less Cost of Sales" (Total Cost of Sales),
 *   Gross Profit, "Less Operating Expenses" (Total Operating Expenses), Net Profit; account rows
 *   carry `Attributes [{Id: "account", Value: AccountID}]`; amounts are strings with two decimals.
 *   Only MONTH is seeded here; periods outside 1–12 or a bad date → 400 ValidationException.
 * - `GET /Reports/BankSummary?fromDate&toDate`: one row per bank account and a Total row (Opening
 *   Balance, Cash Received, Cash Spent, Closing Balance). Seeds are per month: a range inside a
 *   month answers that month's figures (the replica has no days).
 * - Limits, per organisation: 5 calls in progress, 60 in any 60 seconds, 5,000 in any 24 hours;
 *   10,000 a minute for the app across organisations. Over a limit → 429 with `Retry-After`
 *   (seconds until a call is allowed again) and `X-Rate-Limit-Problem: minute | day | appminute`
 *   (the concurrent limit: 429 without them). Every answer carries `X-DayLimit-Remaining`,
 *   `X-MinLimit-Remaining` and `X-AppMinLimit-Remaining`. Refused calls are not counted.
 *   `spend(tenantId, n, at)` records n calls made at `at`, to reach a limit without making them.
 * - `failNext(status, times)`: the next Accounting calls answer 5xx (Xero's 503 "Service Unavailable").
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { OAuthReplica } from './oauth-server.js';
import { serveOnLoopback } from './loopback.js';

export interface XeroSeedAccount {
  id: string;
  code: string;
  name: string;
  /** Xero's account Type: REVENUE, SALES, DIRECTCOSTS, EXPENSE, OVERHEADS, BANK… */
  type: string;
  /** Xero's Class: REVENUE, EXPENSE, ASSET, … */
  class: 'REVENUE' | 'EXPENSE' | 'ASSET' | 'LIABILITY' | 'EQUITY';
  status?: 'ACTIVE' | 'ARCHIVED';
}

/** One month of an organisation: P&L amounts by account id, and cash through each bank account. */
export interface XeroSeedMonth {
  amounts: Record<string, number>;
  /** By bank account name: received and spent in the month. */
  bank: Record<string, { received: number; spent: number }>;
}

export interface XeroOrganisation {
  tenantId: string;
  name: string;
  baseCurrency: string;
  accounts: XeroSeedAccount[];
  /** Bank accounts by name with their balance before the first seeded month. */
  banks: Record<string, number>;
  /** By month, 'YYYY-MM'. */
  months: Map<string, XeroSeedMonth>;
  /** The user disconnected it from the app: 403 on its calls, absent from /connections. */
  disconnected?: boolean;
}

export interface XeroCall {
  route: 'connections' | 'organisation' | 'accounts' | 'profitAndLoss' | 'bankSummary' | 'other';
  path: string;
  query: Record<string, string>;
  tenantId: string | undefined;
  status: number;
  at: number;
  problem?: string;
  retryAfter?: string;
}

export interface XeroReplica {
  /** The identity service (`/connections`). */
  url: string;
  /** The Accounting API base, `{url}/api.xro/2.0`. */
  apiUrl: string;
  calls: XeroCall[];
  organisations: Map<string, XeroOrganisation>;
  spend(tenantId: string, calls: number, at?: number): void;
  /** Forgets every call counted so far (a day has passed). */
  resetLimits(): void;
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export const XERO_LIMITS = { concurrent: 5, minute: 60, day: 5_000, appMinute: 10_000 } as const;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const money = (n: number) => n.toFixed(2);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const monthKey = (date: string) => date.slice(0, 7);
const shiftMonth = (key: string, n: number) => {
  const d = new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};
const lastDay = (key: string) => new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)), 0)).toISOString().slice(0, 10);

export async function startXeroReplica(options: { oauth: OAuthReplica; organisations: XeroOrganisation[] }): Promise<XeroReplica> {
  const organisations = new Map(options.organisations.map((o) => [o.tenantId, o]));
  const calls: XeroCall[] = [];
  /** Call times per organisation, and for the app. */
  const made = new Map<string, number[]>();
  const appMade: number[] = [];
  const inProgress = new Map<string, number>();
  let failing: { status: number; times: number } | undefined;

  const json = (status: number, body: unknown, headers: OutgoingHttpHeaders = {}) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) });
  const problem = (status: number, title: string, detail: string, headers: OutgoingHttpHeaders = {}) =>
    json(status, { Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} }, headers);
  const validation = (message: string) =>
    json(400, { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: [{ ValidationErrors: [{ Message: message }] }] });

  function authorized(req: IncomingMessage) {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const verdict = match ? options.oauth.checkAccessToken(match[1]!) : 'invalid';
    return verdict === 'valid' ? undefined : problem(401, 'Unauthorized', 'AuthenticationUnsuccessful', { 'www-authenticate': 'Bearer' });
  }

  const recent = (times: number[], windowMs: number, now: number) => times.filter((t) => t > now - windowMs);

  /** The limit a call would break, with the seconds until it would not. */
  function overLimit(tenantId: string, now: number): { problem?: string; retryAfter?: number } | undefined {
    if ((inProgress.get(tenantId) ?? 0) >= XERO_LIMITS.concurrent) return {};
    const appMinute = recent(appMade, MINUTE_MS, now);
    if (appMinute.length >= XERO_LIMITS.appMinute) return { problem: 'appminute', retryAfter: Math.ceil((appMinute[0]! + MINUTE_MS - now) / 1000) };
    const times = made.get(tenantId) ?? [];
    const day = recent(times, DAY_MS, now).sort((a, b) => a - b);
    if (day.length >= XERO_LIMITS.day) return { problem: 'day', retryAfter: Math.ceil((day[day.length - XERO_LIMITS.day]! + DAY_MS - now) / 1000) };
    const minute = day.filter((t) => t > now - MINUTE_MS);
    if (minute.length >= XERO_LIMITS.minute) return { problem: 'minute', retryAfter: Math.ceil((minute[minute.length - XERO_LIMITS.minute]! + MINUTE_MS - now) / 1000) };
    return undefined;
  }

  function remaining(tenantId: string, now: number): OutgoingHttpHeaders {
    const times = made.get(tenantId) ?? [];
    return {
      'x-daylimit-remaining': String(Math.max(0, XERO_LIMITS.day - recent(times, DAY_MS, now).length)),
      'x-minlimit-remaining': String(Math.max(0, XERO_LIMITS.minute - recent(times, MINUTE_MS, now).length)),
      'x-appminlimit-remaining': String(Math.max(0, XERO_LIMITS.appMinute - recent(appMade, MINUTE_MS, now).length)),
    };
  }

  function profitAndLoss(org: XeroOrganisation, query: URLSearchParams) {
    const fromDate = query.get('fromDate') ?? '';
    const toDate = query.get('toDate') ?? '';
    if (!isoDate.test(fromDate) || !isoDate.test(toDate)) return validation('fromDate and toDate must be dates, YYYY-MM-DD');
    const periods = query.has('periods') ? Number(query.get('periods')) : 0;
    if (query.has('periods') && !(Number.isInteger(periods) && periods >= 1 && periods <= 12)) return validation('periods must be a whole number from 1 to 12');
    const timeframe = query.get('timeframe') ?? 'MONTH';
    if (!['MONTH', 'QUARTER', 'YEAR'].includes(timeframe)) return validation('timeframe must be MONTH, QUARTER or YEAR');
    if (timeframe !== 'MONTH') return validation('this replica is seeded by month only');
    const columns = Array.from({ length: periods + 1 }, (_, i) => shiftMonth(monthKey(fromDate), -i));
    const amountOf = (account: XeroSeedAccount, key: string) => org.months.get(key)?.amounts[account.id] ?? 0;
    const active = (cls: string, types: string[]) => org.accounts.filter((a) => a.class === cls && types.includes(a.type));
    const sections = [
      { title: 'Income', total: 'Total Income', accounts: active('REVENUE', ['REVENUE', 'SALES']) },
      { title: 'Less Cost of Sales', total: 'Total Cost of Sales', accounts: active('EXPENSE', ['DIRECTCOSTS']) },
      { title: 'Less Operating Expenses', total: 'Total Operating Expenses', accounts: active('EXPENSE', ['EXPENSE', 'OVERHEADS']) },
    ];
    const sum = (accounts: XeroSeedAccount[], key: string) => accounts.reduce((s, a) => s + amountOf(a, key), 0);
    const row = (title: string, values: number[]) => ({ RowType: 'Row', Cells: [{ Value: title }, ...values.map((v) => ({ Value: money(v) }))] });
    const section = (s: (typeof sections)[number]) => ({
      RowType: 'Section',
      Title: s.title,
      Rows: [
        ...s.accounts
          .filter((a) => columns.some((c) => amountOf(a, c) !== 0))
          .map((a) => ({
            RowType: 'Row',
            Cells: [
              { Value: a.name, Attributes: [{ Value: a.id, Id: 'account' }] },
              ...columns.map((c) => ({ Value: money(amountOf(a, c)), Attributes: [{ Value: a.id, Id: 'account' }] })),
            ],
          })),
        { RowType: 'SummaryRow', Cells: [{ Value: s.total }, ...columns.map((c) => ({ Value: money(sum(s.accounts, c)) }))] },
      ],
    });
    const income = (c: string) => sum(sections[0]!.accounts, c);
    const gross = (c: string) => income(c) - sum(sections[1]!.accounts, c);
    const net = (c: string) => gross(c) - sum(sections[2]!.accounts, c);
    const header = { RowType: 'Header', Cells: [{ Value: '' }, ...columns.map((c) => ({ Value: new Date(`${lastDay(c)}T00:00:00Z`).toUTCString().slice(5, 16) }))] };
    return report('ProfitAndLoss', 'Profit and Loss', org, fromDate, toDate, [
      header,
      section(sections[0]!),
      section(sections[1]!),
      { RowType: 'Section', Title: '', Rows: [row('Gross Profit', columns.map(gross))] },
      section(sections[2]!),
      { RowType: 'Section', Title: '', Rows: [row('Net Profit', columns.map(net))] },
    ]);
  }

  function bankSummary(org: XeroOrganisation, query: URLSearchParams) {
    const fromDate = query.get('fromDate') ?? '';
    const toDate = query.get('toDate') ?? '';
    if (!isoDate.test(fromDate) || !isoDate.test(toDate)) return validation('fromDate and toDate must be dates, YYYY-MM-DD');
    const months = [...org.months.keys()].sort();
    const names = Object.keys(org.banks);
    const inRange = (key: string) => key >= monthKey(fromDate) && key <= monthKey(toDate);
    const lines = names.map((name) => {
      let opening = org.banks[name]!;
      for (const key of months) if (key < monthKey(fromDate)) opening += (org.months.get(key)!.bank[name]?.received ?? 0) - (org.months.get(key)!.bank[name]?.spent ?? 0);
      const received = months.filter(inRange).reduce((s, k) => s + (org.months.get(k)!.bank[name]?.received ?? 0), 0);
      const spent = months.filter(inRange).reduce((s, k) => s + (org.months.get(k)!.bank[name]?.spent ?? 0), 0);
      return { name, values: [opening, received, spent, opening + received - spent] };
    });
    const totals = [0, 1, 2, 3].map((i) => lines.reduce((s, l) => s + l.values[i]!, 0));
    return report('BankSummary', 'Bank Summary', org, fromDate, toDate, [
      { RowType: 'Header', Cells: ['Bank Accounts', 'Opening Balance', 'Cash Received', 'Cash Spent', 'Closing Balance'].map((Value) => ({ Value })) },
      {
        RowType: 'Section',
        Title: '',
        Rows: [
          ...lines.map((l) => ({ RowType: 'Row', Cells: [{ Value: l.name }, ...l.values.map((v) => ({ Value: money(v) }))] })),
          ...(lines.length > 0 ? [{ RowType: 'SummaryRow', Cells: [{ Value: 'Total' }, ...totals.map((v) => ({ Value: money(v) }))] }] : []),
        ],
      },
    ]);
  }

  function report(type: string, name: string, org: XeroOrganisation, fromDate: string, toDate: string, rows: unknown[]) {
    return json(200, {
      Id: randomUUID(),
      Status: 'OK',
      ProviderName: 'Onramp',
      DateTimeUTC: `/Date(${Date.now()})/`,
      Reports: [{ ReportID: type, ReportName: name, ReportType: type, ReportTitles: [name, org.name, `From ${fromDate} to ${toDate}`], ReportDate: toDate, Fields: [], Rows: rows }],
    });
  }

  function accounting(path: string, query: URLSearchParams, org: XeroOrganisation) {
    if (path === '/Organisation') {
      return json(200, { Id: randomUUID(), Status: 'OK', Organisations: [{ OrganisationID: org.tenantId, Name: org.name, BaseCurrency: org.baseCurrency, OrganisationStatus: 'ACTIVE' }] });
    }
    if (path === '/Accounts') {
      return json(200, {
        Id: randomUUID(),
        Status: 'OK',
        Accounts: org.accounts.map((a) => ({ AccountID: a.id, Code: a.code, Name: a.name, Type: a.type, Class: a.class, Status: a.status ?? 'ACTIVE' })),
      });
    }
    if (path === '/Reports/ProfitAndLoss') return profitAndLoss(org, query);
    if (path === '/Reports/BankSummary') return bankSummary(org, query);
    return problem(404, 'Not Found', 'The resource you are looking for cannot be found');
  }

  const routeOf = (path: string): XeroCall['route'] =>
    path === '/connections' ? 'connections'
    : path === '/api.xro/2.0/Organisation' ? 'organisation'
    : path === '/api.xro/2.0/Accounts' ? 'accounts'
    : path === '/api.xro/2.0/Reports/ProfitAndLoss' ? 'profitAndLoss'
    : path === '/api.xro/2.0/Reports/BankSummary' ? 'bankSummary'
    : 'other';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const tenantHeader = req.headers['xero-tenant-id'];
    const tenantId = typeof tenantHeader === 'string' ? tenantHeader : undefined;
    const call: XeroCall = { route: routeOf(url.pathname), path: url.pathname, query: Object.fromEntries(url.searchParams), tenantId, status: 0, at: Date.now() };
    calls.push(call);
    const send = (reply: { status: number; headers: OutgoingHttpHeaders; body: string }) => {
      call.status = reply.status;
      res.writeHead(reply.status, reply.headers).end(reply.body);
    };
    const denied = authorized(req);
    if (denied) return send(denied);
    if (url.pathname === '/connections') {
      return send(
        json(
          200,
          [...organisations.values()]
            .filter((o) => !o.disconnected)
            .map((o) => ({ id: randomUUID(), authEventId: randomUUID(), tenantId: o.tenantId, tenantType: 'ORGANISATION', tenantName: o.name, createdDateUtc: '2026-01-05T10:00:00.0000000', updatedDateUtc: '2026-01-05T10:00:00.0000000' })),
        ),
      );
    }
    if (!url.pathname.startsWith('/api.xro/2.0/')) return send(problem(404, 'Not Found', 'The resource you are looking for cannot be found'));
    const org = tenantId ? organisations.get(tenantId) : undefined;
    if (!org || org.disconnected) return send(problem(403, 'Forbidden', 'AuthorizationUnsuccessful'));
    const now = Date.now();
    const over = overLimit(org.tenantId, now);
    if (over) {
      call.problem = over.problem;
      call.retryAfter = over.retryAfter === undefined ? undefined : String(over.retryAfter);
      return send({
        status: 429,
        headers: { 'content-type': 'text/plain', ...remaining(org.tenantId, now), ...(over.problem ? { 'retry-after': String(over.retryAfter), 'x-rate-limit-problem': over.problem } : {}) },
        body: 'Too Many Requests',
      });
    }
    if (failing && failing.times > 0) {
      failing.times -= 1;
      return send(json(failing.status, { Title: 'Service Unavailable', Status: failing.status, Detail: 'The service is unavailable, try again later' }));
    }
    made.set(org.tenantId, [...(made.get(org.tenantId) ?? []), now]);
    appMade.push(now);
    inProgress.set(org.tenantId, (inProgress.get(org.tenantId) ?? 0) + 1);
    res.once('close', () => inProgress.set(org.tenantId, (inProgress.get(org.tenantId) ?? 1) - 1));
    const reply = accounting(url.pathname.slice('/api.xro/2.0'.length), url.searchParams, org);
    send({ ...reply, headers: { ...reply.headers, ...remaining(org.tenantId, now) } });
  });
  const listening = await serveOnLoopback(server);
  return {
    url: listening.url,
    apiUrl: `${listening.url}/api.xro/2.0`,
    calls,
    organisations,
    spend(tenantId, count, at = Date.now()) {
      made.set(tenantId, [...(made.get(tenantId) ?? []), ...Array.from({ length: count }, () => at)]);
    },
    resetLimits() {
      made.clear();
      appMade.length = 0;
    },
    failNext(status, times = 1) {
      failing = { status, times };
    },
    close: listening.close,
  };
}
