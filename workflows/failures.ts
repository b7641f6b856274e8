/**
 * The closed set of failure types activities raise (`ApplicationFailure.type`) and workflows
 * branch on. Workflows compare these strings, never error classes (bundling can rename them).
 */
import { ActivityFailure, ApplicationFailure, type TemporalFailure } from '@temporalio/workflow';
import type { FailureReport } from './definitions.js';

export const failureTypes = {
  auth_failed: 'AuthFailed',
  reauthorization_required: 'ReauthorizationRequired',
  permission_denied: 'PermissionDenied',
  invalid_config: 'InvalidConfig',
  rate_limited: 'RateLimited',
  provider_unavailable: 'ProviderUnavailable',
  /** The vendor refused one request as beyond its limits (providers/errors.ts `vendor_limit`). */
  vendor_limit: 'VendorLimit',
  /** Onramp's own set-up at the vendor needs its operator (providers/errors.ts `operator_action_required`). */
  operator_action_required: 'OperatorActionRequired',
  connection_not_found: 'ConnectionNotFound',
  /** A backfill's row was not there to count a chunk (its creation not committed yet, most likely). */
  backfill_not_found: 'BackfillNotFound',
  /** Onramp's own Postgres or Temporal was unavailable: never the provider's fault, never counted against a connection. */
  infrastructure_unavailable: 'InfrastructureUnavailable',
} as const;
export type FailureCode = keyof typeof failureTypes;
export type FailureType = (typeof failureTypes)[FailureCode];

const codeByType = new Map<string, FailureCode>(
  Object.entries(failureTypes).map(([code, type]) => [type, code as FailureCode]),
);

/** Turns whatever an activity threw into the report shown on the connection. */
export function describeFailure(error: unknown): FailureReport {
  const cause: TemporalFailure | Error | undefined =
    error instanceof ActivityFailure ? (error.cause ?? error) : error instanceof Error ? error : undefined;
  if (cause instanceof ApplicationFailure) {
    const code = codeByType.get(cause.type ?? '');
    const detail = cause.details?.[0] as { hint?: unknown; userMessage?: unknown } | undefined;
    const hint = typeof detail?.hint === 'string' ? detail.hint : undefined;
    // Only when the activity edge sent one, so histories recorded before it replay unchanged.
    const userMessage = typeof detail?.userMessage === 'string' ? { userMessage: detail.userMessage } : {};
    if (code === 'provider_unavailable' || code === 'rate_limited') {
      // Reaching the workflow means Temporal's retry budget is spent: the provider's own
      // "transient, retrying" hint is no longer true.
      return {
        code,
        message: cause.message,
        hint: 'The provider kept failing after every retry; POST /v1/connections/{id}/retry once it is back.',
      };
    }
    if (code === 'infrastructure_unavailable') {
      return {
        code,
        message: cause.message,
        hint: "Onramp's own database or Temporal server was briefly unavailable, not the provider; the next scheduled sync catches up, or POST /v1/connections/{id}/retry.",
      };
    }
    if (code) return { code, message: cause.message, hint: hint ?? 'Check the connection and retry.', ...userMessage };
  }
  return {
    code: 'internal_error',
    message: cause?.message ?? 'unknown failure',
    hint: 'An unexpected error; the worker log has the details. POST /v1/connections/{id}/retry to try again.',
  };
}
