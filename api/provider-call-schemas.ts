import { z } from 'zod';

/** One request Onramp made to the vendor, as support quotes it to the vendor (never a credential). */
export const providerCallSchema = z
  .object({
    at: z.iso.datetime(),
    attempt: z.number().int().describe('Temporal\'s try of the activity that made it: a retried call shows under the next try'),
    onboardingAttempt: z.number().int().nullable().describe('The onboarding\'s connection test it belonged to; null for a run\'s call'),
    method: z.string(),
    host: z.string(),
    path: z.string().describe('The path with ids as {id}'),
    queryKeys: z.array(z.string()).describe('The query parameters\' names; their values are never kept'),
    status: z.number().int().nullable().describe('null: no answer (refused, reset, timed out)'),
    durationMs: z.number().int(),
    retryAfterMs: z.number().int().nullable().describe('The wait the vendor asked for (Retry-After), which the retry honoured'),
    errorCode: z.string().nullable().describe('The vendor\'s own error code, from its error body'),
    errorMessage: z.string().nullable().describe('The vendor\'s own error message, scrubbed of every credential the request carried'),
    requestIds: z.record(z.string(), z.string()).describe('Request ids the vendor answered with, by header (paypal-debug-id, cf-ray, request-id…): quote them to the vendor'),
  })
  .meta({ id: 'ProviderCall' });
export type ProviderCallView = z.infer<typeof providerCallSchema>;
