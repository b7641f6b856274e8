import { z } from 'zod';
import { lastErrorSchema, missingPeriodSchema } from './connection.js';

/**
 * `empty`: it worked but returned nothing where earlier runs had data (a silent failure).
 * `partial`: it wrote every day it could read, and the vendor would not answer for some days
 * (listed in `missingPeriods`; the next runs ask for them first).
 */
export const syncRunStatuses = ['running', 'succeeded', 'partial', 'empty', 'failed'] as const;
export type SyncRunStatus = (typeof syncRunStatuses)[number];
export const syncRunKinds = ['scheduled', 'backfill'] as const;
export type SyncRunKind = (typeof syncRunKinds)[number];

/** One sync run as the outside sees it: GET /v1/connections/:id/syncs and the `sync.*` events. */
export const syncRunSchema = z
  .object({
    id: z.string(),
    kind: z.enum(syncRunKinds),
    status: z.enum(syncRunStatuses),
    window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    kpisWritten: z.number().int(),
    attempts: z.number().int(),
    error: lastErrorSchema.nullable(),
    missingPeriods: z.array(missingPeriodSchema).describe('Days this run could not read, with why (status partial); every other day was written'),
    repairedPeriods: z
      .array(z.object({ from: z.iso.date(), to: z.iso.date() }))
      .describe('Days missing after earlier runs that this run read first and wrote'),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    /**
     * The Temporal run it was: a "sync now" in the very second a run started may run after
     * it under the same workflow id, so only the two together name one run.
     */
    workflowId: z.string(),
    workflowRunId: z.string(),
  })
  .meta({ id: 'SyncRun' });
