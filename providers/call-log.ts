/**
 * The vendor call log (issue 24): every request Onramp makes to a vendor, as support would quote
 * it to the vendor: method, host, path (ids as `{id}`), the names of the query parameters (never
 * their values, which can carry secrets), status, duration, the wait the vendor asked for, the
 * vendor's own error code and message, and the request ids it answered with. The shared HTTP
 * client notes each call into the log of the activity that runs it (an AsyncLocalStorage the
 * activity opens with `withCallLog`); a call made outside any log is simply not noted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { VendorError } from './errors.js';
import { parseVendorError } from './vendor-errors.js';

export interface ProviderCall {
  at: Date;
  method: string;
  host: string;
  /** The path with ids, numbers and long tokens as `{id}`. */
  path: string;
  /** The query parameters' names only. */
  queryKeys: string[];
  /** null: no answer (refused, reset, timed out). */
  status: number | null;
  durationMs: number;
  /** The wait the vendor asked for (Retry-After), which the retry honours. */
  retryAfterMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Request ids the vendor answered with, by header name (`paypal-debug-id`, `cf-ray`, `request-id`…). */
  requestIds: Record<string, string>;
}

/** Headers vendors name a request by; support quotes them in a ticket to the vendor. */
export const REQUEST_ID_HEADERS = ['paypal-debug-id', 'cf-ray', 'request-id', 'x-request-id', 'x-correlation-id', 'x-amzn-requestid', 'x-goog-request-id', 'x-ms-request-id'];

const MESSAGE_MAX = 300;
const log = new AsyncLocalStorage<ProviderCall[]>();

/** Runs `fn` with a log of its own: every vendor call made inside it lands in `calls`. */
export function withCallLog<T>(calls: ProviderCall[], fn: () => Promise<T>): Promise<T> {
  return log.run(calls, fn);
}

const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z0-9_-]{24,})$/i;

/** `/zones/0123…cdef/analytics` → `/zones/{id}/analytics`; `properties/123:runReport` → `properties/{id}:runReport`. */
export function pathTemplate(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      const [head, ...rest] = segment.split(':');
      if (!head || !ID_SEGMENT.test(head)) return segment;
      return ['{id}', ...rest].join(':');
    })
    .join('/');
}

/** The vendor's own error code and message of a failed answer's (scrubbed) body: see providers/vendor-errors.ts. */
export function vendorError(body: string): { code: string | null; message: string | null } {
  return codeAndMessage(parseVendorError(0, body));
}

/** The code with the reason a vendor gave beside it (`NOT_AUTHORIZED/PERMISSION_DENIED`), and the message. */
function codeAndMessage(error: VendorError): { code: string | null; message: string | null } {
  const reason = error.codes.find((c) => c !== error.code);
  return { code: error.code && reason ? `${error.code}/${reason}` : error.code, message: error.message?.slice(0, MESSAGE_MAX) ?? null };
}

/** A call about to be made: `note` it with what came back (or did not). */
export function startCall(url: string, method: string) {
  const started = performance.now();
  const at = new Date();
  const parsed = new URL(url);
  return {
    /** `vendor`: the failed answer's body as the HTTP client parsed it; else `body` (scrubbed) is parsed here. */
    note(answer: { response?: Response; vendor?: VendorError; body?: string; failure?: string; retryAfterMs?: number | undefined }) {
      const calls = log.getStore();
      if (!calls) return;
      const { response } = answer;
      const error = response && !response.ok ? codeAndMessage(answer.vendor ?? parseVendorError(response.status, answer.body ?? '')) : { code: null, message: answer.failure ?? null };
      const requestIds: Record<string, string> = {};
      for (const name of REQUEST_ID_HEADERS) {
        const value = response?.headers.get(name);
        if (value) requestIds[name] = value.slice(0, 200);
      }
      calls.push({
        at,
        method,
        host: parsed.host,
        path: pathTemplate(parsed.pathname),
        queryKeys: [...new Set(parsed.searchParams.keys())],
        status: response?.status ?? null,
        durationMs: Math.round(performance.now() - started),
        retryAfterMs: answer.retryAfterMs ?? null,
        errorCode: error.code,
        errorMessage: error.message,
        requestIds,
      });
    },
  };
}
