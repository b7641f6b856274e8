import type { z } from 'zod';
import type { ProviderDefinition } from '../providers/contract.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { ProblemError, type FieldError } from './problems.js';

/**
 * Config and credentials are checked against the chosen provider's own schemas, which the
 * route cannot know statically; the field names in the 400 point into the request body.
 */
export function parseProviderInput(
  providers: ProviderRegistry,
  body: { integration: string; config?: unknown; credentials?: unknown },
): { provider: ProviderDefinition; config: Record<string, unknown>; credentials: Record<string, unknown> | undefined } {
  const provider = providers.get(body.integration);
  if (!provider) {
    const known = providers.list().map((p) => p.slug).join(', ');
    throw new ProblemError('validation', `integration "${body.integration}" is not in the catalog (known: ${known})`, [
      { field: 'body.integration', message: `unknown integration; GET /v1/integrations lists them (${known})` },
    ]);
  }
  const errors: FieldError[] = [];
  const config = provider.configSchema.safeParse(body.config ?? {});
  if (!config.success) errors.push(...fieldErrors('body.config', config.error));
  let credentials: Record<string, unknown> | undefined;
  if (body.credentials === undefined) {
    if (provider.authKind !== 'oauth2') {
      errors.push({ field: 'body.credentials', message: `required for ${provider.authKind} integrations` });
    }
  } else {
    const parsed = provider.credentialsSchema.safeParse(body.credentials);
    if (parsed.success) credentials = parsed.data as Record<string, unknown>;
    // Never echo the rejected value: it may be a secret.
    else errors.push(...fieldErrors('body.credentials', parsed.error));
  }
  if (errors.length > 0) {
    throw new ProblemError('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
  return { provider, config: config.data as Record<string, unknown>, credentials };
}

function fieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
