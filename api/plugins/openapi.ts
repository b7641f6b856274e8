import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { documentComponents } from '../openapi/components.js';
import { documentRoute } from '../openapi/transform.js';
import { documentWebhooks } from '../openapi/webhooks.js';

/** Publishes every route's zod schemas as OpenAPI at /openapi.json, with Swagger UI at /docs. */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Onramp API',
          version: options.version,
          description: 'Durable onboarding and sync of third-party integrations. Errors are RFC 9457 problem+json.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
        // What Onramp POSTs to the tenant's webhook endpoints (OpenAPI 3.1).
        webhooks: documentWebhooks(),
      },
      transform: documentRoute,
      transformObject: documentComponents,
    });
    await app.register(async (docs) => {
      // Swagger UI takes no route config, and the docs are public: mark every route it adds.
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      // staticCSP: the docs page works under the Content-Security-Policy that helmet sets.
      await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true }, staticCSP: true });
    });
    app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  },
  { name: 'onramp-openapi' },
);
