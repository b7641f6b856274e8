import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ProviderDefinition } from '../../providers/contract.js';
import type { KpiKey } from '../../domain/kpis.js';
import { derivedKpisFedBy, feedsSummary, needsText } from '../../domain/derived-kpis.js';
import { mayConnect } from '../connect-sessions.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../problems.js';
import { integrationSchema, problemSchema } from '../schemas.js';

function present(provider: ProviderDefinition): z.infer<typeof integrationSchema> {
  return {
    slug: provider.slug,
    name: provider.name,
    category: provider.category,
    description: provider.description,
    logoUrl: provider.logoUrl ?? null,
    authKind: provider.authKind,
    // What a client sends: the input side of each schema (defaults optional, secrets writeOnly).
    configSchema: z.toJSONSchema(provider.configSchema, { io: 'input' }) as Record<string, unknown>,
    credentialsSchema: z.toJSONSchema(provider.credentialsSchema, { io: 'input' }) as Record<string, unknown>,
    capabilities: Object.entries(provider.kpis).map(([key, description]) => ({ key: key as KpiKey, description: description ?? '' })),
    metrics: Object.entries(provider.metrics ?? {}).map(([key, { unit, description }]) => ({ key, unit, description })),
    granularity: provider.granularity ?? 'day',
    completes: derivedKpisFedBy(provider.slug).map((d) => ({
      key: d.key,
      needs: needsText(d),
      with: [...new Set(Object.values(d.inputs).map((i) => i.integration))].filter((slug) => slug !== provider.slug),
    })),
    feedsSummary: feedsSummary(provider.slug, [...Object.keys(provider.kpis), ...Object.keys(provider.metrics ?? {})]),
  };
}

export const integrationRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/integrations',
    {
      config: { connectSession: true },
      schema: {
        tags: ['integrations'],
        summary: 'The catalog of integrations (a Connect session sees the ones it may connect)',
        response: { 200: z.object({ items: z.array(integrationSchema) }) },
      },
    },
    async (request) => {
      const session = request.principal.connectSession;
      return { items: deps.providers.list().filter((p) => !session || mayConnect(session, p.slug)).map(present) };
    },
  );

  app.get(
    '/v1/integrations/:slug',
    {
      config: { connectSession: true },
      schema: {
        tags: ['integrations'],
        summary: 'One integration: schemas and capabilities',
        params: z.object({ slug: z.string().max(100) }),
        response: { 200: integrationSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const provider = deps.providers.get(request.params.slug);
      const session = request.principal.connectSession;
      if (!provider || (session && !mayConnect(session, provider.slug))) throw notFound(`integration "${request.params.slug}"`);
      return present(provider);
    },
  );
};
