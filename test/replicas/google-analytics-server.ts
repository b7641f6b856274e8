/**
 * A replica of the two Google Analytics 4 APIs Onramp's adapter calls, answering as Google
 * documents them (Discovery documents analyticsdata v1beta and analyticsadmin v1beta; errors in
 * Google's standard envelope `{"error":{"code","message","status"}}`):
 *
 * - `GET  /v1beta/accountSummaries?pageSize&pageToken` (Admin API): pages of account summaries;
 *   `pageSize` defaults to 50, values above 200 are coerced to 200, and the service may return
 *   fewer than asked (`maxAccountsPerPage`) while `nextPageToken` says more exist.
 * - `GET  /v1beta/properties/<id>/metadata` (Data API): the property's dimensions and metrics.
 * - `POST /v1beta/properties/<id>:runReport` (Data API): a `date` report of `sessions`,
 *   `keyEvents`, `totalRevenue` over seeded days; every value a string, dates `YYYYMMDD`; `limit`
 *   and `offset` paging with `rowCount`; `rows` and `rowCount` omitted when there are none.
 *
 * Bearer tokens are checked against the OAuth replica: a token is valid exactly when the OAuth
 * replica's `/userinfo` accepts it (so expired and revoked tokens fail here too, with Google's
 * 401 UNAUTHENTICATED). Properties in `deniedProperties`, and unknown ones, answer 403
 * PERMISSION_DENIED. A token whose grant lacks the Analytics scopes (the user left them unticked
 * on Google's consent screen; the OAuth replica's userinfo says what a token may do, as Google's
 * tokeninfo does) answers 403 PERMISSION_DENIED with ErrorInfo reason ACCESS_TOKEN_SCOPE_INSUFFICIENT.
 * `disableDataApi(project)` plays the Analytics Data API disabled in the OAuth client's Google
 * Cloud project: Data API calls answer 403 PERMISSION_DENIED with ErrorInfo reason
 * SERVICE_DISABLED, `metadata { consumer: "projects/<n>", service }` and the activation URL, as
 * Google's API error model documents. `failNext` injects 429 RESOURCE_EXHAUSTED (with Retry-After when asked) or
 * 5xx. Every call is recorded with its time, status and request body.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface GaDay {
  sessions: number;
  keyEvents: number;
  /** Decimal, in the property currency. */
  totalRevenue: number;
}

export interface GaProperty {
  /** Numeric id, without the `properties/` prefix. */
  id: string;
  displayName: string;
  currencyCode?: string;
  timeZone?: string;
  /** Seeded data: `YYYY-MM-DD` → that day's metrics. Days not here have no events. */
  days: Map<string, GaDay>;
}

export interface GaAccount {
  id: string;
  displayName: string;
  properties: GaProperty[];
}

export type GaRoute = 'accountSummaries' | 'metadata' | 'runReport';

export interface GaCall {
  route: GaRoute | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
  status: number;
}

export interface GaReplicaOptions {
  /** The OAuth replica's userinfo URL: the judge of every bearer token. */
  userinfoUrl: string;
  accounts: GaAccount[];
  /** The most summaries one page carries, whatever pageSize asks (Google "may return fewer"). */
  maxAccountsPerPage?: number;
}

export interface GaReplica {
  url: string;
  calls: GaCall[];
  accounts: GaAccount[];
  /** Property ids the authorizing user may not read (403 PERMISSION_DENIED). */
  deniedProperties: Set<string>;
  /** The Data API is disabled in this Cloud project (its number), or enabled again with null. */
  disableDataApi(project: string | null): void;
  /** The next `times` calls (to `on`, or to any route) answer `status`. */
  failNext(status: 429 | 500 | 503, options?: { on?: GaRoute; times?: number; retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: unknown;
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's error envelope (google.rpc.Status as JSON), with its details when given. */
function googleError(code: number, message: string, headers: OutgoingHttpHeaders = {}, details?: unknown[]): Reply {
  return { status: code, headers, body: { error: { code, message, status: statusNames[code] ?? 'UNKNOWN', ...(details ? { details } : {}) } } };
}

const ANALYTICS_SCOPES = ['https://www.googleapis.com/auth/analytics.readonly', 'https://www.googleapis.com/auth/analytics'];
const DATA_API = 'analyticsdata.googleapis.com';

const metricTypes: Record<keyof GaDay, string> = { sessions: 'TYPE_INTEGER', keyEvents: 'TYPE_INTEGER', totalRevenue: 'TYPE_CURRENCY' };
const knownDimensions: Record<string, string> = { date: 'Date' };

/** int64 in Google's JSON mapping: a decimal string, or a number. */
function int64(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : typeof value === 'number' && Number.isInteger(value) ? value : NaN;
  return Number.isNaN(n) ? NaN : n;
}

export async function startGoogleAnalyticsReplica(options: GaReplicaOptions): Promise<GaReplica> {
  const calls: GaCall[] = [];
  const deniedProperties = new Set<string>();
  let disabledIn: string | null = null;
  let failure: { status: 429 | 500 | 503; on?: GaRoute; times: number; retryAfterSeconds?: number } | undefined;

  const findProperty = (id: string): GaProperty | undefined =>
    options.accounts.flatMap((a) => a.properties).find((p) => p.id === id);

  /** Valid exactly when the OAuth replica's userinfo accepts the token. */
  async function authenticate(req: IncomingMessage): Promise<Reply | undefined> {
    const header = req.headers.authorization;
    const unauthenticated = googleError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    );
    if (!header || !/^Bearer \S+$/i.test(header)) {
      return googleError(
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' },
      );
    }
    const res = await fetch(options.userinfoUrl, { headers: { authorization: header } });
    const info = (await res.json().catch(() => ({}))) as { scope?: string };
    if (res.status === 200) {
      const granted = (info.scope ?? '').split(' ');
      if (info.scope === undefined || ANALYTICS_SCOPES.some((s) => granted.includes(s))) return undefined;
      return googleError(403, 'Request had insufficient authentication scopes.', {}, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service: DATA_API } },
      ]);
    }
    if (res.status === 401 || res.status === 400) return unauthenticated;
    return googleError(503, 'The service is currently unavailable.');
  }

  function propertyDenied(id: string): Reply | undefined {
    if (!findProperty(id) || deniedProperties.has(id)) {
      return googleError(
        403,
        'User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.',
      );
    }
    return undefined;
  }

  function accountSummaries(query: URLSearchParams): Reply {
    const requested = query.get('pageSize') === null ? 50 : int64(query.get('pageSize'));
    if (requested === undefined || Number.isNaN(requested) || requested < 0) {
      return googleError(400, `Invalid value at 'page_size' (TYPE_INT32), "${query.get('pageSize')}"`);
    }
    const pageSize = Math.min(requested === 0 ? 50 : requested, 200, options.maxAccountsPerPage ?? 200);
    let start = 0;
    const token = query.get('pageToken');
    if (token) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded) return googleError(400, 'Invalid page token.');
      start = Number(decoded[1]);
    }
    const page = options.accounts.slice(start, start + pageSize);
    const next = start + pageSize < options.accounts.length ? Buffer.from(`offset:${start + pageSize}`).toString('base64url') : undefined;
    return {
      status: 200,
      body: {
        accountSummaries: page.map((a) => ({
          name: `accountSummaries/${a.id}`,
          account: `accounts/${a.id}`,
          displayName: a.displayName,
          propertySummaries: a.properties.map((p) => ({
            property: `properties/${p.id}`,
            displayName: p.displayName,
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: `accounts/${a.id}`,
          })),
        })),
        ...(next ? { nextPageToken: next } : {}),
      },
    };
  }

  function metadata(id: string): Reply {
    return {
      status: 200,
      body: {
        name: `properties/${id}/metadata`,
        dimensions: Object.entries(knownDimensions).map(([apiName, uiName]) => ({ apiName, uiName, description: uiName, category: 'Time' })),
        metrics: Object.entries(metricTypes).map(([apiName, type]) => ({ apiName, uiName: apiName, description: apiName, type, category: 'Event' })),
      },
    };
  }

  function runReport(id: string, body: unknown): Reply {
    const property = findProperty(id)!;
    if (!body || typeof body !== 'object') return googleError(400, 'Invalid JSON payload received.');
    const request = body as {
      dateRanges?: { startDate?: string; endDate?: string }[];
      dimensions?: { name?: string }[];
      metrics?: { name?: string }[];
      orderBys?: { dimension?: { dimensionName?: string }; desc?: boolean }[];
      limit?: unknown;
      offset?: unknown;
      keepEmptyRows?: boolean;
    };
    const ranges = request.dateRanges ?? [];
    if (ranges.length !== 1) return googleError(400, 'This replica answers exactly one dateRange.');
    const { startDate, endDate } = ranges[0]!;
    const isDate = (d: string | undefined): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
    if (!isDate(startDate) || !isDate(endDate)) return googleError(400, `Invalid date range: startDate ${startDate}, endDate ${endDate}. Dates must be YYYY-MM-DD.`);
    if (endDate < startDate) return googleError(400, `Date range ${startDate} to ${endDate}: endDate must not be before startDate.`);
    const dimensions = (request.dimensions ?? []).map((d) => d.name ?? '');
    for (const d of dimensions) {
      if (!knownDimensions[d]) return googleError(400, `Field ${d} is not a valid dimension. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`);
    }
    if (dimensions.join() !== 'date') return googleError(400, 'This replica answers reports with exactly the dimension "date".');
    const metrics = (request.metrics ?? []).map((m) => m.name ?? '');
    if (metrics.length === 0) return googleError(400, 'Metrics are required.');
    for (const m of metrics) {
      if (!(m in metricTypes)) return googleError(400, `Field ${m} is not a valid metric. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`);
    }
    const limit = int64(request.limit) ?? 10_000;
    const offset = int64(request.offset) ?? 0;
    if (Number.isNaN(limit) || limit <= 0) return googleError(400, `limit ${String(request.limit)} must be positive.`);
    if (Number.isNaN(offset) || offset < 0) return googleError(400, `offset ${String(request.offset)} must be non-negative.`);

    let rows = [...property.days.entries()]
      .filter(([date]) => date >= startDate && date <= endDate)
      .filter(([, day]) => request.keepEmptyRows || metrics.some((m) => day[m as keyof GaDay] !== 0))
      .map(([date, day]) => ({ date: date.replaceAll('-', ''), day }));
    // Without orderBys the order is the service's own (here: first metric, descending).
    const order = request.orderBys?.[0];
    if (order?.dimension?.dimensionName === 'date') rows.sort((a, b) => a.date.localeCompare(b.date) * (order.desc ? -1 : 1));
    else rows.sort((a, b) => b.day[metrics[0] as keyof GaDay] - a.day[metrics[0] as keyof GaDay]);
    const rowCount = rows.length;
    rows = rows.slice(offset, offset + Math.min(limit, 250_000));

    return {
      status: 200,
      body: {
        dimensionHeaders: dimensions.map((name) => ({ name })),
        metricHeaders: metrics.map((name) => ({ name, type: metricTypes[name as keyof GaDay] })),
        ...(rows.length > 0
          ? {
              rows: rows.map((r) => ({
                dimensionValues: [{ value: r.date }],
                metricValues: metrics.map((m) => ({ value: String(r.day[m as keyof GaDay]) })),
              })),
            }
          : {}),
        ...(rowCount > 0 ? { rowCount } : {}),
        metadata: { currencyCode: property.currencyCode ?? 'USD', timeZone: property.timeZone ?? 'Etc/UTC' },
        kind: 'analyticsData#runReport',
      },
    };
  }

  function routeOf(method: string, path: string): { route: GaRoute; propertyId?: string } | undefined {
    if (method === 'GET' && path === '/v1beta/accountSummaries') return { route: 'accountSummaries' };
    const meta = /^\/v1beta\/properties\/([^/:]+)\/metadata$/.exec(path);
    if (method === 'GET' && meta) return { route: 'metadata', propertyId: decodeURIComponent(meta[1]!) };
    const report = /^\/v1beta\/properties\/([^/:]+):runReport$/.exec(path);
    if (method === 'POST' && report) return { route: 'runReport', propertyId: decodeURIComponent(report[1]!) };
    return undefined;
  }

  async function handle(req: IncomingMessage, url: URL, call: GaCall): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return googleError(400, 'Invalid JSON payload received.');
      }
    }
    call.body = body;
    const target = routeOf(req.method ?? 'GET', url.pathname);
    if (!target) return googleError(404, `Method not found.`);
    call.route = target.route;
    const denied = await authenticate(req);
    if (denied) return denied;
    if (disabledIn && target.route !== 'accountSummaries') {
      const activationUrl = `https://console.developers.google.com/apis/api/${DATA_API}/overview?project=${disabledIn}`;
      return googleError(
        403,
        `Google Analytics Data API has not been used in project ${disabledIn} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
        {},
        [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: { consumer: `projects/${disabledIn}`, service: DATA_API, serviceTitle: 'Google Analytics Data API', activationUrl, containerInfo: disabledIn },
          },
          { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url: activationUrl }] },
        ],
      );
    }
    if (failure && failure.times > 0 && (!failure.on || failure.on === target.route)) {
      failure.times -= 1;
      const { status, retryAfterSeconds } = failure;
      const headers = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
      if (status === 429) {
        return googleError(429, 'Exhausted property tokens per hour. Request more quota by upgrading to Analytics 360 (https://support.google.com/analytics/answer/11202874).', headers);
      }
      return googleError(status, status === 503 ? 'The service is currently unavailable.' : 'Internal error encountered.', headers);
    }
    if (target.route === 'accountSummaries') return accountSummaries(url.searchParams);
    const id = target.propertyId!;
    if (!/^\d+$/.test(id)) return googleError(400, `Invalid property ID: ${id}. A numeric Property ID is required. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.`);
    const forbidden = propertyDenied(id);
    if (forbidden) return forbidden;
    return target.route === 'metadata' ? metadata(id) : runReport(id, body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: GaCall = {
      route: 'unknown',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      at: Date.now(),
      status: 0,
    };
    calls.push(call);
    handle(req, url, call)
      .catch((): Reply => googleError(500, 'Internal error encountered.'))
      .then((reply) => {
        call.status = reply.status;
        res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=UTF-8', ...reply.headers }).end(JSON.stringify(reply.body));
      })
      .catch(() => res.destroy());
  });
  const listening = await serveOnLoopback(server);
  return {
    url: listening.url,
    calls,
    accounts: options.accounts,
    deniedProperties,
    disableDataApi(project) {
      disabledIn = project;
    },
    failNext(status, opts = {}) {
      failure = { status, on: opts.on, times: opts.times ?? 1, retryAfterSeconds: opts.retryAfterSeconds };
    },
    close: listening.close,
  };
}
