import { z } from 'zod';
import { lastErrorSchema } from './connection.js';

export const backfillStatuses = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type BackfillStatus = (typeof backfillStatuses)[number];

/** One backfill as the outside sees it: its API answers and `backfill.completed`. */
export const backfillSchema = z
  .object({
    id: z.uuid(),
    connectionId: z.uuid(),
    from: z.iso.date(),
    to: z.iso.date(),
    status: z.enum(backfillStatuses),
    chunksDone: z.number().int(),
    chunksTotal: z.number().int(),
    kpisWritten: z.number().int(),
    error: lastErrorSchema.nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Backfill' });
