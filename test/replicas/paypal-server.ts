/**
 * A replica of PayPal's REST token endpoint and Transaction Search API, as documented
 * (vendor-specs/paypal/reporting_transactions_v1.json, PayPal's authentication and rate-limit
 * pages): node:http on 127.0.0.1, seeded with transactions so tests can assert exact revenue.
 *
 * - `POST /v1/oauth2/token`: HTTP Basic client authentication, decoded once from base64 and split
 *   at the first colon, never form-url-decoded (PayPal documents `curl -u CLIENT_ID:SECRET`, so an
 *   id sent as `AZ%2Dabc` is another, unknown id), form `grant_type=client_credentials`
 *   → `{scope, access_token, token_type: "Bearer", app_id, expires_in, nonce}`; a wrong client →
 *   401 `{error: "invalid_client", error_description}`.
 * - `GET /v1/reporting/transactions`: Bearer token; `start_date`/`end_date` required, RFC 3339
 *   with seconds, at most 31 days apart (else 400 `INVALID_REQUEST` with details); `page_size`
 *   1–500 (default 100), `page` ≥ 1; transactions with start ≤ initiation ≤ end (inclusive end:
 *   the docs do not say, so the replica picks the stricter case for clients), timestamps with
 *   PayPal's colon-less `+0000` offset. An unknown token → 401 `invalid_token`; an expired one →
 *   401 `{error: "invalid_token", error_description: "Access Token not found in cache"}`; an app
 *   without Transaction Search → 403 `NOT_AUTHORIZED` (issue `PERMISSION_DENIED`).
 * - The result-set limit, as PayPal's Transaction Search error reference documents it: a search
 *   whose matching transactions exceed the maximum answers 400 `RESULTSET_TOO_LARGE` ("Result set
 *   size is greater than the maximum limit. Change the filter criteria and try again.") with
 *   `total_items` and `maximum_items`, and no page at all (paging does not get under it). PayPal's
 *   maximum is 10,000 (`maxResultItems`, lowered by tests to keep the seed small; it is counted on
 *   the whole range, as PayPal counts it, whatever the page size).
 * - `failNext(status)`: the next reporting calls answer 429 `RATE_LIMIT_REACHED` (with
 *   Retry-After when given) or 5xx in PayPal's error shape.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface PayPalReplicaClient {
  clientId: string;
  clientSecret: string;
  /** Whether the REST app has the Transaction Search feature (scope reporting/search/read). Default true. */
  transactionSearch?: boolean;
}

export interface PayPalSeedTransaction {
  id: string;
  /** As PayPal sends it, e.g. `2024-01-02T10:00:00+0000`. */
  initiation: string;
  status: 'S' | 'P' | 'D' | 'V';
  currency: string;
  /** Decimal string, e.g. "10.00" or "-3.20". */
  value: string;
}

export interface PayPalCall {
  at: number;
  method: string;
  path: string;
  status: number;
  query: Record<string, string>;
  /** The client id (token calls) or the bearer token (reporting calls). */
  who?: string;
  /** The Paypal-Debug-Id the answer carried. */
  debugId?: string;
}

export interface PayPalReplica {
  url: string;
  calls: PayPalCall[];
  /** The account's transactions; tests push to it. */
  transactions: PayPalSeedTransaction[];
  addClient(client: PayPalReplicaClient): void;
  /** The next `times` reporting calls answer `status` (429 with Retry-After when given). */
  failNext(status: number, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** Every access token issued so far is now expired. */
  expireAccessTokens(): void;
  /** PayPal's result-set limit (10,000 unless started with another). */
  maxResultItems: number;
  tokenCalls(): PayPalCall[];
  reportingCalls(): PayPalCall[];
  close(): Promise<void>;
}

const SEARCH_SCOPE = 'https://uri.paypal.com/services/reporting/search/read';
const OTHER_SCOPES = ['https://uri.paypal.com/services/invoicing', 'https://uri.paypal.com/services/payments/payment/authcapture', 'openid'];
/** The spec's `date_time` pattern (RFC 3339, seconds required). */
const DATE_TIME = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])[T,t]([0-1][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.][0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;
const MAX_RANGE_MS = 31 * 86_400_000;
const FIELDS = new Set(['transaction_info', 'payer_info', 'shipping_info', 'auction_info', 'cart_info', 'incentive_info', 'store_info', 'all']);

const debugId = () => randomBytes(7).toString('hex').slice(0, 13);

/** PayPal's documented sample format: `2014-07-11T04:03:52+0000`. */
export function paypalStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** Parses the replica's own colon-less stamps and RFC 3339 alike. */
function instant(value: string): number {
  return Date.parse(value.replace(/([+-])(\d{2})(\d{2})$/, '$1$2:$3'));
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function invalidRequest(field: string, value: string, issue: string, description: string): Reply {
  return {
    status: 400,
    body: {
      name: 'INVALID_REQUEST',
      message: 'Request is not well-formed, syntactically incorrect, or violates schema.',
      debug_id: debugId(),
      details: [{ field, value, location: 'query', issue, description }],
      links: [{ href: 'https://developer.paypal.com/docs/api/transaction-search/v1/#error-INVALID_REQUEST', rel: 'information_link', method: 'GET' }],
    },
  };
}

export async function startPayPalReplica(
  options: { clients?: PayPalReplicaClient[]; accessTokenTtlSeconds?: number; maxResultItems?: number } = {},
): Promise<PayPalReplica> {
  const ttl = options.accessTokenTtlSeconds ?? 32_400; // PayPal's tokens last about nine hours
  const clients = new Map<string, PayPalReplicaClient>();
  for (const c of options.clients ?? []) clients.set(c.clientId, c);
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const calls: PayPalCall[] = [];
  const transactions: PayPalSeedTransaction[] = [];
  let failures: { status: number; times: number; retryAfterSeconds?: number } | undefined;

  function token(req: IncomingMessage, body: string, call: PayPalCall): Reply {
    const header = req.headers.authorization ?? '';
    const basic = /^basic\s+(.+)$/i.exec(header)?.[1];
    const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const id = colon >= 0 ? decoded.slice(0, colon) : undefined;
    const secret = colon >= 0 ? decoded.slice(colon + 1) : undefined;
    call.who = id;
    const client = id !== undefined ? clients.get(id) : undefined;
    if (!client || client.clientSecret !== secret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
    }
    const grantType = new URLSearchParams(body).get('grant_type');
    if (grantType !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Grant Type is ${grantType ?? 'NULL'}` } };
    }
    const accessToken = `A21AA${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { clientId: client.clientId, expiresAt: Date.now() + ttl * 1000 });
    const scopes = [...OTHER_SCOPES, ...(client.transactionSearch === false ? [] : [SEARCH_SCOPE])];
    return {
      status: 200,
      body: {
        scope: scopes.join(' '),
        access_token: accessToken,
        token_type: 'Bearer',
        app_id: `APP-${client.clientId.length}0W284485P519543T`,
        expires_in: ttl,
        nonce: `${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}${randomBytes(16).toString('base64url')}`,
      },
    };
  }

  function search(req: IncomingMessage, query: URLSearchParams, url: string, call: PayPalCall): Reply {
    const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    call.who = bearer;
    if (!bearer) {
      return {
        status: 401,
        body: {
          name: 'AUTHENTICATION_FAILURE',
          message: 'Authentication failed due to missing authorization header, or invalid authentication credentials.',
          debug_id: debugId(),
          links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
        },
      };
    }
    const record = tokens.get(bearer);
    if (!record) return { status: 401, body: { error: 'invalid_token', error_description: 'Token signature verification failed' } };
    if (record.expiresAt <= Date.now()) return { status: 401, body: { error: 'invalid_token', error_description: 'Access Token not found in cache' } };
    if (clients.get(record.clientId)?.transactionSearch === false) {
      return {
        status: 403,
        body: {
          name: 'NOT_AUTHORIZED',
          message: 'Authorization failed due to insufficient permissions.',
          debug_id: debugId(),
          details: [{ issue: 'PERMISSION_DENIED', description: 'You do not have permission to access or perform operations on this resource.' }],
          links: [{ href: 'https://developer.paypal.com/docs/api/transaction-search/v1/#error-PERMISSION_DENIED', rel: 'information_link' }],
        },
      };
    }
    if (failures && failures.times > 0) {
      failures.times -= 1;
      const headers: Record<string, string> = failures.retryAfterSeconds !== undefined ? { 'retry-after': String(failures.retryAfterSeconds) } : {};
      if (failures.status === 429) {
        return { status: 429, headers, body: { name: 'RATE_LIMIT_REACHED', message: 'Too many requests. Blocked due to rate limiting.', debug_id: debugId() } };
      }
      const unavailable = failures.status === 503;
      return {
        status: failures.status,
        headers,
        body: unavailable
          ? { name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.', debug_id: debugId() }
          : { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.', debug_id: debugId() },
      };
    }

    const start = query.get('start_date');
    const end = query.get('end_date');
    if (!start || !DATE_TIME.test(start)) return invalidRequest('start_date', start ?? '', 'INVALID_PARAMETER_SYNTAX', 'start_date is required, in RFC 3339 format with seconds.');
    if (!end || !DATE_TIME.test(end)) return invalidRequest('end_date', end ?? '', 'INVALID_PARAMETER_SYNTAX', 'end_date is required, in RFC 3339 format with seconds.');
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    if (endMs < startMs) return invalidRequest('end_date', end, 'INVALID_PARAMETER_VALUE', 'end_date must not be before start_date.');
    if (endMs - startMs > MAX_RANGE_MS) return invalidRequest('end_date', end, 'INVALID_PARAMETER_VALUE', 'Date range is greater than 31 days.');
    const pageSize = Number(query.get('page_size') ?? '100');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return invalidRequest('page_size', query.get('page_size') ?? '', 'INVALID_PARAMETER_VALUE', 'page_size must be 1 to 500.');
    const page = Number(query.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1) return invalidRequest('page', query.get('page') ?? '', 'INVALID_PARAMETER_VALUE', 'page must be 1 or more.');
    const fields = query.get('fields') ?? 'transaction_info';
    const unknownField = fields.split(',').find((f) => !FIELDS.has(f.trim()));
    if (unknownField !== undefined) return invalidRequest('fields', fields, 'INVALID_PARAMETER_VALUE', `Unknown field ${unknownField}.`);

    const matching = transactions
      .filter((t) => {
        const at = instant(t.initiation);
        return at >= startMs && at <= endMs;
      })
      .sort((a, b) => instant(a.initiation) - instant(b.initiation));
    if (matching.length > replica.maxResultItems) {
      return {
        status: 400,
        body: {
          name: 'RESULTSET_TOO_LARGE',
          message: 'Result set size is greater than the maximum limit. Change the filter criteria and try again.',
          debug_id: debugId(),
          total_items: matching.length,
          maximum_items: replica.maxResultItems,
          links: [{ href: 'https://developer.paypal.com/docs/api/transaction-search/v1/#error-RESULTSET_TOO_LARGE', rel: 'information_link', method: 'GET' }],
        },
      };
    }
    const totalPages = Math.ceil(matching.length / pageSize);
    const slice = matching.slice((page - 1) * pageSize, page * pageSize);
    const self = new URL(url, 'http://replica');
    const link = (p: number, rel: string) => {
      const u = new URL(self);
      u.searchParams.set('page', String(p));
      return { href: `${u.pathname}${u.search}`, rel, method: 'GET' };
    };
    return {
      status: 200,
      body: {
        transaction_details: slice.map((t) => ({
          transaction_info: {
            paypal_account_id: 'ZAB12CDE3FGHJ',
            transaction_id: t.id,
            transaction_event_code: Number(t.value) < 0 ? 'T1107' : 'T0006',
            transaction_initiation_date: t.initiation,
            transaction_updated_date: t.initiation,
            transaction_amount: { currency_code: t.currency, value: t.value },
            fee_amount: { currency_code: t.currency, value: Number(t.value) > 0 ? '-0.30' : '0.00' },
            transaction_status: t.status,
            protection_eligibility: '01',
          },
        })),
        account_number: 'ZAB12CDE3FGHJ',
        start_date: paypalStamp(startMs),
        end_date: paypalStamp(endMs),
        last_refreshed_datetime: paypalStamp(Date.now()),
        page,
        total_items: matching.length,
        total_pages: totalPages,
        links: [link(page, 'self'), ...(page < totalPages ? [link(page + 1, 'next'), link(totalPages, 'last')] : [])],
      },
    };
  }

  async function route(req: IncomingMessage, url: URL, call: PayPalCall): Promise<Reply> {
    if (url.pathname === '/v1/oauth2/token') {
      if (req.method !== 'POST') return { status: 405, body: { name: 'METHOD_NOT_SUPPORTED', message: 'The server does not implement the requested HTTP method.' } };
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return token(req, Buffer.concat(chunks).toString('utf8'), call);
    }
    if (url.pathname === '/v1/reporting/transactions') {
      if (req.method !== 'GET') return { status: 405, body: { name: 'METHOD_NOT_SUPPORTED', message: 'The server does not implement the requested HTTP method.' } };
      return search(req, url.searchParams, req.url ?? '/', call);
    }
    return { status: 404, body: { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.', debug_id: debugId() } };
  }

  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: PayPalCall = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, status: 0, query: Object.fromEntries(url.searchParams) };
    calls.push(call);
    route(req, url, call)
      .catch((): Reply => ({ status: 500, body: { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.', debug_id: debugId() } }))
      .then((reply) => {
        call.status = reply.status;
        // PayPal names each answer by one debug id: the header's, which an error body repeats as `debug_id`.
        call.debugId = (reply.body as { debug_id?: string } | null)?.debug_id ?? debugId();
        res.writeHead(reply.status, { 'content-type': 'application/json', 'paypal-debug-id': call.debugId, ...reply.headers }).end(JSON.stringify(reply.body));
      })
      .catch(() => res.destroy());
  });
  const listening = await serveOnLoopback(server);
  const base = listening.url;

  const replica: PayPalReplica = {
    url: base,
    calls,
    transactions,
    maxResultItems: options.maxResultItems ?? 10_000,
    addClient: (client) => {
      clients.set(client.clientId, client);
    },
    failNext(status, opts = {}) {
      failures = { status, times: opts.times ?? 1, retryAfterSeconds: opts.retryAfterSeconds };
    },
    expireAccessTokens() {
      for (const t of tokens.values()) t.expiresAt = Date.now() - 1;
    },
    tokenCalls: () => calls.filter((c) => c.path === '/v1/oauth2/token'),
    reportingCalls: () => calls.filter((c) => c.path === '/v1/reporting/transactions'),
    close: listening.close,
  };
  return replica;
}
