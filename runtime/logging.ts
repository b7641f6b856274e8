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
];

export function loggerOptions(level: string, file?: string): FastifyServerOptions['logger'] {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' }, ...(file ? { file } : {}) };
}
