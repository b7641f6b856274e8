/**
 * A replica of a NinjaOne instance host (Public API 2.0) for provider tests, on 127.0.0.1:
 * - `POST /ws/oauth/token`: client credentials, form `grant_type`, `client_id`, `client_secret`,
 *   `scope` (client_secret_post); RFC 6749 §5.2 errors (`invalid_scope` 400,
 *   `unsupported_grant_type` 400); answers `{access_token, token_type, expires_in, scope}`.
 *   A wrong client id or secret answers as NinjaOne's Spring-based token endpoint does: 401,
 *   `{"error":"invalid_client","error_description":"Bad client credentials"}` and a
 *   `WWW-Authenticate: Form realm="oauth2/client", error=…, error_description=…` challenge (the
 *   header is what made OAuth libraries report a bare "challenge" instead of the vendor's words).
 * - `GET /v2/organizations` and `GET /v2/devices`: JSON arrays paged by `pageSize` + `after`
 *   (last id of the previous page); `df=org = <id>` / `org in (<id>,…)` filters devices.
 * - `GET /v2/queries/device-health` and `GET /v2/queries/volumes`: `{cursor: {name, offset, count,
 *   expires}, results}` paged by `pageSize` + `cursor` (the previous answer's `cursor.name`); a short
 *   page ends it. Volumes (DeviceVolume): a fixed `Local Disk` C: on every device, a `Removable
 *   Disk` on every 10th, a `Network Drive` on every 25th, capacity and free space in bytes.
 * - `GET /v2/activities` (ActivitiesResponse `{lastActivityId, activities}`), newest first:
 *   `class` (SYSTEM, DEVICE, USER, ALL; default ALL), `type` (activityType code), `after` /
 *   `before` (taken as YYYYMMDD days: recorded on or after / before that UTC day), `df`,
 *   `olderThan` / `newerThan` (activity ids), `pageSize` 10…1000 (default 200; outside: 400).
 * API errors: 401 `{"error":"not_authenticated","error_description":"Invalid credentials","error_code":10}`
 * (as users report it), 403 for a token without the `monitoring` scope, and whatever `failNext`
 * asks (429 / 5xx with Retry-After). Timestamps are epoch seconds as doubles, as NinjaOne sends them.
 * Every call is recorded with its time, path, query and status.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface NinjaCall {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface NinjaDevice {
  id: number;
  organizationId: number;
  offline: boolean;
  healthStatus: 'UNKNOWN' | 'HEALTHY' | 'NEEDS_ATTENTION' | 'UNHEALTHY';
  criticalVulnerabilityCount: number;
  highVulnerabilityCount: number;
  mediumVulnerabilityCount: number;
}

export interface NinjaActivity {
  id: number;
  deviceId: number;
  activityType: 'ACTIONSET' | 'PATCH_MANAGEMENT' | 'SOFTWARE_PATCH_MANAGEMENT' | 'SCRIPTING';
  statusCode: string;
  activityResult: 'SUCCESS' | 'FAILURE';
  /** Epoch seconds, as a double. */
  activityTime: number;
}

export interface NinjaVolume {
  deviceId: number;
  name: string;
  deviceType: 'Local Disk' | 'Removable Disk' | 'Network Drive';
  capacity: number;
  freeSpace: number;
}

const GB = 1_000_000_000;

/**
 * The seeded volumes: every device a 500 GB `Local Disk` C: with (id % 7) × 50 GB free; every 10th
 * a 64 GB USB stick, every 25th a 2 TB network share, both full (so counting them would show).
 */
export function ninjaVolumes(devices: NinjaDevice[]): NinjaVolume[] {
  return devices.flatMap((d) => [
    { deviceId: d.id, name: 'C:', deviceType: 'Local Disk' as const, capacity: 500 * GB, freeSpace: (d.id % 7) * 50 * GB },
    ...(d.id % 10 === 0 ? [{ deviceId: d.id, name: 'E:', deviceType: 'Removable Disk' as const, capacity: 64 * GB, freeSpace: 0 }] : []),
    ...(d.id % 25 === 0 ? [{ deviceId: d.id, name: 'Z:', deviceType: 'Network Drive' as const, capacity: 2000 * GB, freeSpace: 0 }] : []),
  ]);
}

/**
 * The seeded activity log, relative to `now` (epoch ms):
 * - devices whose id is not a multiple of 3: a successful ACTIONSET (a scheduled script) 1…20 days ago;
 * - multiples of 6: a failed ACTIONSET 2 days ago (ran, but did not look after the device);
 * - multiples of 12: a successful PATCH_MANAGEMENT 5 days ago; of 15: a successful
 *   SOFTWARE_PATCH_MANAGEMENT 3 days ago;
 * - multiples of 7: a successful ACTIONSET 40 days ago (too old to count);
 * - multiples of 9: a technician's SCRIPTING run a day ago (not automation).
 * Ids grow with time, as NinjaOne's do.
 */
export function ninjaActivities(devices: NinjaDevice[], now: number): NinjaActivity[] {
  const day = 86_400;
  const at = (daysAgo: number, id: number) => now / 1000 - daysAgo * day + id * 0.001;
  const rows: Omit<NinjaActivity, 'id'>[] = devices.flatMap((d) => [
    ...(d.id % 3 !== 0 ? [{ deviceId: d.id, activityType: 'ACTIONSET' as const, statusCode: 'COMPLETED', activityResult: 'SUCCESS' as const, activityTime: at((d.id % 20) + 1, d.id) }] : []),
    ...(d.id % 6 === 0 ? [{ deviceId: d.id, activityType: 'ACTIONSET' as const, statusCode: 'COMPLETED', activityResult: 'FAILURE' as const, activityTime: at(2, d.id) }] : []),
    ...(d.id % 12 === 0
      ? [{ deviceId: d.id, activityType: 'PATCH_MANAGEMENT' as const, statusCode: 'PATCH_MANAGEMENT_APPLY_PATCH_COMPLETED', activityResult: 'SUCCESS' as const, activityTime: at(5, d.id) }]
      : []),
    ...(d.id % 15 === 0
      ? [{ deviceId: d.id, activityType: 'SOFTWARE_PATCH_MANAGEMENT' as const, statusCode: 'SOFTWARE_PATCH_MANAGEMENT_APPLY_PATCH_COMPLETED', activityResult: 'SUCCESS' as const, activityTime: at(3, d.id) }]
      : []),
    ...(d.id % 7 === 0 ? [{ deviceId: d.id, activityType: 'ACTIONSET' as const, statusCode: 'COMPLETED', activityResult: 'SUCCESS' as const, activityTime: at(40, d.id) }] : []),
    ...(d.id % 9 === 0 ? [{ deviceId: d.id, activityType: 'SCRIPTING' as const, statusCode: 'COMPLETED', activityResult: 'SUCCESS' as const, activityTime: at(1, d.id) }] : []),
  ]);
  return rows.sort((a, b) => a.activityTime - b.activityTime).map((r, i) => ({ id: 100_000 + i, ...r }));
}

export const ninjaOrganizations = [
  { id: 1, name: 'Acme HQ', description: 'Head office', nodeApprovalMode: 'AUTOMATIC', userData: {} },
  { id: 2, name: 'Acme Branch', description: 'Branch office', nodeApprovalMode: 'MANUAL', userData: {} },
  { id: 3, name: 'Empty Org', description: 'No devices yet', nodeApprovalMode: 'REJECT', userData: {} },
];

/**
 * The seeded fleet: 2,500 devices, ids 1…2500 (so 1,000-device pages make three pages).
 * Organization 2 holds ids 2001…2500, organization 1 the rest, organization 3 none.
 */
export function ninjaDevices(): NinjaDevice[] {
  const statuses = ['HEALTHY', 'HEALTHY', 'NEEDS_ATTENTION', 'UNHEALTHY', 'UNKNOWN'] as const;
  return Array.from({ length: 2500 }, (_, i) => {
    const id = i + 1;
    return {
      id,
      organizationId: id > 2000 ? 2 : 1,
      offline: id % 8 === 0,
      healthStatus: statuses[id % 5]!,
      criticalVulnerabilityCount: id % 10 === 0 ? 1 : 0,
      highVulnerabilityCount: id % 4 === 0 ? 2 : 0,
      mediumVulnerabilityCount: 3,
    };
  });
}

export interface NinjaReplica {
  url: string;
  calls: NinjaCall[];
  /** client_id → { secret, scopes the client app may have }. */
  clients: Map<string, { secret: string; scopes: string[] }>;
  /** Token requests answered with a token. */
  readonly tokensIssued: number;
  /** The next `times` API calls (not token calls) answer `status`, with Retry-After when given. */
  failNext(status: number, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** Every token issued so far stops working (as if expired), though clients still cache it. */
  expireAccessTokens(): void;
  /**
   * Holds every `GET /v2/organizations` (a slow instance) until `release()`; `arrived` resolves
   * when the first one is held. Answered as usual once released.
   */
  holdOrganizations(): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startNinjaOneReplica(options: { devices?: NinjaDevice[]; tokenLifetimeSeconds?: number } = {}): Promise<NinjaReplica> {
  const devices = options.devices ?? ninjaDevices();
  const volumes = ninjaVolumes(devices);
  const activities = ninjaActivities(devices, Date.now());
  const calls: NinjaCall[] = [];
  const clients = new Map<string, { secret: string; scopes: string[] }>();
  const tokens = new Map<string, { clientId: string; scopes: string[]; expiresAt: number }>();
  const cursors = new Map<string, { offset: number; rows: unknown[] }>();
  let failures: { status: number; times: number; retryAfterSeconds?: number } | undefined;
  let tokensIssued = 0;
  let organizationsHeld: { gate: Promise<void>; arrived: () => void } | undefined;

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => resolve(text));
      req.on('error', reject);
    });

  /** NinjaOne's device filter, as far as the provider uses it: `org = N` and `org in (N,M)`. */
  function filterDevices(df: string | undefined): NinjaDevice[] | undefined {
    if (!df) return devices;
    const eq = /^\s*org\s*=\s*(\d+)\s*$/.exec(df);
    if (eq) return devices.filter((d) => d.organizationId === Number(eq[1]));
    const inList = /^\s*org\s+in\s*\(([\d,\s]+)\)\s*$/.exec(df);
    if (inList) {
      const ids = new Set(inList[1]!.split(',').map((s) => Number(s.trim())));
      return devices.filter((d) => ids.has(d.organizationId));
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://replica');
      const query = Object.fromEntries(url.searchParams);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        calls.push({ at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };

      if (url.pathname === '/ws/oauth/token') {
        if (req.method !== 'POST') return send(405, { error: 'invalid_request', error_description: 'POST only' });
        const form = new URLSearchParams(await readBody(req));
        if (form.get('grant_type') !== 'client_credentials') {
          return send(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials here' });
        }
        const client = clients.get(form.get('client_id') ?? '');
        if (!client || client.secret !== form.get('client_secret')) {
          return send(401, { error: 'invalid_client', error_description: 'Bad client credentials' }, {
            'www-authenticate': 'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"',
          });
        }
        const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
        if (requested.some((s) => !client.scopes.includes(s))) {
          return send(400, { error: 'invalid_scope', error_description: `scope not allowed for this client: ${requested.join(' ')}` });
        }
        const accessToken = randomBytes(24).toString('base64url');
        const lifetime = options.tokenLifetimeSeconds ?? 3600;
        tokens.set(accessToken, { clientId: form.get('client_id')!, scopes: requested, expiresAt: Date.now() + lifetime * 1000 });
        tokensIssued += 1;
        return send(200, { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime, scope: requested.join(' ') });
      }

      if (req.method !== 'GET') return send(405, { error: 'method_not_allowed' });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ? tokens.get(bearer) : undefined;
      if (!token || token.expiresAt <= Date.now()) {
        return send(401, { error: 'not_authenticated', error_description: 'Invalid credentials', error_code: 10 });
      }
      if (!token.scopes.includes('monitoring')) {
        return send(403, { error: 'forbidden', error_description: 'Insufficient scope: monitoring required' });
      }
      if (failures && failures.times > 0) {
        failures.times -= 1;
        const headers: Record<string, string> = failures.retryAfterSeconds !== undefined ? { 'retry-after': String(failures.retryAfterSeconds) } : {};
        return send(failures.status, { error: failures.status === 429 ? 'rate_limit_exceeded' : 'internal_error', error_description: `status ${failures.status}` }, headers);
      }

      const pageSize = url.searchParams.has('pageSize') ? Number(url.searchParams.get('pageSize')) : 1000;
      if (!Number.isInteger(pageSize) || pageSize < 1) return send(400, { error: 'invalid_request', error_description: 'pageSize must be a positive integer' });
      const after = url.searchParams.has('after') ? Number(url.searchParams.get('after')) : 0;
      if (!Number.isInteger(after)) return send(400, { error: 'invalid_request', error_description: 'after must be an integer' });

      switch (url.pathname) {
        case '/v2/organizations':
          if (organizationsHeld) {
            organizationsHeld.arrived();
            await organizationsHeld.gate;
          }
          return send(200, ninjaOrganizations.filter((o) => o.id > after).slice(0, pageSize));
        case '/v2/devices': {
          const selected = filterDevices(url.searchParams.get('df') ?? undefined);
          if (!selected) return send(400, { error: 'invalid_request', error_description: 'unsupported device filter' });
          const base = 1767225600; // 2026-01-01T00:00:00Z, in seconds
          return send(
            200,
            selected
              .filter((d) => d.id > after)
              .slice(0, pageSize)
              .map((d) => ({
                id: d.id,
                uid: `00000000-0000-4000-8000-${String(d.id).padStart(12, '0')}`,
                organizationId: d.organizationId,
                locationId: d.organizationId * 10,
                nodeClass: d.id % 3 === 0 ? 'WINDOWS_SERVER' : 'WINDOWS_WORKSTATION',
                nodeRoleId: 1,
                rolePolicyId: 1,
                approvalStatus: 'APPROVED',
                offline: d.offline,
                displayName: `device-${d.id}`,
                systemName: `DEVICE-${d.id}`,
                created: base + d.id + 0.25,
                lastContact: base + 86_400 + d.id * 1.5 + 0.123,
                lastUpdate: base + 86_400 + d.id * 1.5 + 0.456,
              })),
          );
        }
        case '/v2/queries/device-health':
        case '/v2/queries/volumes': {
          const name = url.searchParams.get('cursor');
          let state: { offset: number; rows: unknown[] } | undefined;
          if (name) {
            state = cursors.get(name);
            if (!state) return send(400, { error: 'invalid_request', error_description: 'unknown or expired cursor' });
          } else {
            const selected = filterDevices(url.searchParams.get('df') ?? undefined);
            if (!selected) return send(400, { error: 'invalid_request', error_description: 'unsupported device filter' });
            const ids = new Set(selected.map((d) => d.id));
            state = { offset: 0, rows: url.pathname === '/v2/queries/volumes' ? volumes.filter((v) => ids.has(v.deviceId)).map(volumeRow) : selected.map(healthRow) };
          }
          const page = state.rows.slice(state.offset, state.offset + pageSize);
          const cursorName = randomBytes(8).toString('hex');
          cursors.set(cursorName, { offset: state.offset + page.length, rows: state.rows });
          return send(200, { cursor: { name: cursorName, offset: state.offset, count: page.length, expires: Date.now() / 1000 + 300.5 }, results: page });
        }
        case '/v2/activities': {
          const activityClass = url.searchParams.get('class') ?? 'ALL';
          if (!['SYSTEM', 'DEVICE', 'USER', 'ALL'].includes(activityClass)) {
            return send(400, { error: 'invalid_request', error_description: 'class must be SYSTEM, DEVICE, USER or ALL' });
          }
          const size = url.searchParams.has('pageSize') ? Number(url.searchParams.get('pageSize')) : 200;
          if (!Number.isInteger(size) || size < 10 || size > 1000) return send(400, { error: 'invalid_request', error_description: 'pageSize must be between 10 and 1000' });
          const selected = filterDevices(url.searchParams.get('df') ?? undefined);
          if (!selected) return send(400, { error: 'invalid_request', error_description: 'unsupported device filter' });
          const ids = new Set(selected.map((d) => d.id));
          const dayOf = (param: string): number | undefined | null => {
            const v = url.searchParams.get(param);
            if (v === null) return undefined;
            const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
            return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 : null;
          };
          const afterDay = dayOf('after');
          const beforeDay = dayOf('before');
          if (afterDay === null || beforeDay === null) return send(400, { error: 'invalid_request', error_description: 'after and before are dates, YYYYMMDD' });
          const olderThan = url.searchParams.has('olderThan') ? Number(url.searchParams.get('olderThan')) : undefined;
          const newerThan = url.searchParams.has('newerThan') ? Number(url.searchParams.get('newerThan')) : undefined;
          const type = url.searchParams.get('type');
          const rows = activities
            .filter(
              (a) =>
                ids.has(a.deviceId) &&
                (activityClass === 'ALL' || activityClass === 'DEVICE') &&
                (!type || a.activityType === type) &&
                (afterDay === undefined || a.activityTime >= afterDay) &&
                (beforeDay === undefined || a.activityTime < beforeDay) &&
                (olderThan === undefined || a.id < olderThan) &&
                (newerThan === undefined || a.id > newerThan),
            )
            .sort((a, b) => b.id - a.id)
            .slice(0, size);
          return send(200, {
            lastActivityId: activities.at(-1)?.id ?? 0,
            activities: rows.map((a) => ({
              ...a,
              severity: 'NONE',
              priority: 'NONE',
              seriesUid: `00000000-0000-4000-8000-${String(a.id).padStart(12, '0')}`,
              status: a.activityResult === 'SUCCESS' ? 'Completed' : 'Failed',
              sourceName: a.activityType === 'SCRIPTING' ? 'Run by a technician' : 'Weekly maintenance',
              message: `${a.activityType} ${a.activityResult.toLowerCase()}`,
              type: a.activityType,
              data: {},
            })),
          });
        }
        default:
          return send(404, { error: 'not_found', error_description: `no route ${url.pathname}` });
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  const listening = await serveOnLoopback(server);
  function healthRow(d: NinjaDevice) {
    return {
      deviceId: d.id,
      healthStatus: d.healthStatus,
      offline: d.offline,
      alertCount: 0,
      activeJobCount: 0,
      activeThreatsCount: 0,
      quarantinedThreatsCount: 0,
      blockedThreatsCount: 0,
      failedOSPatchesCount: 0,
      pendingOSPatchesCount: 1,
      failedSoftwarePatchesCount: 0,
      pendingSoftwarePatchesCount: 0,
      criticalVulnerabilityCount: d.criticalVulnerabilityCount,
      highVulnerabilityCount: d.highVulnerabilityCount,
      mediumVulnerabilityCount: d.mediumVulnerabilityCount,
      lowVulnerabilityCount: 0,
      installationIssuesCount: 0,
      productsInstallationStatuses: {},
    };
  }
  function volumeRow(v: NinjaVolume) {
    return {
      name: v.name,
      driveLetter: v.name,
      label: v.deviceType === 'Local Disk' ? 'System' : '',
      deviceType: v.deviceType,
      fileSystem: v.deviceType === 'Removable Disk' ? 'FAT32' : 'NTFS',
      autoMount: true,
      compressed: false,
      capacity: v.capacity,
      freeSpace: v.freeSpace,
      serialNumber: `${v.deviceId.toString(16).toUpperCase()}-${v.name[0]}`,
      deviceId: v.deviceId,
      timestamp: Date.now() / 1000 - 600.25,
    };
  }
  return {
    url: listening.url,
    calls,
    clients,
    get tokensIssued() {
      return tokensIssued;
    },
    failNext(status, opts = {}) {
      failures = { status, times: opts.times ?? 1, retryAfterSeconds: opts.retryAfterSeconds };
    },
    expireAccessTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    holdOrganizations() {
      let release!: () => void;
      let arrived!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      organizationsHeld = { gate, arrived };
      return {
        arrived: arrival,
        release: () => {
          organizationsHeld = undefined;
          release();
        },
      };
    },
    close: listening.close,
  };
}
