import type { FastifyServerOptions } from 'fastify';

/**
 * Log redaction, in one place: anything that can carry a secret is censored wherever it
 * appears in a log line (request headers, bodies, errors that echo a provider's answer).
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.credentials',
  '*.apiKey',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.password',
  '*.code',
  '*.code_verifier',
  '*.sealedCode',
  // Webhook signing secrets (whsec_…): in the create and rotate answers only.
  '*.secret',
];

/**
 * The same censoring for the worker's JSON lines: the SDK hands log metadata over flat, so
 * each `*.name` path also applies at the top level of a line (`{ credentials: ... }`).
 */
export const workerRedaction = {
  paths: [...redactedPaths, ...redactedPaths.filter((p) => p.startsWith('*.')).map((p) => p.slice(2))],
  censor: '[redacted]',
};

/** Query parameters that carry secrets (the OAuth callback's code and state). */
const secretParams = /([?&](?:code|state|access_token|refresh_token|token|key|api_key)=)[^&#]*/gi;
export const redactUrl = (url: string) => url.replace(secretParams, '$1[redacted]');

type LoggedRequest = { method: string; url: string; hostname?: string; ip?: string; id?: string };

export function loggerOptions(level: string, file?: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      // Fastify logs every request URL; the OAuth callback's carries the code and state.
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: redactUrl(req.url), hostname: req.hostname, remoteAddress: req.ip }),
    },
    ...(file ? { file } : {}),
  };
}
