/**
 * What can go wrong when Onramp talks to a provider, in the words a user acts on.
 * Providers throw only these; the activity edge turns them into Temporal failures
 * (activities/failures.ts), so the classification happens in exactly one place.
 */
export const providerErrorKinds = [
  'auth_failed',
  /** The provider refused the refresh token (RFC 6749 invalid_grant): only a person can re-consent. */
  'reauthorization_required',
  'permission_denied',
  'invalid_config',
  'rate_limited',
  'provider_unavailable',
  /**
   * The vendor refuses this one request as beyond what it answers (PayPal's RESULTSET_TOO_LARGE):
   * not the connection's config and not a wait, so neither a person nor a retry fixes it as sent.
   * The provider splits the request where it can; what still cannot be read is a missing period.
   */
  'vendor_limit',
  /**
   * Onramp's own set-up at the vendor is wrong (an API disabled in the operator's Google Cloud
   * project): the end user cannot fix it, the operator can; support sees what to change.
   */
  'operator_action_required',
] as const;
export type ProviderErrorKind = (typeof providerErrorKinds)[number];

export const retryableKinds: ReadonlySet<ProviderErrorKind> = new Set(['rate_limited', 'provider_unavailable']);

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  /** What to do next, for API clients and support (API calls may be named). */
  readonly hint: string;
  /**
   * The same for the end user in the Connect page, in plain words (what to change at the vendor,
   * where); absent: the failure code's default (domain/failure-messages.ts).
   */
  readonly userMessage: string | undefined;
  /** A wait the provider asked for (Retry-After), if any. */
  readonly retryAfterMs: number | undefined;
  /** Whether Temporal may try again: the kind's rule, unless the vendor said otherwise (see `isRetryable`). */
  readonly retryable: boolean;
  /** What the vendor's error body said, parsed (providers/vendor-errors.ts); absent when no body was read. */
  readonly vendor: VendorError | undefined;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { hint: string; userMessage?: string; retryAfterMs?: number; retryable?: boolean; vendor?: VendorError },
  ) {
    super(message);
    this.kind = kind;
    this.hint = options.hint;
    this.userMessage = options.userMessage;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? retryableKinds.has(kind);
    this.vendor = options.vendor;
  }
}

/**
 * A vendor's error body, read once by the shared HTTP client: its own code (PayPal `name`,
 * Cloudflare `errors[].code`, Google `error.status`, OAuth `error`), message, request id and the
 * details a provider may reason on (Google's `details[].reason`, PayPal's `maximum_items`…).
 */
export interface VendorError {
  status: number;
  code: string | null;
  message: string | null;
  /** Every code the body carries (Cloudflare may send several errors; Google reasons in details). */
  codes: string[];
  /** The vendor's id of this answer (PayPal `debug_id`), for a ticket to the vendor. */
  requestId: string | null;
  /** Top-level numbers of the body (PayPal's `total_items`, `maximum_items`). */
  numbers: Record<string, number>;
  /** Google's ErrorInfo details: reason and string metadata (SERVICE_DISABLED with `consumer` and `service`). */
  info: { reason: string; metadata: Record<string, string> }[];
}
