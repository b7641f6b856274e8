import { z } from 'zod';
import { connectionStatuses, onboardingStates, onboardingSteps } from '../db/tables/connections.js';
import { kpiKeySchema } from '../providers/kpis.js';

// The API's shapes, once: routes validate and serialize with them, OpenAPI publishes them,
// and handler types are inferred from them.

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const lastErrorSchema = z.object({ code: z.string(), message: z.string(), hint: z.string() });

export const connectionSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.string(),
    integration: z.string(),
    name: z.string(),
    status: z.enum(connectionStatuses),
    config: z.record(z.string(), z.unknown()),
    onboarding: z.object({
      step: z.enum(onboardingSteps),
      state: z.enum(onboardingStates),
      attempts: z.number().int(),
      lastError: lastErrorSchema.nullable(),
      updatedAt: z.iso.datetime(),
    }),
    sync: z.object({
      intervalMinutes: z.number().int(),
      paused: z.boolean(),
      lastSyncAt: z.iso.datetime().nullable(),
      lastStatus: z.string().nullable(),
      nextSyncAt: z.iso.datetime().nullable(),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Connection' });
export type ConnectionView = z.infer<typeof connectionSchema>;

export const createConnectionBody = z.object({
  integration: z.string().min(1).max(100).describe('Catalog slug, e.g. "demo"'),
  name: z.string().trim().min(1).max(200).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional().describe('Write-only; stored encrypted, never returned.'),
  syncIntervalMinutes: z.number().int().min(1).max(1440).optional(),
});
export type CreateConnectionBody = z.infer<typeof createConnectionBody>;

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional(),
});

export const connectionIdParams = z.object({ id: z.uuid('must be a connection id (UUID)') });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
});

export const listConnectionsQuery = pageQuery.extend({
  status: z.enum(connectionStatuses).optional(),
  integration: z.string().max(100).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const integrationSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string(),
    authKind: z.enum(['oauth2', 'api_key', 'custom']),
    configSchema: z.record(z.string(), z.unknown()),
    credentialsSchema: z.record(z.string(), z.unknown()),
    capabilities: z.array(z.object({ key: kpiKeySchema, description: z.string() })),
  })
  .meta({ id: 'Integration' });

const day = z.iso.date('must be a date, YYYY-MM-DD');
export const kpiQuery = pageQuery.extend({
  connectionId: z.uuid().optional(),
  key: kpiKeySchema.optional(),
  from: day.optional(),
  to: day.optional(),
});
export const latestKpiQuery = z.object({ connectionId: z.uuid().optional() });

export const kpiValueSchema = z
  .object({
    connectionId: z.uuid(),
    key: z.string(),
    period: z.iso.date(),
    value: z.number(),
    unit: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'KpiValue' });
