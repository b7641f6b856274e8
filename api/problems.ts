/**
 * The closed set of problems the API answers with (RFC 9457 problem details).
 * Handlers throw `ProblemError`; one error handler renders it (api/plugins/problems.ts).
 */
export const problemTypes = {
  validation: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Missing or unknown API key' },
  forbidden: { status: 403, title: 'Not allowed for this API key' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  request_timeout: { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_mismatch: { status: 422, title: 'Idempotency-Key reused with another body' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported body content type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'Request headers too large' },
  bad_gateway: { status: 502, title: 'The provider did not answer usably' },
  unavailable: { status: 503, title: 'A dependency is unavailable' },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ProblemKind = keyof typeof problemTypes;

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A provider's failure behind a problem (discovery): its code and the words for the end user,
 * so a page can offer the fix (new credentials, another choice) without reading `detail`.
 */
export interface ProviderFailure {
  code: string;
  userMessage: string;
}

export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly failure?: ProviderFailure,
  ) {
    super(detail);
  }

  get status(): number {
    return problemTypes[this.kind].status;
  }
}

/** `instance` is the request path; unknown only when Node refused the request before parsing it. */
export function problemBody(kind: ProblemKind, detail: string, instance: string | undefined, errors?: FieldError[], failure?: ProviderFailure) {
  return {
    type: `/problems/${kind.replaceAll('_', '-')}`,
    title: problemTypes[kind].title,
    status: problemTypes[kind].status,
    detail,
    ...(instance === undefined ? {} : { instance }),
    ...(errors ? { errors } : {}),
    ...(failure ? { failure } : {}),
  };
}

export const notFound = (what: string) => new ProblemError('not_found', `${what} does not exist or is not visible to this API key`);
