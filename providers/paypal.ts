/**
 * `paypal`: daily revenue from PayPal's Transaction Search API (REST, v1 reporting).
 *
 * Calls
 * - `POST {base}/v1/oauth2/token` (client credentials, HTTP Basic `client_id:secret`, form
 *   `grant_type=client_credentials`) through providers/client-credentials.ts: one token per
 *   process and app, cached until a minute before `expires_in`. Basic carries the raw id and
 *   secret (RFC 7617, as PayPal's `curl -u` examples and SDKs send them), not the RFC 6749
 *   §2.3.1 form-urlencoded pair: PayPal does not decode that, and its ids contain `-` and `_`.
 * - `GET {base}/v1/reporting/transactions?start_date&end_date&fields=transaction_info&page_size=500&page=N`
 *   (scope `https://uri.paypal.com/services/reporting/search/read`), pages 1..`total_pages`.
 * `{base}` is the `live` or `sandbox` endpoint, chosen by `credentials.environment`
 * (overridable as ONRAMP_ENDPOINT_PAYPAL_LIVE / ONRAMP_ENDPOINT_PAYPAL_SANDBOX).
 *
 * KPI mapping: `revenue` per UTC day = Σ `transaction_info.transaction_amount.value` over
 * transactions with `transaction_status` `S` (completed), `currency_code` = config `currency`
 * and a positive amount (refunds, fees, withdrawals are negative), grouped by the UTC day of
 * `transaction_initiation_date`. Unit: the currency code. Every day of the window gets a point
 * (0 when nothing qualified), except days PayPal says it cannot serve yet (below).
 *
 * Quirks honoured
 * - Range at most 31 days per request: the window is cut into ≤ 31-day ranges.
 * - `start_date`/`end_date` are sent as RFC 3339 with seconds and `Z` (end rounded up to the
 *   second); transactions are then kept only if they fall in [from, to) of their range, so a
 *   transaction on a range boundary is counted once whether PayPal's `end_date` is inclusive or not.
 * - Timestamps may come with a colon-less offset (`2014-07-11T04:03:52+0000`, as PayPal's own
 *   samples show, against the spec's pattern): both forms are read; a timestamp without any
 *   offset is refused rather than read in the worker's time zone.
 * - Money values are decimal strings: summed as exact fixed-point (6 places), never as floats.
 * - An expired or revoked token answers 401 in the OAuth error shape
 *   (`{"error":"invalid_token","error_description":…}`, not the `{name, message, debug_id}` shape
 *   of other errors): on any 401 the cached token is dropped, a new one requested and the call
 *   repeated once; a second 401 is reported as bad credentials.
 * - 403 (`NOT_AUTHORIZED` / issue `PERMISSION_DENIED`) means the REST app lacks Transaction
 *   Search: the hint says how to enable it. PayPal documents that a permission added to an app
 *   can take up to 9 hours to reach new tokens, so the cached token is dropped on 403 too.
 * - The response's `end_date` is "the end date and time or the last date when the data can be
 *   served": days that start at or after it get no point (PayPal lags up to three hours), so a
 *   not-yet-served day is never written as 0.
 *
 * Where the docs are silent (interpreted here)
 * - Whether `end_date` is inclusive: handled by the [from, to) filter above.
 * - Whether "31 days" means end − start ≤ 31 × 24 h: assumed so.
 * - The exact body of the > 31 days error and of the 403 for a missing Transaction Search
 *   permission (the spec only gives `name: NOT_AUTHORIZED`); neither is parsed, only the status.
 * - Rate limits: PayPal publishes none and does not promise `Retry-After` on its 429
 *   (`RATE_LIMIT_REACHED`); the shared client honours it when present.
 * - The token endpoint has no machine-readable spec; its bad-client answer (401 `invalid_client`)
 *   and the expired-token body are documented in prose / observed in the field only.
 * - Which transaction event codes are "revenue": not defined by PayPal; every completed positive
 *   amount counts (so does, e.g., money received that is not a sale).
 * - The result-set limit: PayPal refuses a search whose results exceed its maximum with 400
 *   `RESULTSET_TOO_LARGE` ("Result set size is greater than the maximum limit. Change the filter
 *   criteria and try again.", PayPal's Transaction Search error reference; the body carries
 *   `total_items` and `maximum_items`, 10,000 in practice), even for one busy day, and answers no
 *   page of it. The reporting spec does not list it. A refused range is halved, at whole seconds,
 *   until each half is accepted (a day over the limit is read as hours, then smaller); a
 *   one-second range still refused cannot be read exactly, so its day is reported missing
 *   (`vendor_limit`) and gets no point, while every other day is written.
 */
import { z } from 'zod';
import { clientCredentialsTokens, type ClientCredentialsRequest } from './client-credentials.js';
import { defineProvider, type FetchedMetrics, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { requestJson } from './http.js';
import { daysInWindow, type SyncWindow } from '../domain/periods.js';
import { missingPeriods } from '../domain/missing-periods.js';
import type { LastError } from '../domain/connection.js';

const DAY_MS = 86_400_000;
/** PayPal: "The maximum supported range is 31 days." */
const MAX_RANGE_DAYS = 31;
export const MAX_RANGE_MS = MAX_RANGE_DAYS * DAY_MS;
export const PAGE_SIZE = 500;
/** A bound on pages per range, so a vendor bug cannot loop forever. */
const MAX_PAGES = 1_000;
const SEARCH_SCOPE = 'https://uri.paypal.com/services/reporting/search/read';

const APPS_URL = 'https://developer.paypal.com/dashboard/applications';
const config = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Enter a three-letter currency code in capitals, e.g. USD or EUR')
    .default('USD')
    .meta({
      title: 'Currency',
      description: 'Payments in this currency count as revenue: the currency your PayPal account is paid in (three letters, e.g. EUR).',
      helpUrl: 'https://developer.paypal.com/api/rest/reference/currency-codes/',
    }),
});
const credentials = z.object({
  clientId: z
    .string({ error: 'Enter the client ID of your PayPal app' })
    .trim()
    .min(1, 'Enter the client ID of your PayPal app')
    .max(200, 'This is longer than a PayPal client ID: paste only the client ID')
    .meta({ title: 'Client ID', description: 'In the PayPal Developer Dashboard: Apps & Credentials, then your app.', helpUrl: APPS_URL }),
  clientSecret: z
    .string({ error: 'Enter the secret of your PayPal app' })
    .min(1, 'Enter the secret of your PayPal app')
    .max(200, 'This is longer than a PayPal secret: paste only the secret')
    .meta({ title: 'Secret', description: 'Shown beside the client ID of the same app.', helpUrl: APPS_URL, writeOnly: true }),
  environment: z
    .enum(['sandbox', 'live'], { error: 'Choose Sandbox or Live' })
    .meta({ title: 'Environment', description: 'The tab your app is on in Apps & Credentials: Sandbox (for testing) or Live.' }),
});

type PayPalContext = ProviderCallContext<z.infer<typeof config>, z.infer<typeof credentials>>;

interface Money {
  currency_code?: string;
  value?: string;
}
interface TransactionInfo {
  transaction_id?: string;
  transaction_initiation_date?: string;
  transaction_amount?: Money;
  transaction_status?: string;
}
interface SearchResponse {
  transaction_details?: { transaction_info?: TransactionInfo }[];
  page?: number;
  total_pages?: number;
  end_date?: string;
}

const environmentLabel = (ctx: PayPalContext) => (ctx.credentials.environment === 'live' ? 'Live' : 'Sandbox');

function baseUrl(ctx: PayPalContext): string {
  const base = ctx.endpoints[ctx.credentials.environment];
  if (!base) {
    throw new ProviderError('invalid_config', `no PayPal endpoint for environment "${ctx.credentials.environment}"`, {
      hint: `Set ONRAMP_ENDPOINT_PAYPAL_${ctx.credentials.environment.toUpperCase()} on the worker.`,
    });
  }
  return base.replace(/\/+$/, '');
}

function authHint(ctx: PayPalContext): string {
  return (
    `PayPal refused the client ID and secret for the ${ctx.credentials.environment} environment. Copy both from the same ` +
    `REST app in the PayPal Developer Dashboard (Apps & Credentials, ${environmentLabel(ctx)} tab), check that "environment" ` +
    'matches that tab, then send them with PUT /v1/connections/{id}/credentials.'
  );
}

function authMessage(ctx: PayPalContext): string {
  return (
    `PayPal did not accept this client ID and secret for ${environmentLabel(ctx)}. Copy both from the same app in the PayPal ` +
    `Developer Dashboard (Apps & Credentials, ${environmentLabel(ctx)} tab), check that the environment matches that tab, and enter them again.`
  );
}

function permissionMessage(ctx: PayPalContext): string {
  return (
    `This PayPal app may not search transactions. In the PayPal Developer Dashboard (Apps & Credentials, ${environmentLabel(ctx)} tab) ` +
    'open the app, tick “Transaction Search” under its features and save. PayPal can take up to 9 hours to apply it; then try again.'
  );
}

function permissionHint(ctx: PayPalContext): string {
  return (
    'PayPal answered 403: Transaction Search is not enabled for this REST app. In the PayPal Developer Dashboard ' +
    `(Apps & Credentials, ${environmentLabel(ctx)} tab) open the app, tick "Transaction Search" under its features ` +
    `(scope ${SEARCH_SCOPE}) and save; PayPal can take up to 9 hours to grant it to new tokens. Then POST /v1/connections/{id}/retry.`
  );
}

function tokenRequest(ctx: PayPalContext): ClientCredentialsRequest {
  return {
    tokenUrl: `${baseUrl(ctx)}/v1/oauth2/token`,
    clientId: ctx.credentials.clientId,
    clientSecret: ctx.credentials.clientSecret,
    // PayPal reads Basic as RFC 7617 (its docs: `curl -u CLIENT_ID:SECRET`) and never
    // form-url-decodes it, so the `-` and `_` of real client ids must not become %2D / %5F.
    clientAuth: 'client_secret_basic_raw',
    vendor: 'PayPal',
    authHint: authHint(ctx),
    authUserMessage: authMessage(ctx),
    signal: ctx.signal,
  };
}

/** One reporting call with the app's token: on a 401 the token is replaced and the call repeated once. */
async function search(ctx: PayPalContext, params: Record<string, string>): Promise<SearchResponse> {
  const request = tokenRequest(ctx);
  const url = `${baseUrl(ctx)}/v1/reporting/transactions?${new URLSearchParams(params).toString()}`;
  const call = (token: string) =>
    requestJson<SearchResponse>(url, {
      vendor: 'PayPal',
      headers: { authorization: `Bearer ${token}` },
      signal: ctx.signal,
      hints: { auth: authHint(ctx), permission: permissionHint(ctx) },
      userMessages: { auth: authMessage(ctx), permission: permissionMessage(ctx) },
    });
  const token = await clientCredentialsTokens.get(request);
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === 'permission_denied') clientCredentialsTokens.invalidate(request, token);
    if (error.vendor?.code === 'RESULTSET_TOO_LARGE') throw resultSetTooLarge(error);
    if (error.kind !== 'auth_failed') throw error;
    // Expired or revoked (PayPal answers `invalid_token`): a new token, one more try.
    clientCredentialsTokens.invalidate(request, token);
    return call(await clientCredentialsTokens.get(request));
  }
}

/** PayPal's result-set limit is a limit of this request, never the connection's config. */
function resultSetTooLarge(error: ProviderError): ProviderError {
  return new ProviderError('vendor_limit', error.message, {
    hint: 'PayPal lists at most its maximum of transactions per search; Onramp asks for shorter ranges.',
    vendor: error.vendor,
  });
}

/** RFC 3339 with whole seconds and Z, as the spec's pattern wants; `up` rounds to the next second. */
export function paypalTime(ms: number, round: 'down' | 'up' = 'down'): string {
  const seconds = round === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant from PayPal: RFC 3339, or with the colon-less offset of PayPal's samples (`+0000`). */
export function parsePayPalTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const normalized = value.trim().replace(/([+-])(\d{2})(\d{2})$/, '$1$2:$3');
  if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(normalized)) return undefined;
  const ms = Date.parse(normalized.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

const SCALE = 6;
/** A PayPal money value (decimal string) as an integer of 10^-6 units; undefined if unreadable. */
export function toMicros(value: string | undefined): bigint | undefined {
  const match = /^(-?)(\d*)(?:\.(\d+))?$/.exec(value?.trim() ?? '');
  if (!match || (match[2] === '' && match[3] === undefined)) return undefined;
  const fraction = (match[3] ?? '').padEnd(SCALE, '0').slice(0, SCALE);
  const n = BigInt(match[2] || '0') * 10n ** BigInt(SCALE) + BigInt(fraction);
  return match[1] ? -n : n;
}

function fromMicros(micros: bigint): number {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const scale = 10n ** BigInt(SCALE);
  return Number(`${negative ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(SCALE, '0')}`);
}

/** [from, to) cut into consecutive ranges of at most 31 days. */
export function splitRanges(fromMs: number, toMs: number): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  for (let from = fromMs; from < toMs; from += MAX_RANGE_MS) ranges.push({ from, to: Math.min(toMs, from + MAX_RANGE_MS) });
  return ranges;
}

interface RangeReader {
  ctx: PayPalContext;
  currency: string;
  /** Micro-units per day of the window, summed as ranges are read. */
  totals: Map<string, bigint>;
  /** PayPal's "served until" for the window's last range (its data lags up to three hours). */
  servedUntil: number;
  windowEnd: number;
}
type Range = { from: number; to: number };
type Refusal = { range: Range; error: ProviderError };

const isResultSetTooLarge = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.kind === 'vendor_limit' && error.vendor?.code === 'RESULTSET_TOO_LARGE';

/**
 * One range into the totals, every page; a range PayPal refuses as too large is halved at whole
 * seconds and each half read the same way. Answers the one-second ranges still refused. A range
 * is summed only once every page of it is read, so a refusal never leaves half a range counted.
 */
async function readRange(read: RangeReader, range: Range): Promise<Refusal[]> {
  const sums = new Map<string, bigint>();
  let served: number | undefined;
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = await search(read.ctx, {
        start_date: paypalTime(range.from),
        end_date: paypalTime(range.to, 'up'),
        fields: 'transaction_info',
        page_size: String(PAGE_SIZE),
        page: String(page),
      });
      for (const { transaction_info: info } of body.transaction_details ?? []) {
        if (info?.transaction_status !== 'S' || info.transaction_amount?.currency_code !== read.currency) continue;
        const amount = toMicros(info.transaction_amount.value);
        if (amount === undefined) {
          throw new Error(`PayPal sent transaction ${info.transaction_id ?? '?'} with an unreadable amount "${info.transaction_amount.value ?? ''}"`);
        }
        if (amount <= 0n) continue;
        const at = parsePayPalTime(info.transaction_initiation_date);
        if (at === undefined) {
          throw new Error(`PayPal sent transaction ${info.transaction_id ?? '?'} with an unreadable transaction_initiation_date "${info.transaction_initiation_date ?? ''}"`);
        }
        if (at < range.from || at >= range.to) continue; // counted by its own range
        const day = new Date(at).toISOString().slice(0, 10);
        sums.set(day, (sums.get(day) ?? 0n) + amount);
      }
      served = parsePayPalTime(body.end_date) ?? served;
      if (page >= (body.total_pages ?? 0)) break;
    }
  } catch (error) {
    if (!isResultSetTooLarge(error)) throw error;
    if (range.to - range.from <= 1000) return [{ range, error }];
    const mid = range.from + Math.ceil((range.to - range.from) / 2000) * 1000;
    return [...(await readRange(read, { from: range.from, to: mid })), ...(await readRange(read, { from: mid, to: range.to }))];
  }
  for (const [day, sum] of sums) {
    const total = read.totals.get(day);
    if (total !== undefined) read.totals.set(day, total + sum);
  }
  if (served !== undefined && range.to === read.windowEnd) read.servedUntil = Math.min(read.servedUntil, served);
  return [];
}

/** Why a day is missing: PayPal will not list one second of it within its result-set limit. */
function resultSetLimit(ctx: PayPalContext, range: Range, error: ProviderError): LastError {
  const maximum = error.vendor?.numbers.maximum_items;
  const total = error.vendor?.numbers.total_items;
  const debugId = error.vendor?.requestId ? ` (Paypal-Debug-Id ${error.vendor.requestId})` : '';
  return {
    code: 'vendor_limit',
    message:
      `PayPal refuses to list more than ${maximum ?? 'its maximum of'} transactions in one search (RESULTSET_TOO_LARGE), ` +
      `and the second from ${new Date(range.from).toISOString()} alone holds ${total ?? 'more than that'}${debugId}`,
    hint:
      "That day's revenue cannot be read exactly from Transaction Search; Onramp asks again at every sync. " +
      `If it persists, ask PayPal support to raise the result-set limit for the ${environmentLabel(ctx)} app, quoting the debug id.`,
    userMessage: 'PayPal would not list every payment of this day, so its revenue is not shown yet. Onramp keeps trying; nothing for you to change.',
  };
}

export const paypalProvider = defineProvider({
  slug: 'paypal',
  name: 'PayPal',
  category: 'finance',
  description: 'Daily revenue from completed PayPal payments (Transaction Search API), for one currency.',
  authKind: 'custom',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: { live: 'https://api-m.paypal.com', sandbox: 'https://api-m.sandbox.paypal.com' },
  history: { days: 3 * 365, source: 'PayPal Transaction Search v1 (search.get): "This call lists transaction for the previous three years"' },
  dataLateness: { hours: 3, source: 'PayPal Transaction Search v1 (search.get): "It takes a maximum of three hours for executed transactions to appear in the list transactions call"' },
  callRange: { maxDays: MAX_RANGE_DAYS, source: 'PayPal Transaction Search v1 (search.get): start_date to end_date "The maximum supported range is 31 days"' },
  kpis: {
    revenue:
      'Σ positive transaction_amount of completed (status S) transactions in the configured currency, per UTC day of transaction_initiation_date; unit = the currency code',
  },
  async testConnection(ctx) {
    // The token proves the client ID and secret; one small search proves Transaction Search access.
    const now = Date.now();
    try {
      await search(ctx, {
        start_date: paypalTime(now - DAY_MS),
        end_date: paypalTime(now, 'up'),
        fields: 'transaction_info',
        page_size: '1',
        page: '1',
      });
    } catch (error) {
      // A day too busy to list still proves the app may search: syncs read it in shorter ranges.
      if (!isResultSetTooLarge(error)) throw error;
    }
  },
  async fetchMetrics(ctx, window: SyncWindow): Promise<FetchedMetrics> {
    const days = daysInWindow(window);
    if (days.length === 0) return { points: [], missing: [] };
    const currency = ctx.config.currency;
    const totals = new Map<string, bigint>(days.map((d) => [d, 0n]));
    const windowEnd = Date.parse(window.to);
    const read: RangeReader = { ctx, currency, totals, servedUntil: windowEnd, windowEnd };
    const refused: Refusal[] = [];
    for (const range of splitRanges(Date.parse(window.from), windowEnd)) refused.push(...(await readRange(read, range)));

    // A day with any second PayPal would not list cannot have an exact total: no point, a missing day.
    const missing = new Map<string, LastError>();
    for (const { range, error } of refused) {
      for (const day of daysInWindow({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() })) {
        if (totals.has(day)) missing.set(day, resultSetLimit(ctx, range, error));
      }
    }
    return {
      points: days
        .filter((day) => !missing.has(day) && Date.parse(`${day}T00:00:00Z`) < read.servedUntil)
        .map((period) => ({ key: 'revenue' as const, period, value: fromMicros(totals.get(period) ?? 0n), unit: currency })),
      missing: missingPeriods(missing),
    };
  },
});
