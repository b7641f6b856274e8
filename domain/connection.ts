import { z } from 'zod';
import { connectionStatuses, onboardingStates, onboardingSteps, type ConnectionStatus } from './connection-states.js';

/** What a person sees when something failed: what happened and what to do next. */
export const lastErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().describe('What to do next, for API clients and support (may name API calls)'),
  userMessage: z.string().optional().describe('The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows'),
});
export type LastError = z.infer<typeof lastErrorSchema>;

/** Days a sync could not read, and why (domain/missing-periods.ts holds their rules). */
export const missingPeriodSchema = z
  .object({
    from: z.iso.date().describe('First day not read (UTC)'),
    to: z.iso.date().describe('Last day not read, inclusive'),
    error: lastErrorSchema.describe('Why the vendor could not answer for these days'),
  })
  .meta({ id: 'MissingPeriod' });
export type MissingPeriod = z.infer<typeof missingPeriodSchema>;

/** Who a connection was connected for, when a Connect session created it. */
export const endUserSchema = z.object({ id: z.string(), displayName: z.string().optional(), email: z.string().optional() });
export type EndUser = z.infer<typeof endUserSchema>;

/**
 * The facts of a connection that its rules (events, sync intent, next sync) decide from, named
 * as the columns of its row (db/tables/connections.ts), so a row is one as it stands.
 */
export interface ConnectionFacts {
  id: string;
  status: ConnectionStatus;
  sync_interval_minutes: number;
  sync_paused: boolean;
  last_sync_status: string | null;
  last_sync_error: LastError | null;
}

/**
 * A connection as the outside sees it: GET /v1/connections/:id answers it and every event
 * carries it. Never credentials.
 */
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
      lastSyncAt: z.iso.datetime().nullable().describe('The last run that wrote data'),
      lastStatus: z.string().nullable().describe('succeeded | empty | failed'),
      lastError: lastErrorSchema.nullable(),
      consecutiveFailures: z.number().int(),
      nextSyncAt: z.iso
        .datetime()
        .nullable()
        .describe('From the Temporal Schedule, refreshed when it changes (activation, each run, pause, resume, interval change); null while paused or disconnected'),
      stale: z.boolean().describe('No data written for more than twice the interval'),
      missing: z
        .object({
          days: z.number().int().describe('How many days the vendor has not answered for yet'),
          since: z.iso.date().describe('The oldest of them'),
          summary: lastErrorSchema.describe('"3 days missing since …", with the oldest reason and what to do'),
          periods: z.array(missingPeriodSchema),
        })
        .nullable()
        .describe('Days a sync could not read (every other day was written); each sync asks for them first. null: none'),
    }),
    endUser: endUserSchema.nullable().describe('Who it was connected for, when a Connect session created it'),
    waitingSince: z.iso
      .datetime()
      .nullable()
      .describe('Since when onboarding has waited on a person (credentials, config, an authorization, or a fix after it failed); null otherwise'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** Only when an OAuth authorization was just started (create, retry): send the user there. */
    authorizeUrl: z.url().optional(),
  })
  .meta({ id: 'Connection' });
export type ConnectionView = z.infer<typeof connectionSchema>;
