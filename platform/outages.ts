import { isGrpcServiceError } from '@temporalio/client';

/** Onramp's own parts, whose unavailability is nobody's fault but ours (not a provider's, not a client's). */
export type OwnPart = 'postgres' | 'temporal';

// Socket-level failures to reach a server, as Node names them.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// SQLSTATEs of a Postgres that is going away or not taking connections: class 08 (connection
// exception), admin/crash shutdown, cannot connect now, too many connections.
const POSTGRES_STATES = /^(08...|57P0[123]|53300)$/;
// pg and pg-pool phrase these without a code.
const POSTGRES_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|encountered a connection error and is not queryable/;
// gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the Temporal frontend could not be reached in time.
const TEMPORAL_STATUS = new Set([14, 4]);
const RESOURCE_EXHAUSTED = 8;

function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  for (let e = error; e && seen.length < 6; e = (e as { cause?: unknown }).cause) seen.push(e);
  return seen;
}

/**
 * Which of Onramp's own parts an error says is unavailable, if any: the one classification
 * that both the API (503) and the activities (retried, never counted against a connection) use.
 * Temporal's client wraps gRPC errors, so their causes are searched; a socket error is taken for
 * Postgres only when thrown as is (pg does; fetch wraps its own in "fetch failed", and provider
 * errors never get here), so a provider that refuses connections is not mistaken for our database.
 */
export function outageOf(error: unknown): OwnPart | undefined {
  if (causes(error).some((e) => isGrpcServiceError(e) && TEMPORAL_STATUS.has(e.code))) return 'temporal';
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code))) return 'postgres';
  if (typeof code !== 'number' && POSTGRES_MESSAGES.test(error.message)) return 'postgres';
  return undefined;
}

/** Temporal refused the call for capacity (e.g. a workflow's in-flight update limit): busy, not down. */
export function isTemporalResourceExhausted(error: unknown): boolean {
  return causes(error).some((e) => isGrpcServiceError(e) && e.code === RESOURCE_EXHAUSTED);
}

// SQLSTATEs of a transaction Postgres aborted to let another one through: deadlock_detected and
// serialization_failure. Nothing is wrong with either request; the same transaction, run again,
// normally commits.
const CONFLICT_STATES = new Set(['40P01', '40001']);

/**
 * Postgres aborted the transaction in a conflict with another one at the same moment (a
 * deadlock or a serialization failure): not an outage and not a bug of the request, but worth
 * running again as it was.
 */
export function isTransactionConflict(error: unknown): boolean {
  return causes(error).some((e) => e instanceof Error && CONFLICT_STATES.has((e as { code?: unknown }).code as string));
}

export const ownPartNames: Record<OwnPart, string> = { postgres: 'Postgres (its database)', temporal: 'the Temporal server' };
