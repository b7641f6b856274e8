import type { z } from 'zod';
import type { ProviderDefinition } from '../providers/contract.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { ProblemError, type FieldError } from './problems.js';

// Config and credentials are checked against the chosen provider's own schemas, which a
// route cannot know statically; the field names in a 400 point into the request body.

export function findProvider(providers: ProviderRegistry, slug: string): ProviderDefinition {
  const provider = providers.get(slug);
  if (!provider) {
    const known = providers.list().map((p) => p.slug).join(', ');
    throw new ProblemError('validation', `integration "${slug}" is not in the catalog (known: ${known})`, [
      { field: 'body.integration', message: `unknown integration; GET /v1/integrations lists them (${known})` },
    ]);
  }
  return provider;
}

/**
 * Config may be partial when a connection is created (a wizard fills it in after discovery);
 * what is there must be valid. `complete` demands the whole schema (PUT config).
 */
export function parseConfig(provider: ProviderDefinition, config: unknown, mode: 'partial' | 'complete'): Record<string, unknown> {
  const schema = mode === 'partial' ? provider.configSchema.partial() : provider.configSchema;
  const parsed = schema.safeParse(config ?? {});
  if (!parsed.success) throw validationProblem(fieldErrors('body.config', parsed.error));
  return parsed.data as Record<string, unknown>;
}

export function parseCredentials(provider: ProviderDefinition, credentials: unknown): Record<string, unknown> {
  if (provider.authKind === 'oauth2') {
    throw validationProblem([
      { field: 'body.credentials', message: `${provider.name} is connected through OAuth: follow the authorizeUrl instead` },
    ]);
  }
  const parsed = provider.credentialsSchema.safeParse(credentials);
  // Never echo the rejected value: it may be a secret.
  if (!parsed.success) throw validationProblem(fieldErrors('body.credentials', parsed.error));
  return parsed.data as Record<string, unknown>;
}

function validationProblem(errors: FieldError[]): ProblemError {
  return new ProblemError('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** Every problem of the body at once, so a caller fixes them in one round. */
export function collectProblems(...checks: (() => unknown)[]): void {
  const errors: FieldError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (error instanceof ProblemError && error.errors) errors.push(...error.errors);
      else throw error;
    }
  }
  if (errors.length > 0) throw validationProblem(errors);
}

function fieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
