import { Context } from '@temporalio/activity';
import { findConnection } from '../db/repositories/connections.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import type { ProviderCallContext, ProviderDefinition } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import type { ActivityDeps } from './deps.js';
import { connectionNotFound } from './failures.js';

/** How activities reach a connection and its provider: by id, validated, decrypted only here. */
export function createConnectionAccess({ db, providers, secrets }: ActivityDeps) {
  async function loadConnection(connectionId: string): Promise<ConnectionRow> {
    const row = await findConnection(db, connectionId, null);
    if (!row) throw connectionNotFound(connectionId);
    return row;
  }

  function providerOf(row: ConnectionRow): ProviderDefinition {
    const provider = providers.get(row.integration);
    if (!provider) {
      throw new ProviderError('invalid_config', `integration "${row.integration}" is not installed on this worker`, {
        hint: 'Deploy a worker that includes this provider, then retry.',
      });
    }
    return provider;
  }

  /** Validates stored config and decrypted credentials against the provider's schemas. */
  function callContext(row: ConnectionRow): { provider: ProviderDefinition; ctx: ProviderCallContext<Record<string, unknown>, unknown> } {
    const provider = providerOf(row);
    const config = provider.configSchema.safeParse(row.config);
    if (!config.success) {
      const field = config.error.issues[0]?.path.join('.') ?? '';
      throw new ProviderError('invalid_config', `config is invalid: ${field} ${config.error.issues[0]?.message ?? ''}`, {
        hint: `Fix config field "${field}" with PUT /v1/connections/{id}/config.`,
      });
    }
    const stored = row.credentials_encrypted ? secrets.open(row.credentials_encrypted) : undefined;
    const credentials = provider.credentialsSchema.safeParse(stored);
    if (!credentials.success) {
      throw new ProviderError('auth_failed', 'credentials are missing or incomplete', {
        hint: 'Send credentials with PUT /v1/connections/{id}/credentials.',
      });
    }
    const context = Context.current();
    return {
      provider,
      ctx: {
        config: config.data,
        credentials: credentials.data,
        endpoints: provider.endpoints,
        attempt: context.info.attempt,
        signal: context.cancellationSignal,
      },
    };
  }

  return { loadConnection, providerOf, callContext };
}

export type ConnectionAccess = ReturnType<typeof createConnectionAccess>;
