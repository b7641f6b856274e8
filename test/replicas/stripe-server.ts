/**
 * A replica of the part of Stripe's API the `stripe` provider reads, as Stripe documents it (the
 * OpenAPI description stripe-mock v0.203.0 serves: /v1/balance, /v1/balance_transactions, the
 * `error` object; the API reference on authentication, pagination, errors, rate limits, connected
 * accounts and restricted keys): node:http on 127.0.0.1, seeded per account so tests can assert
 * exact revenue.
 *
 * - Auth: `Authorization: Bearer <key>` (or HTTP Basic with the key as user name). An unknown key
 *   → 401 `{error: {type: "invalid_request_error", message: "Invalid API Key provided: rk_test_****wxyz"}}`.
 *   A restricted key without Read on Balance → 403 naming the `rak_…` permission, as Stripe does.
 *   `Stripe-Account: acct_…` reads a connected account: only the platform's keys may, else 403.
 * - `GET /v1/balance` → `{object: "balance", available, pending, livemode}` (currencies lower case).
 * - `GET /v1/balance_transactions`: `created[gt|gte|lt|lte]` (Unix seconds, deepObject), `limit`
 *   1–100 (default 10; else 400 with `param: "limit"`), `starting_after` (an id of the list; an
 *   unknown id → 400 `resource_missing`), `type`; newest first → `{object: "list", data,
 *   has_more, url: "/v1/balance_transactions"}`.
 * - `GET /v1/customers`: the same list parameters (`created[…]`, `limit`, `starting_after`),
 *   customers newest first; a restricted key without Read on Customers → 403 (`rak_customer_read`).
 * - `failNext(status)`: the next calls answer 429 (`code: "rate_limit"`, no Retry-After, as Stripe
 *   sends none), 409 (`code: "lock_timeout"`, another request holds the object) or 5xx
 *   (`type: "api_error"`); `shouldRetry` adds Stripe's `Stripe-Should-Retry: true|false`, its own
 *   word on retrying that response (docs: Error handling › Retries).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface StripeSeedTransaction {
  id: string;
  /** Unix seconds. */
  created: number;
  type: string;
  /** Integer, in the currency's minor unit; negative for refunds. */
  amount: number;
  /** Lower case, as Stripe sends it. */
  currency: string;
}

export interface StripeSeedCustomer {
  id: string;
  /** Unix seconds. */
  created: number;
}

export interface StripeAccount {
  id: string;
  livemode: boolean;
  /** Currencies of the balance, lower case. */
  currencies: string[];
  transactions: StripeSeedTransaction[];
  customers?: StripeSeedCustomer[];
  /** Connected accounts this one may read as a Connect platform. */
  connected?: string[];
}

export interface StripeKey {
  key: string;
  account: string;
  /** false: a restricted key without Read on Balance. Default true. */
  balanceRead?: boolean;
  /** false: a restricted key without Read on Customers. Default true. */
  customersRead?: boolean;
}

export interface StripeCall {
  path: string;
  status: number;
  query: string;
  version: string | undefined;
  stripeAccount: string | undefined;
}

export interface StripeReplica {
  url: string;
  calls: StripeCall[];
  accounts: Map<string, StripeAccount>;
  keys: Map<string, StripeKey>;
  failNext(status: number, times?: number, options?: { shouldRetry?: boolean }): void;
  close(): Promise<void>;
}

const balanceTransaction = (t: StripeSeedTransaction) => ({
  id: t.id,
  object: 'balance_transaction',
  amount: t.amount,
  available_on: t.created + 2 * 86_400,
  created: t.created,
  currency: t.currency,
  description: null,
  exchange_rate: null,
  fee: 0,
  fee_details: [],
  net: t.amount,
  reporting_category: t.type,
  source: null,
  status: 'available',
  type: t.type,
});
const customer = (c: StripeSeedCustomer, livemode: boolean) => ({
  id: c.id,
  object: 'customer',
  balance: 0,
  created: c.created,
  default_source: null,
  description: null,
  email: null,
  invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  livemode,
  metadata: {},
  shipping: null,
});

const masked = (key: string) => `${key.slice(0, key.indexOf('_', 3) + 1)}****${key.slice(-4)}`;

export async function startStripeReplica(): Promise<StripeReplica> {
  const accounts = new Map<string, StripeAccount>();
  const keys = new Map<string, StripeKey>();
  const calls: StripeCall[] = [];
  let failures: { status: number; times: number; shouldRetry?: boolean } | undefined;

  function send(res: ServerResponse, status: number, body: unknown, call: Omit<StripeCall, 'status'>, headers: Record<string, string> = {}) {
    calls.push({ ...call, status });
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${calls.length.toString().padStart(14, '0')}`, ...headers });
    res.end(JSON.stringify(body));
  }
  const error = (type: string, message: string, extra: Record<string, string> = {}) => ({ error: { type, message, ...extra } });

  function keyOf(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) return header.slice(7).trim();
    if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString().split(':')[0];
    return undefined;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica');
    const call = {
      path: url.pathname,
      query: url.search,
      version: req.headers['stripe-version'] as string | undefined,
      stripeAccount: req.headers['stripe-account'] as string | undefined,
    };
    if (failures && failures.times > 0) {
      failures.times -= 1;
      const { status, shouldRetry } = failures;
      return send(
        res,
        status,
        status === 429
          ? error('invalid_request_error', 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.', { code: 'rate_limit' })
          : status === 409
            ? error('invalid_request_error', 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.', { code: 'lock_timeout' })
            : error('api_error', 'Sorry, something went wrong. We\'ve already been notified of the problem.'),
        call,
        shouldRetry === undefined ? {} : { 'stripe-should-retry': String(shouldRetry) },
      );
    }
    const presented = keyOf(req);
    const key = presented ? keys.get(presented) : undefined;
    if (!key) {
      const message = presented ? `Invalid API Key provided: ${masked(presented)}` : 'You did not provide an API key.';
      return send(res, 401, error('invalid_request_error', message), call);
    }
    const platform = accounts.get(key.account)!;
    let account = platform;
    if (call.stripeAccount) {
      const connected = accounts.get(call.stripeAccount);
      if (!connected || !(platform.connected ?? []).includes(connected.id)) {
        return send(res, 403, error('invalid_request_error', `The provided key '${masked(presented!)}' does not have access to account '${call.stripeAccount}' (or that account does not exist). Application access may have been revoked.`), call);
      }
      account = connected;
    }
    if (req.method !== 'GET') return send(res, 404, error('invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`), call);
    if (key.balanceRead === false && (url.pathname === '/v1/balance' || url.pathname === '/v1/balance_transactions')) {
      const permission = url.pathname === '/v1/balance' ? 'rak_balance_read' : 'rak_balance_transaction_source_read';
      return send(
        res,
        403,
        error('invalid_request_error', `The provided key '${masked(presented!)}' does not have the required permissions for this endpoint on account '${account.id}'. Having the '${permission}' permission would allow this request to continue.`),
        call,
      );
    }

    if (url.pathname === '/v1/balance') {
      const amounts = account.currencies.map((currency) => ({ amount: 0, currency, source_types: { card: 0 } }));
      return send(res, 200, { object: 'balance', available: amounts, pending: amounts, livemode: account.livemode }, call);
    }

    if (url.pathname === '/v1/customers' && key.customersRead === false) {
      return send(
        res,
        403,
        error('invalid_request_error', `The provided key '${masked(presented!)}' does not have the required permissions for this endpoint on account '${account.id}'. Having the 'rak_customer_read' permission would allow this request to continue.`),
        call,
      );
    }
    const lists: Record<string, { items: { id: string; created: number; type?: string }[]; render: (item: never) => unknown; noun: string }> = {
      '/v1/balance_transactions': { items: account.transactions, render: (t: StripeSeedTransaction) => balanceTransaction(t), noun: 'balance transaction' },
      '/v1/customers': { items: account.customers ?? [], render: (c: StripeSeedCustomer) => customer(c, account.livemode), noun: 'customer' },
    };
    const listed = lists[url.pathname];
    if (listed) {
      const q = url.searchParams;
      const limitText = q.get('limit') ?? '10';
      const limit = Number(limitText);
      if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
        return send(res, 400, error('invalid_request_error', 'Invalid integer: must be between 1 and 100', { param: 'limit' }), call);
      }
      const bound = (name: string) => (q.has(`created[${name}]`) ? Number(q.get(`created[${name}]`)) : undefined);
      const [gt, gte, lt, lte] = ['gt', 'gte', 'lt', 'lte'].map(bound);
      const type = q.get('type');
      let list = listed.items
        .filter((t) => (gt === undefined || t.created > gt) && (gte === undefined || t.created >= gte) && (lt === undefined || t.created < lt) && (lte === undefined || t.created <= lte))
        .filter((t) => !type || t.type === type)
        .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
      const after = q.get('starting_after');
      if (after) {
        const at = list.findIndex((t) => t.id === after);
        if (at < 0) return send(res, 400, error('invalid_request_error', `No such ${listed.noun}: '${after}'`, { code: 'resource_missing', param: 'starting_after' }), call);
        list = list.slice(at + 1);
      }
      const data = list.slice(0, limit).map((item) => listed.render(item as never));
      return send(res, 200, { object: 'list', data, has_more: list.length > limit, url: url.pathname }, call);
    }
    return send(res, 404, error('invalid_request_error', `Unrecognized request URL (GET: ${url.pathname}).`), call);
  });

  const { url, close } = await serveOnLoopback(server);
  return {
    url,
    calls,
    accounts,
    keys,
    failNext(status, times = 1, options = {}) {
      failures = { status, times, ...options };
    },
    close,
  };
}
