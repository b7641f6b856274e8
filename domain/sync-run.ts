import { z } from 'zod';
import { lastErrorSchema } from './connection.js';

/** `empty`: it worked but returned nothing where earlier runs had data (a silent failure). */
export const syncRunStatuses = ['running', 'succeeded', 'empty', 'failed'] as const;
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
