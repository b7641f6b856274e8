/**
 * The console's calls: the shared callApi with the session's CSRF token on every change. The
 * cookie travels by itself (same origin); the page never holds a key or the session id.
 */
import type { ConnectionView } from '../../domain/connection.js';
import { ApiProblem, ApiUnreachable, callApi } from '../shared/api.js';

export type Connection = ConnectionView;

export interface ConsoleSession {
  keyId: string;
  label: string | null;
  expiresAt: string;
  csrfToken: string;
  waitingAttentionMs: number;
  temporalUi: { onboardingWorkflowUrl: string; syncScheduleUrl: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SyncRun {
  id: string;
  kind: string;
  status: string;
  window: { from: string; to: string };
  kpisWritten: number;
  attempts: number;
  error: { code: string; message: string; hint: string } | null;
  startedAt: string;
  durationMs: number | null;
}

export interface KpiValue {
  key: string;
  period: string;
  value: number;
  unit: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorKeyId: string;
  actorRole: string;
  actorLabel: string | null;
  action: string;
  outcome: string;
  statusCode: number | null;
}

let csrfToken = '';
/** Told of every answer, so the page can show (and clear) the "cannot reach Onramp" banner. */
let onReachability: (reachable: boolean) => void = () => undefined;

export function setCsrfToken(token: string) {
  csrfToken = token;
}
export function watchReachability(listener: (reachable: boolean) => void) {
  onReachability = listener;
}

async function tracked<T>(call: Promise<T>): Promise<T> {
  try {
    const result = await call;
    onReachability(true);
    return result;
  } catch (error) {
    onReachability(!(error instanceof ApiUnreachable));
    throw error;
  }
}

export const get = <T>(path: string) => tracked(callApi<T>(path));
export const change = <T>(method: 'POST' | 'DELETE', path: string, json?: unknown) =>
  tracked(callApi<T>(path, { method, headers: { 'x-csrf-token': csrfToken }, ...(json === undefined ? {} : { json }) }));

/** What a person should read when a call failed: the API's own words (detail) when it gave some. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem || error instanceof ApiUnreachable) return error.message;
  return 'Something went wrong in the page; reload it and try again.';
}
