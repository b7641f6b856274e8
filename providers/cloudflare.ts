/**
 * `cloudflare`: website traffic and cache performance of one Cloudflare zone.
 *
 * Calls (all through the shared client, `Authorization: Bearer <API token>`, base = endpoint `api`,
 * default `https://api.cloudflare.com/client/v4`):
 * - `GET /user/tokens/verify` (connection test). Account-owned tokens are not user tokens and are
 *   refused there (401, code 1000 "Invalid API Token"); for those the module lists one page of
 *   `GET /zones` to learn the token's account (an account-owned token belongs to exactly one) and
 *   verifies with `GET /accounts/{account_id}/tokens/verify`. A `result.status` other than
 *   `active` (`disabled`, `expired`) is an authentication failure.
 * - then one GraphQL query for the configured zone and today, so a token without Analytics Read
 *   or without access to the zone fails the connection test, not the first sync.
 * - `GET /zones?page=N&per_page=50` (discovery of `zoneId`): every page, until
 *   ceil(`result_info.total_count` / `per_page`) (or `total_pages` when the API sends it).
 * - `POST /graphql` with `{query, variables}` on `viewer.zones(filter:{zoneTag}).httpRequests1dGroups`
 *   (filter `date_geq`/`date_leq`, ascending by date), in windows of at most 31 days.
 *
 * KPI mapping, per UTC day (httpRequests1dGroups buckets are UTC dates):
 * - `website_traffic` = `sum.pageViews` (count)
 * - `website_performance` = `sum.cachedRequests` ÷ `sum.requests` × 100, rounded to 0.01
 *   (percent; 0 when the day had no requests)
 * Days the API does not return are not written (not zero-filled): "no row yet" and "no traffic"
 * cannot be told apart, and the next sync writes the day again anyway.
 *
 * Vendor quirks honoured:
 * - GraphQL reports errors in an `errors` array, also with HTTP 200 (and `data` null or partial):
 *   any error fails the call. "Unauthorized" is auth_failed; "not authorized for that account",
 *   "zones [...] are not authorized", "does not have access to the path" are permission_denied
 *   with a hint naming Zone › Analytics › Read; rate-limit messages are rate_limited;
 *   "unable to execute query" / "too many queries in progress" / "Internal server error" are
 *   provider_unavailable; dataset-limit and parsing messages are invalid_config. The same messages
 *   with the HTTP statuses the docs now list (400/401/403/429/503) are classified by the shared
 *   client first.
 * - REST v4 errors are `{success:false, errors:[{code,message}], messages:[], result:null}`. A
 *   malformed Authorization header answers 400 with code 6003 (chain 6111): treated as
 *   auth_failed, not as a config error. Cloudflare answers 403 (code 10000 "Authentication error")
 *   both for missing permissions and some token problems, so the 403 hint names the token and the
 *   permissions together.
 * - An expired token is refused by data calls with no word of expiry (REST 9109 "Invalid access
 *   token", GraphQL "Unauthorized"); only the verify endpoint answers `status: expired` (and
 *   `expires_on`). A refused data call therefore asks verify, so the user reads "expired" and is
 *   told to create a new token rather than to check a token that once worked.
 * - 429 carries `Retry-After` (seconds); the shared client passes it on as the wait.
 * - `per_page` is 5–50 for zones; 50 is used. Zones often come back with `owner.id: null`
 *   (the 2024-08 schema forbids it); the module reads only `id`, `name` and `account`.
 *
 * Where the docs are silent (interpreted here):
 * - The GraphQL schema is published only through introspection: the variable types used
 *   (`string`, `Date`) follow Cloudflare's own examples; `limit` is inlined as a literal to avoid
 *   naming its scalar type.
 * - Per-dataset limits (history depth, longest range per query) depend on the plan and are readable
 *   only through the `settings` node; no numbers are documented. 31 days per query is our choice.
 * - Whether a day with no traffic is returned as a zero row or omitted is not documented.
 * - The HTTP status of an unknown (well-formed) token on REST endpoints other than token verify
 *   is not documented; reports show 401/403 with codes 9109 or 10000. Both are handled.
 * - `GET /accounts/{account_id}/tokens/verify` is not in the 2024-08 OpenAPI file; its shape is
 *   taken to equal the user endpoint's (as later SDKs generate it).
 * - The 429 body (reported as code 971, "More than 1200 requests per 300 seconds…") is not
 *   documented; only the status and Retry-After are relied on.
 */
import { z } from 'zod';
import { defineProvider, type KpiPoint, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { requestJson } from './http.js';
import { scrub } from './scrub.js';
import { daysInWindow } from '../domain/periods.js';

const VENDOR = 'Cloudflare';
const ZONES_PER_PAGE = 50;
/** Safety stop for discovery: 200 pages of 50 = 10,000 zones. */
const MAX_ZONE_PAGES = 200;
const MAX_DAYS_PER_QUERY = 31;

const PERMISSIONS = 'Zone › Zone › Read and Zone › Analytics › Read';
const CREATE_TOKEN = `Create an API token (My Profile › API Tokens, or Manage Account › API Tokens) with ${PERMISSIONS} for the zone`;
const HINTS = {
  auth: `Cloudflare rejected the API token (wrong, deleted, rolled or expired). ${CREATE_TOKEN}, then send it with PUT /v1/connections/{id}/credentials.`,
  expired: `The API token has expired. ${CREATE_TOKEN} (or roll this one with a later expiry), then send it with PUT /v1/connections/{id}/credentials.`,
  permission:
    `The API token may not do this. Give it ${PERMISSIONS} (zone resources: the zone to report on, or all zones), ` +
    'or send another token with PUT /v1/connections/{id}/credentials.',
  elsewhere:
    'The zone is outside the API token\'s accounts and zone resources (GET /zones/{zone_id} refused it): pick a zoneId from GET /v1/connections/{id}/options, ' +
    'or create the token in the Cloudflare account that owns the zone and send it with PUT /v1/connections/{id}/credentials.',
  analytics:
    'The API token lacks the "Analytics Read" permission (Zone › Analytics › Read) for this zone. Edit the token in ' +
    'the Cloudflare dashboard to add it for the zone, or send another token with PUT /v1/connections/{id}/credentials.',
} as const;
/** The same for the person in the Connect page: where in Cloudflare to change what. */
const TOKENS_PAGE = 'My Profile › API Tokens';
const USER_MESSAGES = {
  auth: `Cloudflare did not accept this API token: it may be mistyped, deleted or expired. In Cloudflare, open ${TOKENS_PAGE}, create a token with the permissions Zone › Zone › Read and Zone › Analytics › Read, and paste it here.`,
  expired: `This Cloudflare API token has expired. In Cloudflare (${TOKENS_PAGE}) create a new token, or extend this one, and paste it here.`,
  disabled: `This Cloudflare API token is switched off. Switch it on in Cloudflare (${TOKENS_PAGE}), or create a new one and paste it here.`,
  permission: `This Cloudflare API token may not list your sites or read their analytics. In Cloudflare (${TOKENS_PAGE}) edit the token to add Zone › Zone › Read and Zone › Analytics › Read, then try again.`,
  analytics: `This Cloudflare API token may not read the analytics of the site you chose. Choose another site, or edit the token in Cloudflare (${TOKENS_PAGE}) to add Zone › Analytics › Read for this site, then try again.`,
  elsewhere:
    'This site is not in the Cloudflare account your API token belongs to, so the token cannot see it. Choose one of the sites in the list, or create the token in the Cloudflare account that owns this site and paste it here.',
  plan: "Cloudflare's plan for this site does not keep analytics that far back. Nothing to do: recent days keep updating.",
} as const;
const TOKEN_HELP_URL = 'https://developers.cloudflare.com/fundamentals/api/get-started/create-token/';
const ZONE_HELP_URL = 'https://developers.cloudflare.com/fundamentals/account/find-account-and-zone-ids/';

const config = z.object({
  zoneId: z
    .string({ error: 'Choose the site to report on' })
    .regex(/^[0-9a-f]{32}$/, 'Choose a site from the list, or enter its 32-character zone ID (letters a–f and digits)')
    .meta({
      title: 'Site (zone)',
      description: 'The website whose traffic to report on. Its zone ID is on the site’s Overview page in Cloudflare.',
      helpUrl: ZONE_HELP_URL,
    }),
});
const credentials = z.object({
  apiToken: z
    .string({ error: 'Enter your Cloudflare API token' })
    .trim()
    .min(1, 'Enter your Cloudflare API token')
    .max(500, 'This is longer than a Cloudflare API token: paste only the token')
    .meta({
      title: 'API token',
      description: `Create one in Cloudflare under ${TOKENS_PAGE} with the permissions Zone › Zone › Read and Zone › Analytics › Read.`,
      helpUrl: TOKEN_HELP_URL,
      writeOnly: true,
    }),
});

type Credentials = z.infer<typeof credentials>;
type CloudflareContext<TConfig> = ProviderCallContext<TConfig, Credentials>;

interface Envelope<T> {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: { code: number; message: string }[];
  result: T;
}
interface TokenStatus {
  id: string;
  status: 'active' | 'disabled' | 'expired' | string;
  expires_on?: string;
}
interface Zone {
  id: string;
  name: string;
  account?: { id?: string | null; name?: string | null } | null;
}
interface ZonesPage extends Envelope<Zone[]> {
  result_info?: { page?: number; per_page?: number; count?: number; total_count?: number; total_pages?: number };
}
interface DayGroup {
  dimensions: { date: string };
  sum: { pageViews: number; requests: number; cachedRequests: number };
}
interface GraphQLAnswer {
  data?: { viewer?: { zones?: { httpRequests1dGroups?: DayGroup[] | null }[] | null } | null } | null;
  errors?: { message: string; path?: (string | number)[] | null; extensions?: Record<string, unknown> }[] | null;
}

const auth = (ctx: CloudflareContext<unknown>) => ({ authorization: `Bearer ${ctx.credentials.apiToken}` });

/**
 * A REST v4 call. The shared client classifies statuses; Cloudflare's 400 for a malformed
 * Authorization header (codes 6003 / 61xx) is an authentication problem, not a config one.
 */
async function rest<T>(ctx: CloudflareContext<unknown>, path: string): Promise<T> {
  try {
    return await requestJson<T>(`${ctx.endpoints.api}${path}`, {
      vendor: VENDOR,
      headers: auth(ctx),
      signal: ctx.signal,
      hints: { auth: HINTS.auth, permission: HINTS.permission },
      userMessages: { auth: USER_MESSAGES.auth, permission: USER_MESSAGES.permission },
    });
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'invalid_config' && error.vendor?.codes.some((code) => /^(6003|61\d\d)$/.test(code))) {
      throw new ProviderError('auth_failed', `${VENDOR} refused the Authorization header: the API token is malformed`, { hint: HINTS.auth, userMessage: USER_MESSAGES.auth });
    }
    throw error;
  }
}

function requireActive(token: TokenStatus | undefined, owner: string): void {
  if (token?.status === 'active') return;
  const status = token?.status ?? 'unknown';
  if (status === 'expired') {
    const when = token?.expires_on ? ` on ${token.expires_on}` : '';
    throw new ProviderError('auth_failed', `the ${VENDOR} ${owner} API token expired${when}`, { hint: HINTS.expired, userMessage: USER_MESSAGES.expired });
  }
  throw new ProviderError('auth_failed', `the ${owner} API token is ${status}, not active`, {
    hint:
      status === 'disabled'
          ? 'The API token is disabled. Enable it (or create a new one) in the Cloudflare dashboard, then send it with PUT /v1/connections/{id}/credentials.'
          : HINTS.auth,
    userMessage: status === 'disabled' ? USER_MESSAGES.disabled : USER_MESSAGES.auth,
  });
}

/** User tokens verify at /user/tokens/verify; account-owned tokens only at their account's endpoint. */
async function verifyToken(ctx: CloudflareContext<unknown>): Promise<void> {
  let userError: ProviderError;
  try {
    const answer = await rest<Envelope<TokenStatus>>(ctx, '/user/tokens/verify');
    requireActive(answer.result, 'user');
    return;
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind !== 'auth_failed' || error.vendor?.status !== 401) throw error;
    userError = error;
  }
  // Not a user token: perhaps an account-owned one. Its zones tell its (single) account.
  let accountId: string | undefined;
  try {
    const zones = await rest<ZonesPage>(ctx, '/zones?page=1&per_page=5');
    accountId = zones.result.find((zone) => zone.account?.id)?.account?.id ?? undefined;
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'auth_failed' || error.kind === 'permission_denied')) throw userError;
    throw error;
  }
  if (!accountId) throw userError;
  const answer = await rest<Envelope<TokenStatus>>(ctx, `/accounts/${encodeURIComponent(accountId)}/tokens/verify`);
  requireActive(answer.result, 'account');
}

/**
 * A token refused mid-sync is only "Invalid access token" (9109, as 401 or 403) or GraphQL
 * "Unauthorized"; the verify endpoint is where Cloudflare says why (`expired`, `disabled`), so a
 * refusal asks it once and reports an expired or disabled token as such. Account-owned tokens
 * cannot be verified without a working call to learn their account: they keep the refusal.
 */
async function explainingRefusal<T>(ctx: CloudflareContext<unknown>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ProviderError) || (error.kind !== 'auth_failed' && error.kind !== 'permission_denied')) throw error;
    const token = await rest<Envelope<TokenStatus>>(ctx, '/user/tokens/verify').then(
      (answer) => answer.result,
      () => undefined,
    );
    if (token && token.status !== 'active') requireActive(token, 'user');
    throw error;
  }
}

/** Every zone the token can see, page by page. */
async function listZones(ctx: CloudflareContext<unknown>): Promise<Zone[]> {
  const zones: Zone[] = [];
  for (let page = 1; page <= MAX_ZONE_PAGES; page += 1) {
    const answer = await explainingRefusal(ctx, () => rest<ZonesPage>(ctx, `/zones?page=${page}&per_page=${ZONES_PER_PAGE}&order=name&direction=asc`));
    const result = answer.result ?? [];
    zones.push(...result);
    const info = answer.result_info ?? {};
    const perPage = info.per_page ?? ZONES_PER_PAGE;
    const totalPages = info.total_pages ?? (info.total_count !== undefined ? Math.ceil(info.total_count / perPage) : page);
    if (result.length === 0 || page >= totalPages) break;
  }
  return zones;
}

/** A GraphQL error message, in the classes Cloudflare's error documentation names. */
function graphQLError(messages: string[], zoneId: string): ProviderError {
  const text = messages.join('; ').slice(0, 300);
  const message = `${VENDOR} GraphQL answered with errors: ${text}`;
  const any = (pattern: RegExp) => messages.some((m) => pattern.test(m));
  if (any(/^\s*unauthori[sz]ed\s*$/i) || any(/authentication/i)) {
    return new ProviderError('auth_failed', message, { hint: HINTS.auth, userMessage: USER_MESSAGES.auth });
  }
  if (any(/not authorized|does not have access|permission|forbidden/i)) {
    return new ProviderError('permission_denied', message, { hint: `${HINTS.analytics} (zone ${zoneId})`, userMessage: USER_MESSAGES.analytics });
  }
  const waitMinutes = /try again after (\d+) minutes?/i.exec(text)?.[1];
  if (any(/rate limit|budget depleted|quota exceeded|limit reached|too many nodes|excessive resources/i)) {
    return new ProviderError('rate_limited', message, {
      hint: 'Cloudflare limits GraphQL queries (about 300 per 5 minutes per user); Onramp waits and retries.',
      retryAfterMs: waitMinutes ? Number(waitMinutes) * 60_000 : 60_000,
    });
  }
  if (any(/try again later|in progress|internal server error|timeout/i)) {
    return new ProviderError('provider_unavailable', message, { hint: 'Transient; Onramp retries it.' });
  }
  if (any(/older than|time range|not available for your plan|number of fields|limit must be/i)) {
    return new ProviderError('invalid_config', message, {
      hint: "The zone's Cloudflare plan does not keep analytics for this period or range. Sync a more recent or shorter period (a smaller backfill).",
      userMessage: USER_MESSAGES.plan,
    });
  }
  if (any(/parsing|unknown field|selections|query contains error/i)) {
    return new ProviderError('invalid_config', message, {
      hint: 'Cloudflare refused the analytics query; this needs a fix in Onramp, not in the connection. Report it.',
    });
  }
  return new ProviderError('provider_unavailable', message, { hint: 'Onramp retries it; if it persists, check the Cloudflare status page.' });
}

/**
 * Cloudflare refuses analytics of a zone the same way whether the token lacks Analytics Read for
 * it or cannot see the zone at all (another account, or outside its zone resources). The zone's
 * own details tell which: a token that can read them lacks the permission; one that cannot has
 * the wrong zone, which the person fixes by choosing another, not by editing permissions.
 */
async function diagnosingZone<T>(ctx: CloudflareContext<{ zoneId: string }>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind !== 'permission_denied') throw error;
    const visible = await rest<Envelope<Zone>>(ctx, `/zones/${encodeURIComponent(ctx.config.zoneId)}`).then(
      () => true,
      (refusal: unknown) => (refusal instanceof ProviderError && ['permission_denied', 'invalid_config'].includes(refusal.kind) ? false : undefined),
    );
    if (visible !== false) throw error;
    throw new ProviderError('invalid_config', `${VENDOR}: zone ${ctx.config.zoneId} is not visible to this API token (another account, or outside its zone resources)`, {
      hint: HINTS.elsewhere,
      userMessage: USER_MESSAGES.elsewhere,
    });
  }
}

/** The daily groups of one zone for [from, to] (inclusive dates, at most MAX_DAYS_PER_QUERY days). */
async function dailyGroups(ctx: CloudflareContext<{ zoneId: string }>, from: string, to: string, limit: number): Promise<DayGroup[]> {
  const query = `query OnrampDailyTraffic($zoneTag: string!, $from: Date!, $to: Date!) {
  viewer {
    zones(filter: { zoneTag: $zoneTag }) {
      httpRequests1dGroups(limit: ${limit}, filter: { date_geq: $from, date_leq: $to }, orderBy: [date_ASC]) {
        dimensions { date }
        sum { pageViews requests cachedRequests }
      }
    }
  }
}`;
  const answer = await requestJson<GraphQLAnswer>(`${ctx.endpoints.api}/graphql`, {
    method: 'POST',
    vendor: VENDOR,
    headers: auth(ctx),
    body: { query, variables: { zoneTag: ctx.config.zoneId, from, to } },
    signal: ctx.signal,
    hints: { auth: HINTS.auth, permission: `${HINTS.analytics} (zone ${ctx.config.zoneId})` },
    userMessages: { auth: USER_MESSAGES.auth, permission: USER_MESSAGES.analytics },
  });
  if (answer.errors && answer.errors.length > 0) {
    throw graphQLError(
      // A 200 body bypasses the shared client's scrubbing: keep the token out of messages here.
      answer.errors.map((e) => scrub(String(e.message), [ctx.credentials.apiToken])),
      ctx.config.zoneId,
    );
  }
  const zones = answer.data?.viewer?.zones;
  if (!zones || zones.length === 0) {
    throw new ProviderError('permission_denied', `${VENDOR} returned no zone ${ctx.config.zoneId} for this token`, {
      hint:
        'The token cannot read analytics of this zone: pick a zoneId from GET /v1/connections/{id}/options, or give the ' +
        'token the "Analytics Read" permission (Zone › Analytics › Read) for this zone.',
      userMessage: USER_MESSAGES.analytics,
    });
  }
  return zones[0]?.httpRequests1dGroups ?? [];
}

function toPoints(groups: DayGroup[], wanted: Set<string>): KpiPoint[] {
  return groups
    .filter((g) => wanted.has(g.dimensions.date))
    .flatMap((g) => {
      const requests = Number(g.sum.requests) || 0;
      const cached = Number(g.sum.cachedRequests) || 0;
      const performance = requests > 0 ? Math.round((cached / requests) * 10_000) / 100 : 0;
      return [
        { key: 'website_traffic' as const, period: g.dimensions.date, value: Number(g.sum.pageViews) || 0, unit: 'count' },
        { key: 'website_performance' as const, period: g.dimensions.date, value: performance, unit: 'percent' },
      ];
    });
}

export const cloudflareProvider = defineProvider({
  slug: 'cloudflare',
  name: 'Cloudflare',
  category: 'infrastructure',
  description: 'Page views per day of one Cloudflare site, and the share of its requests served from the cache.',
  authKind: 'api_key',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: { api: 'https://api.cloudflare.com/client/v4' },
  // Retention of httpRequests1dGroups depends on the zone's plan (the GraphQL `settings` node's
  // `notOlderThan`); a year is what Cloudflare's Analytics docs give the daily dataset. The stored
  // OpenAPI file does not describe GraphQL at all.
  history: { days: 365, source: 'Cloudflare GraphQL Analytics: httpRequests1dGroups notOlderThan (plan-dependent; 365 days)' },
  dataLateness: { hours: 1, source: 'Cloudflare documents no ingestion delay for httpRequests1dGroups; one hour of margin is our choice' },
  callRange: {
    maxDays: MAX_DAYS_PER_QUERY,
    source: 'Cloudflare GraphQL Analytics: the longest period per query is a per-plan node limit (settings node), no number documented; 31 days is our choice',
  },
  kpis: {
    website_traffic: 'page views per UTC day (GraphQL httpRequests1dGroups sum.pageViews)',
    website_performance: 'cached requests ÷ requests × 100 per UTC day (0 when there were no requests)',
  },
  async testConnection(ctx) {
    await verifyToken(ctx);
    const today = new Date().toISOString().slice(0, 10);
    await diagnosingZone(ctx, () => dailyGroups(ctx, today, today, 1));
  },
  async discover(ctx) {
    const zones = await listZones(ctx);
    return {
      zoneId: zones.map((zone) => ({
        value: zone.id,
        label: zone.account?.name ? `${zone.name} (${zone.account.name})` : zone.name,
      })),
    };
  },
  async fetchMetrics(ctx, window) {
    const days = daysInWindow(window);
    const points: KpiPoint[] = [];
    for (let i = 0; i < days.length; i += MAX_DAYS_PER_QUERY) {
      const chunk = days.slice(i, i + MAX_DAYS_PER_QUERY);
      const groups = await explainingRefusal(ctx, () => diagnosingZone(ctx, () => dailyGroups(ctx, chunk[0]!, chunk.at(-1)!, chunk.length)));
      points.push(...toPoints(groups, new Set(chunk)));
    }
    return points;
  },
});
