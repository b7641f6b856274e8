/**
 * `stripe`: daily revenue from Stripe's balance transactions (REST, API version pinned).
 *
 * Calls (Stripe API reference; the OpenAPI description stripe-mock v0.203.0 serves)
 * - `GET {api}/v1/balance`: the account's balance per currency; proves the key, tells its mode
 *   (`livemode`) and offers the currencies to report on.
 * - `GET {api}/v1/balance_transactions?created[gte]&created[lt]&limit=100&starting_after=…`:
 *   every transaction that moved the balance, newest first, paged with `starting_after` (the last
 *   id of a page) while `has_more`.
 * - `GET {api}/v1/customers?created[gte]&created[lt]&limit=100&starting_after=…`: the customers
 *   created in the window, paged the same way.
 * Auth: `Authorization: Bearer <key>`; a restricted key (`rk_live_…` / `rk_test_…`) with Read on
 * "Balance" and "Customers" is what Stripe recommends for a read-only integration; a secret key (`sk_…`) works too
 * and is accepted, but can do everything on the account. `Stripe-Version` pins the API version the
 * shapes below were read from; `Stripe-Account: acct_…` (config `account`) reads a connected
 * account of a Connect platform.
 *
 * KPI mapping: `revenue` per UTC day of `created` = Σ `amount` (gross, before Stripe's fees) of the
 * balance transactions of type `charge` and `payment` (money taken), minus refunds (`refund`,
 * `payment_refund`, negative amounts) and back again when a refund failed (`refund_failure`,
 * `payment_failure_refund`), in the configured currency (or the account's only one). Amounts are
 * integers in the currency's minor unit: two decimals, none for Stripe's zero-decimal currencies
 * (JPY, KRW, …), three for BHD, JOD, KWD, OMR and TND; summed as integers, divided once. Every day
 * of the window gets a point (0 when nothing qualified). Unit: the ISO code in capitals.
 *
 * Raw metric `stripe.new_customers` per UTC day of `created` = the customers created that day.
 * Created, not "first successful payment": it is what Stripe's own dashboard counts as new
 * customers, it is one paged list per window (a first payment would need every customer's charge
 * history), and customer acquisition cost divides what was spent on acquiring customers by the
 * customers acquired, paying yet or not.
 *
 * Quirks honoured
 * - Keys say their mode (`_live_` / `_test_`): a test key on a connection set to live, or the
 *   reverse, is refused before anything is read, with what to do.
 * - An account holding several currencies has no single revenue: the connection must name one
 *   (discovery offers them); with one currency that one is used.
 * - 429 (Stripe's rate limits: per account, with a lower limit in test mode) and 5xx are retried
 *   with Retry-After when sent; Stripe documents no Retry-After, so Temporal's backoff applies.
 *   `Stripe-Should-Retry: true|false` on a failed response overrides that both ways (a 409
 *   `lock_timeout` is retried; a 5xx marked false is not).
 *
 * Where the docs are silent (interpreted here)
 * - How far back balance transactions go: the account's whole life; backfills may ask back to
 *   Stripe's launch (2011).
 * - Disputes, fees, payouts, transfers and adjustments are not revenue here (they are not money
 *   taken from customers); Stripe's own "gross volume" makes the same cut.
 * - The exact permission a restricted key lacks is named only in the error's prose; the hint
 *   names the one the sync needs (Balance: Read) rather than parsing that prose.
 */
import { z } from 'zod';
import { daysInWindow, type SyncWindow } from '../domain/periods.js';
import { defineProvider, type ConfigOptions, type KpiPoint, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { requestJson } from './http.js';

/** The API version the shapes here were read from (stripe-mock v0.203.0's OpenAPI description). */
export const STRIPE_VERSION = '2026-08-26.dahlia';
export const PAGE_LIMIT = 100;
/** A bound on pages per call, so a vendor bug cannot loop forever (1,000 pages = 100,000 transactions). */
const MAX_PAGES = 1_000;
const CALL_RANGE_DAYS = 31;

/** Stripe's zero-decimal and three-decimal currencies (docs: Currencies › Zero-decimal / Three-decimal). */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
export const minorUnitDigits = (currency: string) => (ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2);

/** Balance transaction types that are money taken from customers, or given back. */
const REVENUE_TYPES = new Set(['charge', 'payment', 'refund', 'payment_refund', 'refund_failure', 'payment_failure_refund']);

const config = z.object({
  mode: z
    .enum(['live', 'test'], { error: 'Choose live or test' })
    .default('live')
    .meta({ title: 'Mode', description: 'Live for real payments, test for test data. The API key must be of the same mode.' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Enter a three-letter currency code in capitals, e.g. EUR')
    .optional()
    .meta({
      title: 'Currency',
      description: 'Payments in this currency count as revenue. Needed only when your Stripe account holds several currencies.',
      defaultLabel: 'The account’s only currency (when it has just one)',
    }),
  account: z
    .string()
    .regex(/^acct_[A-Za-z0-9]+$/, 'Enter a Stripe account ID: it starts with acct_')
    .optional()
    .meta({
      title: 'Connected account',
      description: 'Only for Stripe Connect platforms: the ID of the connected account to report on (starts with acct_).',
      helpUrl: 'https://docs.stripe.com/connect/authentication',
    }),
});
const credentials = z.object({
  apiKey: z
    .string({ error: 'Enter your Stripe API key' })
    .trim()
    .regex(/^(rk|sk)_(live|test)_[A-Za-z0-9]+$/, 'Enter a Stripe API key: a restricted key starts with rk_live_ (or a secret key with sk_live_)')
    .meta({
      title: 'API key',
      description: 'A restricted key with Read on Balance and Customers: in the Stripe Dashboard, Developers › API keys › Create restricted key.',
      helpUrl: 'https://docs.stripe.com/keys#create-restricted-api-secret-key',
      writeOnly: true,
    }),
});

type StripeContext = ProviderCallContext<z.infer<typeof config>, z.infer<typeof credentials>>;
type PartialContext = ProviderCallContext<Partial<z.infer<typeof config>>, z.infer<typeof credentials>>;

interface BalanceAmount {
  amount: number;
  currency: string;
}
interface Balance {
  available?: BalanceAmount[];
  pending?: BalanceAmount[];
  livemode?: boolean;
}
interface BalanceTransaction {
  id: string;
  amount: number;
  currency: string;
  created: number;
  type: string;
}
interface Customer {
  id: string;
  created: number;
}
interface List<T> {
  data: T[];
  has_more: boolean;
}

const keyMode = (apiKey: string): 'live' | 'test' => (/^(rk|sk)_test_/.test(apiKey) ? 'test' : 'live');

const AUTH_HINT =
  'Stripe refused the API key: it was revoked, rolled or mistyped. Create a restricted key with Read on Balance and Customers in the ' +
  'Stripe Dashboard (Developers → API keys), then send it with PUT /v1/connections/{id}/credentials.';
const PERMISSION_HINT =
  'The key may not read the balance or the customers. In the Stripe Dashboard (Developers → API keys) edit the restricted key, set Balance ' +
  'and Customers to Read, save, then POST /v1/connections/{id}/retry. With config.account set, the key must belong to that account\'s platform.';

const AUTH_MESSAGE =
  'Stripe did not accept this API key: it may have been revoked, rolled or mistyped. In the Stripe Dashboard (Developers › API keys) create a restricted key with Read on Balance and Customers and paste it here.';
const PERMISSION_MESSAGE =
  'This Stripe key may not read your balance or your customers. In the Stripe Dashboard (Developers › API keys) edit the restricted key, set Balance and Customers to Read and save, then try again.';

async function get<T>(ctx: PartialContext, path: string, query: URLSearchParams = new URLSearchParams()): Promise<T> {
  const base = (ctx.endpoints.api ?? '').replace(/\/+$/, '');
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return requestJson<T>(`${base}${path}${search}`, {
    vendor: 'Stripe',
    headers: {
      authorization: `Bearer ${ctx.credentials.apiKey}`,
      'stripe-version': STRIPE_VERSION,
      ...(ctx.config.account ? { 'stripe-account': ctx.config.account } : {}),
    },
    signal: ctx.signal,
    hints: { auth: AUTH_HINT, permission: PERMISSION_HINT },
    userMessages: { auth: AUTH_MESSAGE, permission: PERMISSION_MESSAGE },
    vendorSaysRetry: shouldRetry,
  });
}

/**
 * `Stripe-Should-Retry` (Stripe's docs, "Error handling" › "Retries"): `true` or `false` on a failed
 * response is Stripe's own answer on retrying it, and wins over the status (a 409 `lock_timeout`
 * may be retried; a 5xx marked false may not). Absent: the status decides.
 */
const shouldRetry = (response: Response): boolean | undefined => {
  const header = response.headers.get('stripe-should-retry');
  return header === 'true' ? true : header === 'false' ? false : undefined;
};

function assertModeMatches(ctx: PartialContext): void {
  const wanted = ctx.config.mode ?? 'live';
  const got = keyMode(ctx.credentials.apiKey);
  if (wanted === got) return;
  throw new ProviderError('auth_failed', `a ${got}-mode Stripe key was given for a connection in ${wanted} mode`, {
    hint:
      wanted === 'live'
        ? 'This is a test-mode key (rk_test_… / sk_test_…): send a live key (rk_live_…) with PUT /v1/connections/{id}/credentials, or set config.mode to "test" to read test data.'
        : 'This is a live key (rk_live_… / sk_live_…) on a connection set to test mode: send a test key, or set config.mode to "live".',
    userMessage:
      wanted === 'live'
        ? 'This is a Stripe test key (it starts with rk_test_ or sk_test_). Paste a live key, or choose test mode to report on test data.'
        : 'This is a Stripe live key, but test mode was chosen. Paste a test key, or choose live mode.',
  });
}

/** The currencies the account holds, as Stripe lists them (lower case there), in capitals. */
async function currencies(ctx: PartialContext): Promise<string[]> {
  const balance = await get<Balance>(ctx, '/v1/balance');
  const all = [...(balance.available ?? []), ...(balance.pending ?? [])].map((b) => b.currency.toUpperCase());
  return [...new Set(all)].sort();
}

async function reportingCurrency(ctx: StripeContext): Promise<string> {
  if (ctx.config.currency) return ctx.config.currency;
  const held = await currencies(ctx);
  if (held.length === 1) return held[0]!;
  throw new ProviderError('invalid_config', `the Stripe account holds ${held.length > 1 ? `several currencies (${held.join(', ')})` : 'no currency yet'}`, {
    hint:
      held.length > 1
        ? `Choose the one whose payments count as revenue: set config.currency to one of ${held.join(', ')} with PUT /v1/connections/{id}/config.`
        : 'Set config.currency to the currency the account takes payments in (e.g. EUR) with PUT /v1/connections/{id}/config.',
    userMessage:
      held.length > 1
        ? `Your Stripe account holds several currencies (${held.join(', ')}). Choose the one whose payments count as revenue.`
        : 'Your Stripe account holds no currency yet. Enter the currency it takes payments in, e.g. EUR.',
  });
}

/** [from, to) as Unix seconds, Stripe's `created` filter. */
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Every item of a Stripe list created in the window, page after page (`starting_after` = the last id). */
async function* listCreated<T extends { id: string }>(ctx: StripeContext, path: string, window: SyncWindow): AsyncGenerator<T> {
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({
      'created[gte]': String(seconds(window.from)),
      'created[lt]': String(Math.ceil(Date.parse(window.to) / 1000)),
      limit: String(PAGE_LIMIT),
    });
    if (startingAfter) query.set('starting_after', startingAfter);
    const list = await get<List<T>>(ctx, path, query);
    yield* list.data;
    const last = list.data.at(-1);
    if (!list.has_more || !last) return;
    startingAfter = last.id;
  }
  throw new Error(`Stripe listed more than ${MAX_PAGES} pages of ${path} for one window`);
}

/** An integer amount in minor units as a number of major units, exactly (no float sums). */
export function fromMinorUnits(total: bigint, digits: number): number {
  if (digits === 0) return Number(total);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const scale = 10n ** BigInt(digits);
  return Number(`${negative ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`);
}

export const stripeProvider = defineProvider({
  slug: 'stripe',
  name: 'Stripe',
  category: 'finance',
  description: 'Daily revenue from Stripe (payments taken minus refunds, in one currency) and the customers it gained each day.',
  authKind: 'api_key',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: { api: 'https://api.stripe.com' },
  history: { since: '2011-09-29', source: 'Stripe API: balance transactions are listed for the account\'s whole life (filter `created`); Stripe opened to the public on 2011-09-29' },
  dataLateness: { hours: 0, source: 'Stripe: a balance transaction is created when money moves and does not change; a refund or dispute is a balance transaction of its own day' },
  callRange: { maxDays: CALL_RANGE_DAYS, source: 'Stripe sets no range limit on `created`; 31 days per call bounds the pages one activity reads' },
  kpis: {
    revenue:
      'Σ amount of balance transactions of type charge and payment, minus refund and payment_refund (plus refund_failure and payment_failure_refund), in the configured currency, per UTC day of created; minor units by the currency\'s exponent; unit = the currency code',
  },
  metrics: {
    'stripe.new_customers': { unit: 'count', description: 'customers created per UTC day of created (GET /v1/customers): the customers acquired that day, paying yet or not' },
  },
  async testConnection(ctx) {
    assertModeMatches(ctx);
    // The key reads the balance, and the currency to report on is known (or the user is asked)…
    await reportingCurrency(ctx);
    // …and it may list balance transactions and customers, as every sync will.
    await get<List<BalanceTransaction>>(ctx, '/v1/balance_transactions', new URLSearchParams({ limit: '1' }));
    await get<List<Customer>>(ctx, '/v1/customers', new URLSearchParams({ limit: '1' }));
  },
  async discover(ctx): Promise<ConfigOptions> {
    assertModeMatches(ctx);
    return { currency: (await currencies(ctx)).map((code) => ({ value: code, label: code })) };
  },
  async fetchMetrics(ctx, window: SyncWindow): Promise<KpiPoint[]> {
    const days = daysInWindow(window);
    if (days.length === 0) return [];
    assertModeMatches(ctx);
    const currency = await reportingCurrency(ctx);
    const totals = new Map<string, bigint>(days.map((d) => [d, 0n]));
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    for await (const tx of listCreated<BalanceTransaction>(ctx, '/v1/balance_transactions', window)) {
      if (!REVENUE_TYPES.has(tx.type) || tx.currency.toUpperCase() !== currency) continue;
      const at = tx.created * 1000;
      if (at < from || at >= to || !Number.isInteger(tx.amount)) continue;
      const day = new Date(at).toISOString().slice(0, 10);
      const sum = totals.get(day);
      if (sum !== undefined) totals.set(day, sum + BigInt(tx.amount));
    }
    const customers = new Map<string, number>(days.map((d) => [d, 0]));
    for await (const customer of listCreated<Customer>(ctx, '/v1/customers', window)) {
      const at = customer.created * 1000;
      if (at < from || at >= to) continue;
      const day = new Date(at).toISOString().slice(0, 10);
      customers.set(day, (customers.get(day) ?? 0) + 1);
    }
    const digits = minorUnitDigits(currency);
    return days.flatMap((period): KpiPoint[] => [
      { key: 'revenue', period, value: fromMinorUnits(totals.get(period) ?? 0n, digits), unit: currency },
      { key: 'stripe.new_customers', period, value: customers.get(period) ?? 0, unit: 'count' },
    ]);
  },
});
