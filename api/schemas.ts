import { z } from 'zod';
import { calendarDay, FIRST_DAY, LAST_DAY, NO_NUL, NUL_MESSAGE, text } from '../db/values.js';
import { connectionStatuses } from '../domain/connection-states.js';
import { HEX_COLOUR } from '../domain/contrast.js';
import { derivedKpis, derivedStatuses } from '../domain/derived-kpis.js';
import { kpiKeySchema, kpiOrMetricKeySchema, periodGranularities, type KpiKey } from '../domain/kpis.js';
import { freeFormObject } from './free-form.js';
import { mediaTypes } from './openapi/media-types.js';

// The API's shapes, once: routes validate and serialize with them, OpenAPI publishes them,
// and handler types are inferred from them. Every request string that can reach Postgres is a
// `text()` (no NUL), every date a `day`, every free-form object a `freeFormObject()`. The shapes
// of a connection, a run and a backfill are the domain's (domain/): events carry them too.

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    failure: z
      .object({ code: z.string(), userMessage: z.string() })
      .optional()
      .describe("A provider's refusal behind this problem (discovery): its failure code, and what to tell the end user"),
  })
  .meta({ id: 'Problem' })
  .register(mediaTypes, { mediaType: 'application/problem+json' });

/** A page for the person in the browser (the OAuth callback). */
export const htmlPage = z.string().describe('An HTML page for the person in the browser').register(mediaTypes, { mediaType: 'text/html' });

export const createConnectionBody = z.object({
  integration: text().min(1).max(100).describe('Catalog slug, e.g. "demo"'),
  name: text().trim().min(1).max(200).optional(),
  config: freeFormObject().optional(),
  credentials: freeFormObject().optional().describe('Write-only; stored encrypted, never returned.'),
  syncIntervalMinutes: z.number().int().min(1).max(1440).optional(),
  initialHistoryDays: z.number().int().min(0).max(1095).optional().describe('Days of history the first sync writes (default 7)'),
  returnUrl: z.url().regex(NO_NUL, NUL_MESSAGE).optional().describe('OAuth only: where the callback sends the user afterwards; must be on ONRAMP_OAUTH_RETURN_URLS.'),
}).meta({
  // The walk-through's request; contract tests start from it to reach a real connection.
  examples: [{ integration: 'demo', name: 'My shop', config: { site: 'shop.example' }, credentials: { apiKey: 'demo-123' } }],
});

export const credentialsBody = z.object({
  credentials: freeFormObject().describe('Write-only; validated by the integration\'s credentialsSchema.'),
});
export const configBody = z.object({
  config: freeFormObject().describe('The whole config, validated by the integration\'s configSchema.'),
});
export const optionsSchema = z
  .object({ options: z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string(), preselected: z.boolean().optional() }))) })
  .meta({ id: 'ConfigOptions' });
/** Only a complete answer (state, and a code or an error) may spend the single-use state. */
export const oauthCallbackQuery = z
  .object({
    state: text({ error: (issue) => (issue.input === undefined ? 'the request has no state parameter' : undefined) }).min(1).max(512),
    code: text().max(4096).optional(),
    error: text().max(200).optional(),
    error_description: text().max(1000).optional(),
  })
  .refine((q) => Boolean(q.code || q.error), { message: 'the provider sent neither a code nor an error', path: ['code'] });
export type CreateConnectionBody = z.infer<typeof createConnectionBody>;
export const oauthStartQuery = z.object({
  state: text({ error: (issue) => (issue.input === undefined ? 'the link has no state parameter' : undefined) }).min(1).max(512),
});

export const idempotencyHeaders = z.object({
  'idempotency-key': text().min(1).max(255).optional(),
});

export const connectionIdParams = z.object({ id: z.uuid('must be a connection id (UUID)') });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
});

export const listConnectionsQuery = pageQuery.extend({
  status: z.enum(connectionStatuses).optional(),
  integration: text().max(100).optional(),
  tenant: text().max(200).optional().describe('Support: only tenants whose id starts with this (a client key sees its own tenant whatever this says)'),
  needsAttention: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only connections that need a person: failed, error, stale (no data for twice the interval), whose last run failed or wrote nothing, or whose onboarding has waited on its user longer than ONRAMP_WAITING_ATTENTION_AFTER (24h)',
    ),
  q: text()
    .trim()
    .max(200)
    .optional()
    .describe('A connection id, or a fragment (any case) of its name or of its end user\'s id, display name or email'),
  waitingHours: z.coerce.number().int().min(0).max(100_000).optional().describe('Only onboardings waiting on their user (credentials, config, an authorization) for more than this many hours'),
  order: z
    .enum(['newest', 'urgency'])
    .optional()
    .describe('newest (default): newest first; urgency: failed and error first, then onboardings waiting too long, then stale or failing syncs, onboardings under way, the rest; the longest waiting first within each'),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const integrationSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string(),
    logoUrl: z.string().nullable().describe('Its logo (a data: image or a path on Onramp); null: show a monogram of its name'),
    authKind: z.enum(['oauth2', 'api_key', 'custom']),
    configSchema: z.record(z.string(), z.unknown()),
    credentialsSchema: z.record(z.string(), z.unknown()),
    capabilities: z.array(z.object({ key: kpiKeySchema, description: z.string() })),
    metrics: z
      .array(z.object({ key: z.string(), unit: z.string(), description: z.string() }))
      .describe('Raw metrics it writes beside the KPIs (<slug>.<metric>), read like KPIs'),
    granularity: z.enum(periodGranularities).describe('The period its values cover: a UTC day, or a calendar month'),
    completes: z
      .array(z.object({ key: kpiKeySchema, needs: z.string().describe('"needs Xero and Stripe"'), with: z.array(z.string()).describe('The other integrations it takes (slugs)') }))
      .describe('Derived KPIs its metrics go into, with the other integrations they need'),
    feedsSummary: z.string().describe('One line for a card: the KPIs and metrics it feeds, and the derived KPIs it completes, in words'),
  })
  .meta({ id: 'Integration' });

/** The one date schema of the API (filters, backfill bounds). */
export const day = calendarDay.describe(`A day, YYYY-MM-DD, from ${FIRST_DAY} to ${LAST_DAY}`);
export const kpiQuery = pageQuery.extend({
  connectionId: z.uuid().optional(),
  key: kpiOrMetricKeySchema.optional().describe('A catalog KPI, or a raw metric <provider>.<metric>'),
  from: day.optional(),
  to: day.optional(),
});
export const latestKpiQuery = z.object({ connectionId: z.uuid().optional() });

export const kpiValueSchema = z
  .object({
    connectionId: z.uuid(),
    key: z.string(),
    period: z.iso.date().describe('The first day of the period'),
    granularity: z.enum(periodGranularities).describe('day, or month (period is then the month\'s first day)'),
    value: z.number(),
    unit: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'KpiValue' });

/** The derived KPIs' keys (domain/derived-kpis.ts), as the API accepts and publishes them. */
const derivedKeySchema = z.enum(derivedKpis.map((d) => d.key) as [KpiKey, ...KpiKey[]]);

export const derivedKpiQuery = pageQuery.extend({
  key: derivedKeySchema.optional(),
  from: day.optional(),
  to: day.optional(),
});
export const latestDerivedKpiQuery = z.object({
  tenant: text().min(1).max(200).optional().describe('Support keys: the tenant whose derived KPIs to show (required); a client key sees its own'),
});

export const derivedKpiValueSchema = z
  .object({
    key: derivedKeySchema,
    tenantId: z.string(),
    period: z.iso.date().describe('The first day of the period'),
    granularity: z.enum(periodGranularities),
    value: z.number().nullable().describe('null when there is no value: see status and message (never 0 for a missing input)'),
    unit: z.string().nullable(),
    status: z
      .enum(derivedStatuses)
      .describe('current; needs_inputs (an input integration has no data for the period); not_defined (e.g. no new customers: ÷ 0); mixed_units'),
    stale: z.boolean().describe('A connection whose data went into this value has been disconnected since'),
    needs: z.string().describe('The integrations this KPI is made from, in words: "needs Xero and Stripe"'),
    missingInputs: z.array(z.string()).describe('Integration slugs with no data for the period (status needs_inputs)'),
    message: z.string().nullable().describe('Why there is no value, or why it may be out of date, in the end user\'s words'),
    inputs: z
      .array(
        z.object({
          metric: z.string(),
          integration: z.string(),
          connectionId: z.uuid(),
          value: z.number(),
          unit: z.string(),
          syncRunIds: z.array(z.string()).describe('The sync and backfill runs that wrote the rows summed'),
        }),
      )
      .describe('Provenance: each input connection\'s total for the period'),
    computedAt: z.iso.datetime().nullable().describe('null: never computed (no input has been written yet)'),
  })
  .meta({ id: 'DerivedKpiValue' });

/** POST …/retry and …/reauthorize: where an OAuth callback sends the user back (a page finishing set-up in its own window). */
export const authorizeAgainBody = z
  .object({
    returnUrl: z
      .url()
      .regex(NO_NUL, NUL_MESSAGE)
      .optional()
      .describe('OAuth only: where the callback sends the user afterwards; must be on ONRAMP_OAUTH_RETURN_URLS or the Connect page'),
  })
  // No body at all arrives as null.
  .nullish();

export const patchConnectionBody = z
  .object({
    name: text().trim().min(1).max(200).optional(),
    syncIntervalMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .refine((b) => b.name !== undefined || b.syncIntervalMinutes !== undefined, { message: 'send name or syncIntervalMinutes' })
  // The refine above, as JSON Schema: the document must not promise that `{}` is accepted.
  .meta({ anyOf: [{ required: ['name'] }, { required: ['syncIntervalMinutes'] }] });

export const backfillBody = z
  .object({ from: day, to: day })
  .refine((b) => b.from <= b.to, { message: 'from must not be after to', path: ['from'] });

export const backfillParams = connectionIdParams.extend({ backfillId: z.uuid('must be a backfill id (UUID)') });

export const endUserSchema = z.object({
  id: text().min(1).max(200).describe('Your id for the person connecting'),
  displayName: text().trim().min(1).max(200).optional(),
  email: z.email('must be an email address').max(320).optional().describe('How support finds the person\'s connections again (the console searches it)'),
});

/** http is for a developer's own machine only: a logo anywhere else comes over https. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const logoUrl = z
  .url({ protocol: /^https?$/, error: 'must be a full https:// URL of an image' })
  .max(2000)
  .regex(NO_NUL, NUL_MESSAGE)
  // zod runs a refinement even after the URL check failed: an unparsable value is that check's to report.
  .refine((url) => !URL.canParse(url) || new URL(url).protocol === 'https:' || LOOPBACK_HOSTS.has(new URL(url).hostname), 'must be https:// (http:// only on localhost)');

/** The host product the Connect page speaks for: its name in place of "Onramp", its logo and colour. */
export const brandingSchema = z
  .object({
    productName: text()
      .trim()
      .min(1, 'must name your product (1 to 60 characters)')
      .max(60, 'must be at most 60 characters: the page shows it in headings and sentences')
      // Control characters spelled as ranges, not \p{Cc}: the published pattern must read the same in every regex dialect (schemathesis is Python).
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must be one line of text, without control characters')
      .describe('Your product\'s name, used in the page\'s wording ("Sign in to Google Analytics to let <productName> read …")'),
    logoUrl: logoUrl
      .optional()
      .describe('Your logo (PNG, SVG, …), shown about 32 px high; on an origin of ONRAMP_CONNECT_FRAME_ANCESTORS or ONRAMP_OAUTH_RETURN_URLS (the page\'s Content-Security-Policy allows images from those only)'),
    accentColor: z
      .string()
      .regex(HEX_COLOUR, 'must be a colour as #rrggbb, e.g. #0b6e4f')
      .optional()
      .describe('Buttons and links take it; the text on it is white or black, whichever reaches WCAG AA, and it is darkened where it is text on the page'),
  })
  .meta({ id: 'Branding' });

export const createConnectSessionBody = z.object({
  allowedIntegrations: z.array(text().min(1).max(100)).min(1).max(100).optional().describe('Slugs the page may connect (default: the whole catalog, or the connection\'s own)'),
  endUser: endUserSchema.optional().describe('Tags the connection the session creates'),
  connectionId: z.uuid('must be a connection id (UUID)').optional().describe('Fix or reconnect this connection instead of creating one'),
  returnUrl: z.url().regex(NO_NUL, NUL_MESSAGE).optional().describe('Where the page sends the user when done; must be on ONRAMP_OAUTH_RETURN_URLS'),
  connection: z
    .object({
      name: createConnectionBody.shape.name,
      syncIntervalMinutes: createConnectionBody.shape.syncIntervalMinutes,
      initialHistoryDays: createConnectionBody.shape.initialHistoryDays,
    })
    .optional()
    .describe('The name, sync interval and history of the connection the session creates: yours to decide, the page cannot set them'),
  branding: brandingSchema.optional().describe('Your product\'s name, logo and colour on the Connect page (default: Onramp\'s)'),
});
export type CreateConnectSessionBody = z.infer<typeof createConnectSessionBody>;

export const connectSessionSchema = z
  .object({
    token: z.string().describe('Shown once; the page sends it as "Authorization: Bearer <token>"'),
    url: z.url().describe('The Connect page, with the token in the fragment (never sent to a server)'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'ConnectSession' });

/** What the Connect page knows about the session it was opened with. */
export const connectSessionInfoSchema = z
  .object({
    connectionId: z.uuid().nullable(),
    allowedIntegrations: z.array(z.string()).nullable(),
    returnUrl: z.string().nullable(),
    expiresAt: z.iso.datetime(),
    branding: brandingSchema.nullable().describe('The host product the page speaks for; null: Onramp'),
  })
  .meta({ id: 'ConnectSessionInfo' });

/** A server-sent events stream (text/event-stream). */
export const eventStream = z
  .string()
  .describe('Server-sent events: `event: progress` with the connection (as GET /v1/connections/{id}) and `kpisWritten`, until a terminal state')
  .register(mediaTypes, { mediaType: 'text/event-stream' });
