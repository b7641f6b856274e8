/**
 * A replica of the parts of Cloudflare's API v4 that providers/cloudflare.ts calls, answering as
 * Cloudflare documents them (vendor-specs/cloudflare, developers.cloudflare.com):
 * - `GET /user/tokens/verify` and `GET /accounts/{account_id}/tokens/verify`: the v4 envelope with
 *   `result {id, status, expires_on?}`; an unknown or account-owned token at the user endpoint
 *   answers 401 `{code: 1000, "Invalid API Token"}`. A token past its `expiresOn` is `expired`
 *   there, and every other call refuses it as an unknown one (401 code 9109 "Invalid access
 *   token", GraphQL "Unauthorized"), never saying why: verify is the only place that does.
 * - `GET /zones`: `page` (≥ 1) and `per_page` (5–50) with `result_info {page, per_page, count,
 *   total_count, total_pages}`; a token without Zone Read answers 403 `{code: 10000}`.
 * - `GET /zones/{zone_id}` (zone details): the zone in the v4 envelope when the token can see it
 *   (its account, Zone Read); a zone outside the token's accounts or zone resources answers 403
 *   `{code: 9109, "Unauthorized to access requested resource"}`, as users report Cloudflare does
 *   (the stored spec subset does not carry this operation's errors).
 * - `POST /graphql`: `viewer.zones(filter:{zoneTag}).httpRequests1dGroups` with `date_geq` /
 *   `date_leq` and an inline `limit`; errors come as HTTP 200 with an `errors` array (as the
 *   docs warn), or with the HTTP statuses the docs list when `graphqlStatusCodes` is set.
 * - A malformed Authorization header answers 400 `{code: 6003, error_chain: [{code: 6111}]}`;
 *   429 carries `Retry-After`.
 * It is not a GraphQL server: it checks that the query asks for the dataset and fields the module
 * needs and answers from seeded, deterministic data. Every call is recorded with time and status.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface CloudflareCall {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  variables?: Record<string, unknown>;
}

export interface ReplicaToken {
  status?: 'active' | 'disabled' | 'expired';
  /** The token's TTL end (ISO 8601); once past, its status is `expired`. */
  expiresOn?: string;
  /** Set for an account-owned token: the account it belongs to. */
  accountId?: string;
  /** Zone › Zone › Read (listing zones). Default true. */
  zoneRead?: boolean;
  /** Zone › Analytics › Read. Default true. */
  analyticsRead?: boolean;
  /**
   * The zones Zone › Analytics › Read is granted for (a token's permissions are scoped to zone
   * resources); absent: every zone it can see. Listing zones is not affected.
   */
  analyticsZones?: string[];
}

export interface ReplicaZone {
  id: string;
  name: string;
  account: { id: string; name: string };
}

export interface DayTotals {
  pageViews: number;
  requests: number;
  cachedRequests: number;
}

export interface CloudflareReplica {
  url: string;
  calls: CloudflareCall[];
  tokens: Map<string, ReplicaToken>;
  zones: ReplicaZone[];
  /** Days (zoneId|YYYY-MM-DD) with a row of zero requests. */
  zeroDays: Set<string>;
  /** Days (zoneId|YYYY-MM-DD) with no row at all. */
  missingDays: Set<string>;
  /** Answer GraphQL errors with the HTTP statuses the docs list instead of 200. */
  graphqlStatusCodes: boolean;
  /** The next `times` calls (to `path` when given) answer `status`, with Retry-After when given. */
  failNext(status: number, options?: { times?: number; retryAfterSeconds?: number; path?: string }): void;
  /** The next GraphQL call answers HTTP 200 with this error message. */
  graphqlErrorNext(message: string): void;
  close(): Promise<void>;
}

const hex32 = (seed: string) => createHash('md5').update(seed).digest('hex');

/** The replica's data: the same zone and day always have the same numbers. */
export function zoneDay(zoneId: string, date: string): DayTotals {
  const digest = createHash('sha256').update(`${zoneId}|${date}`).digest();
  const requests = 1_000 + (digest.readUInt16BE(0) % 9_000);
  const cachedRequests = Math.floor((requests * (digest.readUInt8(2) % 100)) / 100);
  const pageViews = 100 + (digest.readUInt16BE(3) % 800);
  return { pageViews, requests, cachedRequests };
}

/** `count` zones over two accounts, named zone-000.example … so their order by name is their order here. */
export function seedZones(count: number): ReplicaZone[] {
  const accounts = [
    { id: hex32('account-a'), name: 'Acme Web' },
    { id: hex32('account-b'), name: 'Acme Shop' },
  ];
  return Array.from({ length: count }, (_, i) => ({
    id: hex32(`zone-${i}`),
    name: `zone-${String(i).padStart(3, '0')}.example`,
    account: accounts[i % 2]!,
  }));
}

const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
const failure = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  success: false,
  errors: [{ code, message, ...extra }],
  messages: [],
  result: null,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const tokenStatus = (token: ReplicaToken) => token.status ?? (token.expiresOn !== undefined && Date.parse(token.expiresOn) <= Date.now() ? 'expired' : 'active');
const verified = (id: string, token: ReplicaToken) => {
  const status = tokenStatus(token);
  // Cloudflare's docs show the "valid and active" message only; for other statuses none is shown.
  const messages = status === 'active' ? [{ code: 10000, message: 'This API Token is valid and active', type: null }] : [];
  return { ...envelope({ id, status, ...(token.expiresOn !== undefined ? { expires_on: token.expiresOn } : {}) }), messages };
};

export async function startCloudflareReplica(options: { zones?: ReplicaZone[] } = {}): Promise<CloudflareReplica> {
  const calls: CloudflareCall[] = [];
  const tokens = new Map<string, ReplicaToken>();
  const zones = options.zones ?? seedZones(3);
  const zeroDays = new Set<string>();
  const missingDays = new Set<string>();
  const state = { graphqlStatusCodes: false };
  let failures: { status: number; times: number; retryAfterSeconds?: number; path?: string } | undefined;
  let nextGraphqlError: string | undefined;

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://replica');
      const body = req.method === 'POST' ? await readBody(req) : '';
      let variables: Record<string, unknown> | undefined;
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        calls.push({ at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status, variables });
        (res as ServerResponse).writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
      };

      // Authentication: Bearer tokens only (the module sends nothing else).
      const header = req.headers.authorization ?? '';
      const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header);
      if (!match) {
        return send(400, {
          success: false,
          errors: [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }],
          messages: [],
          result: null,
        });
      }
      const tokenValue = match[1]!;
      const token = tokens.get(tokenValue);
      const tokenId = hex32(`token|${tokenValue}`);

      if (failures && failures.times > 0 && (!failures.path || url.pathname === failures.path)) {
        failures.times -= 1;
        const headers: Record<string, string> = failures.retryAfterSeconds !== undefined ? { 'retry-after': String(failures.retryAfterSeconds) } : {};
        if (failures.status === 429) {
          return send(429, failure(971, 'More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed'), headers);
        }
        return send(failures.status, failure(10001, 'Internal server error, please try again later'), headers);
      }

      // Token verification.
      if (req.method === 'GET' && url.pathname === '/user/tokens/verify') {
        if (!token || token.accountId) return send(401, failure(1000, 'Invalid API Token'));
        return send(200, verified(tokenId, token));
      }
      const accountVerify = /^\/accounts\/([^/]+)\/tokens\/verify$/.exec(url.pathname);
      if (req.method === 'GET' && accountVerify) {
        if (!token || token.accountId !== accountVerify[1]) return send(401, failure(1000, 'Invalid API Token'));
        return send(200, verified(tokenId, token));
      }

      const active = token !== undefined && tokenStatus(token) === 'active';
      const visible = (zone: ReplicaZone) => !token?.accountId || zone.account.id === token.accountId;

      if (req.method === 'GET' && url.pathname === '/zones') {
        if (!active) return send(401, failure(9109, 'Invalid access token'));
        if (token.zoneRead === false) return send(403, failure(10000, 'Authentication error'));
        const page = Number(url.searchParams.get('page') ?? '1');
        const perPage = Number(url.searchParams.get('per_page') ?? '20');
        if (!Number.isInteger(page) || page < 1) return send(400, failure(1001, 'page must be an integer of at least 1'));
        if (!Number.isInteger(perPage) || perPage < 5 || perPage > 50) return send(400, failure(1001, 'per_page must be between 5 and 50'));
        const all = zones.filter(visible).sort((a, b) => a.name.localeCompare(b.name));
        const result = all.slice((page - 1) * perPage, page * perPage).map((zone) => ({
          ...zone,
          owner: { id: null, type: 'user', email: null },
          status: 'active',
          paused: false,
          type: 'full',
          development_mode: 0,
          name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
          created_on: '2024-01-01T00:00:00.000000Z',
          modified_on: '2024-01-01T00:00:00.000000Z',
          activated_on: '2024-01-01T00:00:00.000000Z',
        }));
        return send(200, envelope(result, {
          result_info: { page, per_page: perPage, count: result.length, total_count: all.length, total_pages: Math.ceil(all.length / perPage) },
        }));
      }

      const zoneDetails = /^\/zones\/([0-9a-f]{32})$/.exec(url.pathname);
      if (req.method === 'GET' && zoneDetails) {
        if (!active) return send(401, failure(9109, 'Invalid access token'));
        if (token.zoneRead === false) return send(403, failure(10000, 'Authentication error'));
        const zone = zones.find((z) => z.id === zoneDetails[1]);
        if (!zone || !visible(zone)) return send(403, failure(9109, 'Unauthorized to access requested resource'));
        return send(200, envelope({ ...zone, owner: { id: null, type: 'user', email: null }, status: 'active', paused: false, type: 'full' }));
      }

      if (req.method === 'POST' && url.pathname === '/graphql') {
        const graphqlError = (status: number, message: string, path: (string | number)[] | null = null) =>
          send(state.graphqlStatusCodes ? status : 200, { data: null, errors: [{ message, path, extensions: { timestamp: new Date().toISOString() } }] });
        if (!active) return graphqlError(401, 'Unauthorized');
        let request: { query?: unknown; variables?: Record<string, unknown> };
        try {
          request = JSON.parse(body) as typeof request;
        } catch {
          return graphqlError(400, 'query contains error, please review it and retry');
        }
        variables = request.variables;
        if (nextGraphqlError !== undefined) {
          const message = nextGraphqlError;
          nextGraphqlError = undefined;
          return graphqlError(200, message);
        }
        const query = typeof request.query === 'string' ? request.query : '';
        const limit = Number(/httpRequests1dGroups\(\s*limit:\s*(\d+)/.exec(query)?.[1]);
        const fieldsOk = ['dimensions { date }', 'pageViews', 'requests', 'cachedRequests', 'date_geq: $from', 'date_leq: $to', 'zoneTag: $zoneTag'].every((f) => query.includes(f));
        if (!fieldsOk || !Number.isInteger(limit)) return graphqlError(400, 'error parsing args: the replica does not know this query');
        if (limit < 1 || limit > 10_000) return graphqlError(400, 'limit must be positive number and not greater than 10000');
        const { zoneTag, from, to } = (variables ?? {}) as { zoneTag?: unknown; from?: unknown; to?: unknown };
        if (typeof from !== 'string' || typeof to !== 'string' || !DATE.test(from) || !DATE.test(to)) {
          return graphqlError(400, 'error parsing args: date_geq and date_leq must be dates');
        }
        const zone = zones.find((z) => z.id === zoneTag);
        if (!zone || !visible(zone)) return graphqlError(403, `zones [${String(zoneTag)}] are not authorized`, ['viewer', 'zones', 0]);
        if (token.analyticsRead === false || (token.analyticsZones && !token.analyticsZones.includes(zone.id))) {
          return graphqlError(403, 'not authorized for that account', ['viewer', 'zones', 0, 'httpRequests1dGroups']);
        }
        if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) return graphqlError(400, 'query time range is too large');
        const rows: { dimensions: { date: string }; sum: DayTotals }[] = [];
        for (let t = Date.parse(from); t <= Date.parse(to) && rows.length < limit; t += 86_400_000) {
          const date = new Date(t).toISOString().slice(0, 10);
          const key = `${zone.id}|${date}`;
          if (missingDays.has(key)) continue;
          const sum = zeroDays.has(key) ? { pageViews: 0, requests: 0, cachedRequests: 0 } : zoneDay(zone.id, date);
          rows.push({ dimensions: { date }, sum });
        }
        return send(200, { data: { viewer: { zones: [{ httpRequests1dGroups: rows }] } }, errors: null });
      }

      return send(404, failure(7003, 'No route for the URI'));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const listening = await serveOnLoopback(server);
  return {
    url: listening.url,
    calls,
    tokens,
    zones,
    zeroDays,
    missingDays,
    get graphqlStatusCodes() {
      return state.graphqlStatusCodes;
    },
    set graphqlStatusCodes(value: boolean) {
      state.graphqlStatusCodes = value;
    },
    failNext(status, opts = {}) {
      failures = { status, times: opts.times ?? 1, retryAfterSeconds: opts.retryAfterSeconds, path: opts.path };
    },
    graphqlErrorNext(message) {
      nextGraphqlError = message;
    },
    close: listening.close,
  };
}
