/**
 * Vendors' error bodies, read in one place: the shared HTTP client parses every failed answer
 * here, so messages, the call log and provider diagnoses quote the vendor's own code and message
 * rather than a cut-off excerpt of its JSON. Shapes read (each as its vendor documents it):
 * - PayPal `{ name, message, debug_id, details: [{ field, issue, description }], total_items?, maximum_items? }`
 * - Cloudflare `{ success: false, errors: [{ code, message }], messages, result: null }`
 * - Google `{ error: { code, message, status, details: [{ '@type', reason, domain, metadata }] } }`
 * - OAuth 2 (RFC 6749 §5.2; NinjaOne's, Google's and PayPal's token endpoints) `{ error, error_description }`
 * - anything else with `{ code, message }`, `errorCode`/`errorMessage` or `detail`.
 * The body is already scrubbed of what the request carried.
 */
import type { VendorError } from './errors.js';

const MESSAGE_MAX = 300;
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.map(record).filter((r): r is Record<string, unknown> => r !== undefined) : [];

export function parseVendorError(status: number, body: string): VendorError {
  const empty: VendorError = { status, code: null, message: null, codes: [], requestId: null, numbers: {}, info: [] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const plain = body.trim().replace(/\s+/g, ' ');
    return { ...empty, message: plain ? plain.slice(0, MESSAGE_MAX) : null };
  }
  const b = record(json);
  if (!b) return empty;
  const errors = records(b.errors);
  const nested = record(b.error);
  const details = [...records(b.details), ...records(nested?.details)];
  // Google's reasons (ErrorInfo) and PayPal's issues say more than the top-level code.
  const reasons = details.map((d) => text(d.reason) ?? text(d.issue)).filter((r): r is string => r !== null);
  const code =
    text(b.name) ?? text(errors[0]?.code) ?? text(nested?.status) ?? text(nested?.code) ?? text(b.error) ?? text(b.code) ?? text(b.errorCode);
  const message =
    text(b.message) ?? text(errors[0]?.message) ?? text(nested?.message) ?? text(b.error_description) ?? text(b.errorMessage) ?? text(b.detail);
  // Cloudflare chains the cause of an error (6003 "Invalid request headers" ← 6111 "Invalid format").
  const chained = errors.flatMap((e) => records(e.error_chain).map((c) => text(c.code)));
  const codes = [...new Set([code, ...errors.map((e) => text(e.code)), ...chained, ...reasons].filter((c): c is string => c !== null))];
  const numbers: Record<string, number> = {};
  for (const [name, value] of Object.entries(b)) if (typeof value === 'number' && Number.isFinite(value)) numbers[name] = value;
  return {
    status,
    code,
    message: message ? message.slice(0, MESSAGE_MAX) : null,
    codes,
    requestId: text(b.debug_id),
    numbers,
    info: details
      .filter((d) => typeof d.reason === 'string')
      .map((d) => ({
        reason: d.reason as string,
        metadata: Object.fromEntries(Object.entries(record(d.metadata) ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      })),
  };
}

/** `PayPal answered 400 RESULTSET_TOO_LARGE: Result set size is…`, never the raw body. */
export function describeVendorAnswer(vendor: string, error: VendorError): string {
  const code = error.code ? ` ${error.code}` : '';
  const reason = error.codes.find((c) => c !== error.code);
  const message = error.message ? `: ${error.message}` : '';
  const id = error.requestId ? ` (debug id ${error.requestId})` : '';
  return `${vendor} answered ${error.status}${code}${reason ? ` (${reason})` : ''}${message}${id}`;
}
