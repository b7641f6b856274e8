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

  constructor(kind: ProviderErrorKind, message: string, options: { hint: string; userMessage?: string; retryAfterMs?: number; retryable?: boolean }) {
    super(message);
    this.kind = kind;
    this.hint = options.hint;
    this.userMessage = options.userMessage;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? retryableKinds.has(kind);
  }
}
