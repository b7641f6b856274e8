/**
 * `google-analytics`: Google Analytics 4 through the Google Analytics Data API v1beta and the
 * Admin API v1beta, authorized with OAuth 2.0 (authorization code + PKCE, done by Onramp).
 *
 * Calls (all through the shared client, `Authorization: Bearer <access token>`):
 * - discover: `GET {admin}/v1beta/accountSummaries?pageSize=200[&pageToken=…]`, repeated with
 *   `pageToken = nextPageToken` until `nextPageToken` is absent; every `propertySummaries[]` entry
 *   becomes an option `{ value: '<numeric id>', label: '<account> / <property>' }`.
 * - testConnection: `GET {data}/v1beta/properties/<id>/metadata` (checks the token and that the
 *   authorizing user can read that property).
 * - fetchMetrics: `POST {data}/v1beta/properties/<id>:runReport` with one date range (the window's
 *   first and last day, `YYYY-MM-DD`), dimension `date`, metrics `sessions`, `keyEvents`,
 *   `totalRevenue`, ordered by date; paged with `limit` + `offset` until `offset ≥ rowCount`.
 *
 * KPI mapping, one point per KPI per day the report has a row for:
 * - `website_traffic` = sessions;
 * - `conversion_rate` = keyEvents ÷ sessions × 100, rounded to 2 decimals (0 when no sessions);
 * - `revenue` = totalRevenue, in the report's `metadata.currencyCode` (the property currency).
 *
 * Vendor quirks honoured:
 * - Every metric and dimension value is a string (`"1234"`, `"56.78"`); dates come as `YYYYMMDD`.
 * - A report with no rows omits `rows` (and `rowCount`): that is an empty report, not an error.
 * - GA4 renamed "conversions" to "key events" (the `conversions` metric is deprecated): we ask
 *   for `keyEvents`.
 * - Columns are read by `metricHeaders[].name`, not by position.
 * - `limit`/`offset` are int64, which Google's JSON mapping writes as strings: we send strings.
 * - The offset advances by the rows actually received (the documented rule, offset += limit, is
 *   the same thing whenever a page is full; the API caps a page at 250,000 rows whatever the
 *   limit), and paging stops on an empty page so a wrong `rowCount` cannot loop forever.
 * - Account summaries may come back with fewer than `pageSize` entries while more pages exist:
 *   only `nextPageToken` ends the listing.
 * - Errors use Google's envelope `{"error":{"code","message","status"}}`: 401 UNAUTHENTICATED
 *   (Onramp refreshes the token once and calls again), 403 PERMISSION_DENIED (a hint names the
 *   property and the analytics.readonly scope), 429 RESOURCE_EXHAUSTED (retried, honouring
 *   Retry-After when present), 5xx retried.
 *
 * - Granular consent: Google's consent screen lets the user untick "See and download your Google
 *   Analytics data" and still finish; the token response's `scope` then lacks the Analytics scope.
 *   The code exchange compares the granted scopes with the required one (the user signs in again
 *   from the Connect step), so does every call, and a 403 whose ErrorInfo
 *   reason is ACCESS_TOKEN_SCOPE_INSUFFICIENT says the same: "allow access to Analytics on Google's
 *   consent screen" (reauthorization_required: sign in again), never "ask for the Viewer role".
 * - A 403 whose ErrorInfo reason is SERVICE_DISABLED means the Analytics Data API is off in the
 *   Google Cloud project of Onramp's OAuth client (`metadata.consumer`, `metadata.service`): the
 *   operator must enable it, the end user can do nothing (operator_action_required, the project
 *   and API named for support).
 *
 * Where the docs are silent (our choice, stated so it can be revisited):
 * - Whether a 429 carries `Retry-After`: Google's quota pages only say the request fails with
 *   RESOURCE_EXHAUSTED (token buckets refill hourly/daily). We honour the header if sent and
 *   otherwise fall back to Temporal's retry backoff.
 * - Time zones: GA4 reports days in the property's time zone (`metadata.timeZone`), while Onramp
 *   keys KPIs by UTC day. The API offers no UTC reporting, so a GA4 day is stored as the
 *   same-named period; the window's days are requested as dates, not instants.
 * - Days with no data: with a `date` dimension the API simply has no row for a day without
 *   events. We write nothing for such days (rather than zeros), so a report that turns empty is
 *   recognised as empty by the sync engine.
 * - Row order without `orderBys` is unspecified, so we always order by `date` to keep
 *   offset paging stable between pages.
 * - What `runReport` answers for a property ID that does not exist: in practice the same 403 as
 *   a property one may not read; the docs do not say.
 */
import { z } from 'zod';
import { defineProvider, type KpiPoint, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { requestJson } from './http.js';
import { oauthTokensSchema, type OAuthTokens } from './oauth2.js';
import { daysInWindow } from '../domain/periods.js';

const vendor = 'Google Analytics';
const scope = 'https://www.googleapis.com/auth/analytics.readonly';
const reauthorizeHint = `Google no longer accepts this authorization: POST /v1/connections/{id}/reauthorize and grant ${scope} again.`;

const reauthorizeMessage = 'Google no longer accepts the permission you gave. Sign in with Google again to reconnect.';
function permissionMessage(propertyId: string | undefined): string {
  return propertyId
    ? 'The Google account you signed in with may not read this Google Analytics property. Choose another property, or ask an ' +
        'administrator of the property to give your account at least the Viewer role (Admin › Property access management), then try again.'
    : 'The Google account you signed in with may not read Google Analytics. Sign in with an account that has access, and allow read access to your Analytics data.';
}

const config = z.object({
  propertyId: z
    .string({ error: 'Choose the Google Analytics property to report on' })
    .trim()
    .regex(/^\d{1,20}$/, 'Choose a property from the list, or enter its property ID (digits only, e.g. 123456789)')
    .meta({
      title: 'Property',
      description: 'The Google Analytics 4 property whose visits and revenue to report on. Its ID is under Admin › Property details.',
      helpUrl: 'https://support.google.com/analytics/answer/9304153',
    }),
});

type Config = z.infer<typeof config>;
type Context<C = Config> = ProviderCallContext<C, OAuthTokens>;

/** Google's JSON shapes, only the parts we read. */
interface AccountSummariesPage {
  accountSummaries?: {
    account?: string;
    displayName?: string;
    propertySummaries?: { property?: string; displayName?: string }[];
  }[];
  nextPageToken?: string;
}
interface RunReportResponse {
  metricHeaders?: { name?: string }[];
  dimensionHeaders?: { name?: string }[];
  rows?: { dimensionValues?: { value?: string }[]; metricValues?: { value?: string }[] }[];
  rowCount?: number;
  metadata?: { currencyCode?: string; timeZone?: string };
}

const metricNames = ['sessions', 'keyEvents', 'totalRevenue'] as const;
type MetricName = (typeof metricNames)[number];

function permissionHint(propertyId: string | undefined): string {
  const what = propertyId ? `GA4 property ${propertyId}` : 'Google Analytics';
  return (
    `The Google account that authorized Onramp may not read ${what}: give it at least the Viewer role on the property ` +
    `(Admin → Property access management) and authorize with the ${scope} scope ` +
    `(POST /v1/connections/{id}/reauthorize)${propertyId ? ', or PUT another propertyId as config' : ''}.`
  );
}

/** Either scope reads GA4 data; analytics.readonly is the one Onramp asks for. */
const ANALYTICS_SCOPES = [scope, 'https://www.googleapis.com/auth/analytics'];

function scopeNotGranted(granted: string | undefined): ProviderError {
  return new ProviderError(
    'reauthorization_required',
    `${vendor}: the authorization does not include access to Analytics data (granted: ${granted?.trim() || 'no scope'}; required: ${scope})`,
    {
      hint: `The user unticked the Analytics permission on Google's consent screen. POST /v1/connections/{id}/reauthorize and have them allow "See and download your Google Analytics data" (${scope}).`,
      userMessage:
        'Google was not allowed to share your Analytics data. Sign in with Google again and, on Google’s consent screen, allow access to Analytics (tick “See and download your Google Analytics data”).',
    },
  );
}

/** The granted scopes of the token response, compared with the required ones before any call. */
function requireAnalyticsScope(ctx: { credentials: Pick<OAuthTokens, 'scope'> }): void {
  const granted = ctx.credentials.scope;
  if (granted === undefined) return; // not stated: the grant is what was asked for (RFC 6749 §5.1)
  if (!ANALYTICS_SCOPES.some((s) => granted.split(' ').includes(s))) throw scopeNotGranted(granted);
}

/** Google's reasons for a 403 that are not about the property: the grant's scopes, the operator's project. */
function diagnosed(error: unknown, ctx: Context<Partial<Config>>): unknown {
  if (!(error instanceof ProviderError) || error.kind !== 'permission_denied') return error;
  const reasons = error.vendor?.info ?? [];
  if (reasons.some((r) => r.reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT')) return scopeNotGranted(ctx.credentials.scope);
  const disabled = reasons.find((r) => r.reason === 'SERVICE_DISABLED');
  if (disabled) {
    const project = disabled.metadata.consumer?.replace(/^projects\//, '') ?? 'unknown';
    const service = disabled.metadata.service ?? 'analyticsdata.googleapis.com';
    return new ProviderError('operator_action_required', `${vendor}: the API ${service} is disabled in Google Cloud project ${project}`, {
      hint:
        `Operator action: enable ${service} in the Google Cloud project ${project} (the project of ONRAMP_OAUTH_GOOGLE_ANALYTICS_CLIENT_ID): ` +
        `${disabled.metadata.activationUrl ?? `https://console.developers.google.com/apis/api/${service}/overview?project=${project}`}. ` +
        'The end user cannot fix this; once enabled, POST /v1/connections/{id}/retry.',
      vendor: error.vendor,
    });
  }
  return error;
}

async function call<T>(ctx: Context<Partial<Config>>, url: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
  requireAnalyticsScope(ctx);
  try {
    return await requestJson<T>(url, {
      ...init,
      vendor,
      signal: ctx.signal,
      headers: { authorization: `Bearer ${ctx.credentials.accessToken}` },
      hints: { auth: reauthorizeHint, permission: permissionHint(ctx.config.propertyId) },
      userMessages: { auth: reauthorizeMessage, permission: permissionMessage(ctx.config.propertyId) },
    });
  } catch (error) {
    throw diagnosed(error, ctx);
  }
}

/** A decimal string from the API as a number; anything else is a broken answer, not a zero. */
function metricValue(raw: string | undefined, name: string, date: string): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value)) {
    throw new ProviderError('provider_unavailable', `${vendor} sent an unreadable ${name} value for ${date}`, {
      hint: 'Transient or a change on Google’s side; Onramp retries it.',
    });
  }
  return value;
}

export interface GoogleAnalyticsOptions {
  /** Rows asked for per runReport page (the API's default is 10,000; tests page with less). */
  reportPageSize?: number;
  /** Account summaries asked for per page (the API's maximum is 200). */
  accountPageSize?: number;
}

/** The provider with its paging sizes; `googleAnalyticsProvider` is the production one. */
export function createGoogleAnalyticsProvider(options: GoogleAnalyticsOptions = {}) {
  const reportPageSize = options.reportPageSize ?? 10_000;
  const accountPageSize = options.accountPageSize ?? 200;
  return defineProvider({
    slug: 'google-analytics',
    name: 'Google Analytics 4',
    category: 'analytics',
    description: 'Daily sessions, conversion rate and revenue of a Google Analytics 4 property.',
    authKind: 'oauth2',
    configSchema: config,
    credentialsSchema: oauthTokensSchema,
    endpoints: {
      authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com/token',
      data: 'https://analyticsdata.googleapis.com',
      admin: 'https://analyticsadmin.googleapis.com',
    },
    oauth2: {
      scopes: [scope],
      clientAuth: 'client_secret_post',
      // Google returns a refresh token only for offline access, and again only on a new consent.
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      checkGrantedScopes: (granted) => requireAnalyticsScope({ credentials: { scope: granted } }),
    },
    // Not in the Discovery document (it only describes DateRange formats); Google's runReport
    // documentation refuses dates before the GA4 epoch.
    history: { since: '2015-08-14', source: 'GA4 Data API runReport: dateRanges cannot start before 2015-08-14' },
    // Any range is one call (rows are paged): a year is one page of 366 rows at most, and keeps a
    // backfill's progress visible and the quota a retried chunk spends small.
    dataLateness: {
      hours: 72,
      source: 'GA4 data freshness: "Data processing can take 24-48 hours. During that time, data in your reports may change"; events sent by an offline device are accepted up to 72 hours late',
    },
    callRange: { maxDays: 365, source: 'GA4 Data API runReport: any dateRange, rows paged by limit/offset (10,000 a page by default)' },
    kpis: {
      website_traffic: 'GA4 sessions per day',
      conversion_rate: 'GA4 keyEvents ÷ sessions × 100 per day (0 when there were no sessions)',
      revenue: 'GA4 totalRevenue per day, in the property currency',
    },

    async discover(ctx) {
      const options: { value: string; label: string }[] = [];
      let pageToken: string | undefined;
      const seenTokens = new Set<string>();
      do {
        const query = new URLSearchParams({ pageSize: String(accountPageSize), ...(pageToken ? { pageToken } : {}) });
        const page = await call<AccountSummariesPage>(ctx, `${ctx.endpoints.admin}/v1beta/accountSummaries?${query}`);
        for (const account of page.accountSummaries ?? []) {
          for (const property of account.propertySummaries ?? []) {
            const id = property.property?.replace(/^properties\//, '');
            if (!id) continue;
            options.push({ value: id, label: `${account.displayName ?? account.account ?? 'Account'} / ${property.displayName ?? id}` });
          }
        }
        pageToken = page.nextPageToken || undefined;
        // A token seen before would page forever: treat it as the end.
        if (pageToken && seenTokens.has(pageToken)) break;
        if (pageToken) seenTokens.add(pageToken);
      } while (pageToken);
      return { propertyId: options };
    },

    async testConnection(ctx) {
      await call(ctx, `${ctx.endpoints.data}/v1beta/properties/${encodeURIComponent(ctx.config.propertyId)}/metadata`);
    },

    async fetchMetrics(ctx, window) {
      const days = daysInWindow(window);
      if (days.length === 0) return [];
      const wanted = new Set(days);
      const url = `${ctx.endpoints.data}/v1beta/properties/${encodeURIComponent(ctx.config.propertyId)}:runReport`;
      const points: KpiPoint[] = [];
      let offset = 0;
      for (;;) {
        const report = await call<RunReportResponse>(ctx, url, {
          method: 'POST',
          body: {
            dateRanges: [{ startDate: days[0], endDate: days.at(-1) }],
            dimensions: [{ name: 'date' }],
            metrics: metricNames.map((name) => ({ name })),
            orderBys: [{ dimension: { dimensionName: 'date' } }],
            limit: String(reportPageSize),
            offset: String(offset),
          },
        });
        const rows = report.rows ?? [];
        const column = new Map<string, number>((report.metricHeaders ?? []).map((h, i) => [h.name ?? '', i]));
        const dateColumn = Math.max(0, (report.dimensionHeaders ?? []).findIndex((h) => h.name === 'date'));
        const currency = report.metadata?.currencyCode || 'currency';
        for (const row of rows) {
          const raw = row.dimensionValues?.[dateColumn]?.value ?? '';
          const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
          if (!match) continue; // e.g. the "(other)" bucket of a very large report: not a day
          const period = `${match[1]}-${match[2]}-${match[3]}`;
          if (!wanted.has(period)) continue;
          const metric = (name: MetricName) => metricValue(row.metricValues?.[column.get(name) ?? metricNames.indexOf(name)]?.value, name, period);
          const sessions = metric('sessions');
          const keyEvents = metric('keyEvents');
          const revenue = metric('totalRevenue');
          points.push(
            { key: 'website_traffic', period, value: sessions, unit: 'count' },
            { key: 'conversion_rate', period, value: sessions > 0 ? Math.round((keyEvents / sessions) * 10_000) / 100 : 0, unit: 'percent' },
            { key: 'revenue', period, value: revenue, unit: currency },
          );
        }
        offset += rows.length;
        if (rows.length === 0 || offset >= (report.rowCount ?? 0)) break;
      }
      return points;
    },
  });
}

export const googleAnalyticsProvider = createGoogleAnalyticsProvider();
