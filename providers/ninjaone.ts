/**
 * `ninjaone`: NinjaOne (NinjaRMM) Public API 2.0, device fleet state as operations and security KPIs.
 *
 * Calls (all on the instance host of the connection's region, through providers/http.ts):
 * - `POST /ws/oauth/token`: OAuth 2.0 client credentials (an "API Services (machine-to-machine)"
 *   client app), `client_id` and `client_secret` in the form body (client_secret_post), scope
 *   `monitoring` (read only). Tokens are cached per process (providers/client-credentials.ts); an
 *   API 401 drops the cached token and the call is made once more with a new one.
 * - `GET /v2/organizations?pageSize=&after=`: connection test and discovery of `organizationId`.
 * - `GET /v2/devices?df=org = <id>&pageSize=&after=`: every device, `after` = id of the last device
 *   of the previous page; stop on a page shorter than `pageSize` (or empty).
 * - `GET /v2/queries/device-health?df=&pageSize=&cursor=`: one health summary per device; the
 *   first page opens a cursor, later pages send the previous answer's `cursor.name`; stop on an
 *   empty or short page (the spec states no end condition).
 * - `GET /v2/queries/volumes?df=&pageSize=&cursor=`: every disk volume of the devices (`deviceId`,
 *   `deviceType`, `capacity` and `freeSpace` in bytes), paged by cursor as above.
 * - `GET /v2/activities?class=DEVICE&type=<activityType>&after=<YYYYMMDD>&df=&pageSize=1000&olderThan=`:
 *   the activity log, newest first, once per automation type (ACTIONSET, PATCH_MANAGEMENT,
 *   SOFTWARE_PATCH_MANAGEMENT); the next page sends `olderThan` = the smallest `id` of the
 *   previous page; stop on a page shorter than `pageSize` (1000 is the spec's maximum).
 *
 * KPI mapping (NinjaOne reports current state, not history: one point per KPI, on the window's
 * last UTC day, i.e. today; a window that ended more than a day ago, such as a backfill, gets no
 * points, since today's state is not what those days looked like):
 * - `service_uptime` = devices not `offline` ÷ all devices × 100 (percent, 2 decimals).
 * - `vulnerability_count` = Σ over device health of `criticalVulnerabilityCount` +
 *   `highVulnerabilityCount` (medium and low are left out).
 * - `security_score` = devices whose `healthStatus` is `HEALTHY` ÷ all devices × 100. With no
 *   devices at all both ratios are 0 (nothing is online, nothing is healthy), not a division error.
 * - `asset_utilization` = Σ (`capacity` − `freeSpace`) ÷ Σ `capacity` × 100 over the fixed volumes
 *   of the devices (`/v2/queries/volumes`): how full the storage the business owns is. Fixed = a
 *   `deviceType` that does not name removable, network, optical or RAM storage (USB sticks and
 *   mapped shares are not the devices' own capacity) and a capacity above 0. Summed in bytes as
 *   integers. No volume at all: 0, like the ratios above (and so a narrower organization never
 *   leaves an earlier value of the day standing).
 * - `automation_coverage` = devices on which a scheduled automation ran successfully in the 30 days
 *   up to now ÷ all devices × 100. "Ran successfully" = an activity of type `ACTIONSET` (a policy's
 *   scheduled script or automation), `PATCH_MANAGEMENT` (OS patch scan or install) or
 *   `SOFTWARE_PATCH_MANAGEMENT` (third-party patching) with `activityResult` `SUCCESS` and an
 *   `activityTime` in those 30 days. A technician's one-off run (`SCRIPTING`, remote tools) is not
 *   automation and does not count; a failed run does not either (the device was not looked after).
 *   30 days: patching runs weekly or monthly in most policies, so a shorter span would call a
 *   well-run fleet uncovered between runs. 0 with no devices, as above.
 * "All devices" is the `/v2/devices` count (organization-filtered when `organizationId` is set);
 * volumes and activities of devices outside it (added after the list was read) are left out.
 *
 * Quirks honoured: no `servers` in the spec, the host is the region's instance (app = US, us2, eu,
 * ca, oc, fed), each overridable by `ONRAMP_ENDPOINT_NINJAONE_<REGION>`; lists page by `after`
 * (last id) but `/v2/queries/*` by a named cursor; timestamps (`created`, `lastContact`,
 * `lastUpdate`, `cursor.expires`) are epoch seconds as doubles, so they are read as plain numbers,
 * never as integers or ISO strings; most query parameters are untyped strings (the device filter
 * `df` is NinjaOne's filter language, `org = 1`).
 *
 * Where the documentation is silent (said here rather than guessed silently):
 * - The FedRAMP host. NinjaOne's own documentation available here does not name it; several
 *   independent client libraries use `https://fed.ninjarmm.com`, which is the default below.
 *   Override it with ONRAMP_ENDPOINT_NINJAONE_FED if your instance differs.
 * - The token endpoint is not in the OpenAPI file; `/ws/oauth/token` and its form fields come from
 *   NinjaOne's prose docs and its authorization-server metadata (client_secret_basic and
 *   client_secret_post both advertised). Its error bodies are not documented; RFC 6749 §5.2
 *   (`invalid_client`, `invalid_scope`) is assumed.
 * - API error bodies: the spec gives only `default response`. Users report 401 bodies like
 *   `{"error":"not_authenticated","error_description":"Invalid credentials","error_code":10}`;
 *   nothing here depends on the body, only on the status.
 * - Rate limits: no documented limits, 429 use or `Retry-After` header; a 429 is handled as
 *   providers/http.ts does for every vendor (retryable, honouring `Retry-After` if sent).
 * - Page size: no documented default or maximum; we ask for 1000 a page.
 * - Cursor end: no `hasMore`/`total`; `cursor.count` is not documented as a total, so paging stops
 *   on an empty or short page. Cursor lifetime (`cursor.expires`) is not explained either.
 * - `deviceType` of a volume is a free string in the spec (no values listed): volumes are kept
 *   unless it names removable, network, optical or RAM storage, so an agent's unknown spelling
 *   of a fixed disk still counts.
 * - `/v2/activities`: the format of `after` and whether it is inclusive are not stated, nor which
 *   values `status` takes; we send `after` as YYYYMMDD one day early, no `status`, and keep only
 *   activities whose `activityTime` (epoch seconds) and `activityResult` qualify, so either reading
 *   of the parameters gives the same number. `type` is taken to be the `activityType` code (the
 *   per-device endpoint calls the same filter `activityType`).
 */
import { z } from 'zod';
import { defineProvider, type ConfigOptions, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { clientCredentialsTokens } from './client-credentials.js';
import { requestJson } from './http.js';
import { daysInWindow } from '../domain/periods.js';

const VENDOR = 'NinjaOne';
const PAGE_SIZE = 1000;
/** Every page loop stops here at the latest, so a misbehaving server cannot loop us forever. */
const MAX_PAGES = 10_000;

export const ninjaoneRegions = ['US', 'EU', 'CA', 'OC', 'US2', 'FED'] as const;
type Region = (typeof ninjaoneRegions)[number];

const APPS_URL = 'https://www.ninjaone.com/docs/integrations/how-to-set-up-api-oauth-token/';
const config = z.object({
  organizationId: z
    .string()
    .trim()
    .regex(/^\d+$/, 'Choose an organization from the list, or enter its number')
    .optional()
    .meta({ title: 'Organization', description: 'Count only the devices of one organization, or of all of them.', defaultLabel: 'All organizations' }),
});

const credentials = z.object({
  clientId: z
    .string({ error: 'Enter the client ID of your NinjaOne API app' })
    .trim()
    .min(1, 'Enter the client ID of your NinjaOne API app')
    .max(500, 'This is longer than a NinjaOne client ID: paste only the client ID')
    .meta({
      title: 'Client ID',
      description: 'In NinjaOne: Administration › Apps › API, an “API Services (machine-to-machine)” app with the Monitoring scope and the Client Credentials grant.',
      helpUrl: APPS_URL,
    }),
  clientSecret: z
    .string({ error: 'Enter the client secret of your NinjaOne API app' })
    .min(1, 'Enter the client secret of your NinjaOne API app')
    .max(1000, 'This is longer than a NinjaOne client secret: paste only the secret')
    .meta({ title: 'Client secret', description: 'Shown once, when the app is created.', helpUrl: APPS_URL, writeOnly: true }),
  region: z
    .enum(ninjaoneRegions, { error: 'Choose the region of your NinjaOne account' })
    .meta({ title: 'Region', description: 'Where your NinjaOne account lives: US is app.ninjarmm.com, EU is eu.ninjarmm.com, and so on.' }),
});

type Config = z.infer<typeof config>;
type Credentials = z.infer<typeof credentials>;
type Ctx = ProviderCallContext<Partial<Config>, Credentials>;

const authHint =
  'NinjaOne refused the client: check the region, client ID and secret of an "API Services (machine-to-machine)" client app with the Client Credentials grant and the Monitoring scope (Administration > Apps > API), then send them with PUT /v1/connections/{id}/credentials.';
const authMessage =
  'NinjaOne did not accept this client ID and secret. Check the region, and copy both from an “API Services (machine-to-machine)” app with the Monitoring scope and the Client Credentials grant (Administration › Apps › API), then enter them again.';
const permissionMessage =
  'This NinjaOne app may not read your devices. Give it the Monitoring scope (Administration › Apps › API) and a role that sees the organization’s devices, then try again.';
const permissionHint =
  'The NinjaOne client app may not read this: give it the Monitoring scope (Administration > Apps > API) and a role that sees the organization\'s devices, then retry.';

/** Responses, read only as far as the KPIs need; timestamps are epoch seconds as doubles. */
const organizationSchema = z.object({ id: z.number(), name: z.string().optional() }).loose();
const deviceSchema = z
  .object({ id: z.number(), offline: z.boolean().optional(), lastContact: z.number().optional(), organizationId: z.number().optional() })
  .loose();
const healthSchema = z
  .object({
    deviceId: z.number().optional(),
    healthStatus: z.string().optional(),
    criticalVulnerabilityCount: z.number().optional(),
    highVulnerabilityCount: z.number().optional(),
  })
  .loose();
const volumeSchema = z
  .object({ deviceId: z.number().optional(), deviceType: z.string().nullish(), capacity: z.number().nullish(), freeSpace: z.number().nullish() })
  .loose();
const activitySchema = z
  .object({ id: z.number(), deviceId: z.number().nullish(), activityType: z.string().nullish(), activityResult: z.string().nullish(), activityTime: z.number().nullish() })
  .loose();
const activitiesSchema = z.object({ activities: z.array(activitySchema).nullish() }).loose();
/** A `/v2/queries/*` report page: a cursor and rows of the report's own shape. */
const reportSchema = <T extends z.ZodType>(row: T) =>
  z.object({
    cursor: z.object({ name: z.string().optional(), expires: z.number().optional() }).loose().nullish(),
    results: z.array(row).nullish(),
  });

function host(ctx: Ctx): string {
  const region: Region = ctx.credentials.region;
  const base = ctx.endpoints[region.toLowerCase()];
  if (!base) {
    throw new ProviderError('invalid_config', `${VENDOR} has no endpoint for region ${region}`, {
      hint: `Pick one of ${ninjaoneRegions.join(', ')} as the credentials' region.`,
    });
  }
  return base.replace(/\/+$/, '');
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_unavailable', `${VENDOR} answered ${what} in an unexpected shape`, {
      hint: 'Transient or an API change; Onramp retries it. If it persists, report it to the Onramp operators.',
    });
  }
  return parsed.data;
}

/** One authenticated GET; a 401 means the cached token went stale: drop it and try once more. */
async function apiGet(ctx: Ctx, path: string, query: Record<string, string | undefined>): Promise<unknown> {
  const base = host(ctx);
  const url = new URL(`${base}${path}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const tokenRequest = {
    tokenUrl: `${base}/ws/oauth/token`,
    clientId: ctx.credentials.clientId,
    clientSecret: ctx.credentials.clientSecret,
    clientAuth: 'client_secret_post' as const,
    scope: 'monitoring',
    vendor: VENDOR,
    authHint,
    authUserMessage: authMessage,
    signal: ctx.signal,
  };
  const call = (token: string) =>
    requestJson<unknown>(url.href, {
      vendor: VENDOR,
      headers: { authorization: `Bearer ${token}` },
      signal: ctx.signal,
      hints: { auth: authHint, permission: permissionHint },
      userMessages: { auth: authMessage, permission: permissionMessage },
    });
  const token = await clientCredentialsTokens.get(tokenRequest);
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind !== 'auth_failed') throw error;
    clientCredentialsTokens.invalidate(tokenRequest, token);
    return call(await clientCredentialsTokens.get(tokenRequest));
  }
}

/** `pageSize` + `after` (id of the last item) paging, as the NinjaOne list endpoints do. */
async function listAfter<T extends { id: number }>(ctx: Ctx, path: string, schema: z.ZodType<T>, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const all: T[] = [];
  let after: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await apiGet(ctx, path, { ...query, pageSize: String(PAGE_SIZE), after: after === undefined ? undefined : String(after) });
    const items = parse(z.array(schema), body, path);
    all.push(...items);
    if (items.length < PAGE_SIZE) return all;
    const last = items.at(-1)!.id;
    if (after !== undefined && last <= after) return all; // no progress: the server ignored `after`
    after = last;
  }
  return all;
}

/** `pageSize` + `cursor` paging, as the `/v2/queries/*` reports do. */
async function queryAll<T>(ctx: Ctx, path: string, row: z.ZodType<T>, query: Record<string, string | undefined>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = parse(reportSchema(row), await apiGet(ctx, path, { ...query, pageSize: String(PAGE_SIZE), cursor }), path);
    const results = body.results ?? [];
    all.push(...results);
    const next = body.cursor?.name;
    if (results.length < PAGE_SIZE || !next) return all;
    cursor = next;
  }
  return all;
}

/** The activity log, newest first, paged by `olderThan` = the smallest id seen (`/v2/activities`). */
async function activitiesSince(ctx: Ctx, type: string, since: Date, df: string | undefined): Promise<z.infer<typeof activitySchema>[]> {
  const all: z.infer<typeof activitySchema>[] = [];
  // One day early: whether `after` is inclusive is not documented; activityTime decides below.
  const after = new Date(since.getTime() - DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  let olderThan: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = { class: 'DEVICE', type, after, df, pageSize: String(PAGE_SIZE), olderThan: olderThan === undefined ? undefined : String(olderThan) };
    const items = parse(activitiesSchema, await apiGet(ctx, '/v2/activities', query), '/v2/activities').activities ?? [];
    all.push(...items);
    if (items.length < PAGE_SIZE) return all;
    const oldest = Math.min(...items.map((a) => a.id));
    if (olderThan !== undefined && oldest >= olderThan) return all; // no progress: the server ignored `olderThan`
    olderThan = oldest;
  }
  return all;
}

/** Activity types that are automation a policy schedules, not a technician's one-off action. */
const AUTOMATION_TYPES = ['ACTIONSET', 'PATCH_MANAGEMENT', 'SOFTWARE_PATCH_MANAGEMENT'] as const;
const COVERAGE_DAYS = 30;
/** Volumes that are not the device's own fixed storage. */
const NOT_FIXED = /\b(removable|network|remote|optical|cd|cd-rom|dvd|ram)\b/i;

/** Used ÷ capacity × 100 of the fixed volumes, summed in bytes as integers; 0 with none. */
function storageUsed(volumes: z.infer<typeof volumeSchema>[], devices: Set<number>): number {
  let capacity = 0n;
  let used = 0n;
  for (const v of volumes) {
    if (v.deviceId === undefined || !devices.has(v.deviceId) || NOT_FIXED.test(v.deviceType ?? '')) continue;
    const cap = v.capacity ?? 0;
    if (!Number.isSafeInteger(cap) || cap <= 0) continue;
    const free = Math.min(Math.max(v.freeSpace ?? 0, 0), cap);
    capacity += BigInt(cap);
    used += BigInt(cap - Math.trunc(free));
  }
  if (capacity === 0n) return 0;
  // Percent with two decimals, rounded half up, in integers: (used × 10⁴ ÷ capacity) / 100.
  return Number((used * 20_000n + capacity) / (2n * capacity)) / 100;
}

/** Devices with a successful scheduled automation since `since`. */
async function automatedDevices(ctx: Ctx, since: Date, df: string | undefined, devices: Set<number>): Promise<Set<number>> {
  const covered = new Set<number>();
  const from = since.getTime() / 1000;
  for (const type of AUTOMATION_TYPES) {
    for (const a of await activitiesSince(ctx, type, since, df)) {
      if (a.activityType !== type || a.activityResult !== 'SUCCESS' || (a.activityTime ?? 0) < from) continue;
      if (a.deviceId !== null && a.deviceId !== undefined && devices.has(a.deviceId)) covered.add(a.deviceId);
    }
  }
  return covered;
}

const orgFilter = (config: Partial<Config>) => (config.organizationId ? `org = ${config.organizationId}` : undefined);
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100);
const DAY_MS = 86_400_000;

export const ninjaoneProvider = defineProvider({
  slug: 'ninjaone',
  name: 'NinjaOne',
  category: 'rmm',
  description:
    'Device fleet health from NinjaOne RMM: share of devices online and healthy, their critical and high vulnerabilities, how full their disks are, and how many scheduled automation looks after.',
  authKind: 'custom',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: {
    us: 'https://app.ninjarmm.com',
    eu: 'https://eu.ninjarmm.com',
    ca: 'https://ca.ninjarmm.com',
    oc: 'https://oc.ninjarmm.com',
    us2: 'https://us2.ninjarmm.com',
    // Not named in NinjaOne's own documentation we could read; see the header comment.
    fed: 'https://fed.ninjarmm.com',
  },
  // Device health is a snapshot: the API has no history to backfill.
  history: { days: 0, source: 'NinjaOne Public API 2.0: device health is current state only' },
  dataLateness: { hours: 0, source: 'NinjaOne Public API 2.0: device health is current state; a past day is never read again' },
  callRange: { maxDays: 1, source: 'NinjaOne Public API 2.0: device and health queries take no date range; a call reads today' },
  // Asked on the Connect page before the test: counting every organization's devices is a choice, not an accident.
  askedChoices: ['organizationId'],
  kpis: {
    service_uptime: 'devices not offline ÷ all devices × 100 (current state, written for today)',
    vulnerability_count: 'Σ criticalVulnerabilityCount + highVulnerabilityCount over device health (current state, today)',
    security_score: 'devices with healthStatus HEALTHY ÷ all devices × 100; 0 with no devices (current state, today)',
    asset_utilization:
      'Σ (capacity − freeSpace) ÷ Σ capacity × 100 over the fixed volumes of the devices (/v2/queries/volumes; removable, network, optical and RAM volumes left out); 0 without volumes (current state, today)',
    automation_coverage:
      'devices with a successful ACTIONSET, PATCH_MANAGEMENT or SOFTWARE_PATCH_MANAGEMENT activity in the last 30 days ÷ all devices × 100 (/v2/activities); 0 with no devices (written for today)',
  },
  async testConnection(ctx) {
    const body = await apiGet(ctx, '/v2/organizations', { pageSize: '1' });
    const organizations = parse(z.array(organizationSchema), body, '/v2/organizations');
    const wanted = ctx.config.organizationId;
    if (wanted && organizations.length > 0) {
      const all = await listAfter(ctx, '/v2/organizations', organizationSchema);
      if (!all.some((o) => String(o.id) === wanted)) {
        throw new ProviderError('invalid_config', `organization ${wanted} is not visible to this NinjaOne client app`, {
          hint: 'Pick an organizationId from GET /v1/connections/{id}/options and PUT it as config, or leave it out to count every organization.',
          userMessage: 'This NinjaOne app cannot see the organization you chose. Choose another organization, or leave it empty to count all of them.',
        });
      }
    }
  },
  async discover(ctx): Promise<ConfigOptions> {
    const organizations = await listAfter(ctx, '/v2/organizations', organizationSchema);
    return { organizationId: organizations.map((o) => ({ value: String(o.id), label: o.name?.trim() || `Organization ${o.id}` })) };
  },
  async fetchMetrics(ctx, window) {
    const period = daysInWindow(window).at(-1);
    if (!period || Date.now() - Date.parse(window.to) > DAY_MS) return [];
    const df = orgFilter(ctx.config);
    const devices = await listAfter(ctx, '/v2/devices', deviceSchema, { df });
    const ids = new Set(devices.map((d) => d.id));
    const health = await queryAll(ctx, '/v2/queries/device-health', healthSchema, { df });
    const volumes = await queryAll(ctx, '/v2/queries/volumes', volumeSchema, { df });
    const covered = await automatedDevices(ctx, new Date(Date.parse(window.to) - COVERAGE_DAYS * DAY_MS), df, ids);
    const online = devices.filter((d) => d.offline !== true).length;
    const healthy = health.filter((h) => h.healthStatus === 'HEALTHY').length;
    const vulnerabilities = health.reduce((sum, h) => sum + (h.criticalVulnerabilityCount ?? 0) + (h.highVulnerabilityCount ?? 0), 0);
    return [
      { key: 'service_uptime' as const, period, value: percent(online, devices.length), unit: 'percent' },
      { key: 'vulnerability_count' as const, period, value: vulnerabilities, unit: 'count' },
      { key: 'security_score' as const, period, value: percent(healthy, devices.length), unit: 'percent' },
      { key: 'automation_coverage' as const, period, value: percent(covered.size, devices.length), unit: 'percent' },
      { key: 'asset_utilization' as const, period, value: storageUsed(volumes, ids), unit: 'percent' },
    ];
  },
});
