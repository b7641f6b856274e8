import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { clientErrorHandler } from './client-errors.js';
import type { AppDeps } from './deps.js';
import { auditPlugin } from './plugins/audit.js';
import { drainPlugin } from './plugins/drain.js';
import { authPlugin } from './plugins/auth.js';
import { conflictRetryPlugin } from './plugins/conflict-retry.js';
import { consoleSessionPlugin } from './plugins/console-session.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { problemsPlugin, renderFrameworkError } from './plugins/problems.js';
import { securityHeaders, securityPlugin } from './plugins/security.js';
import { auditRoutes } from './routes/audit.js';
import { codecRoutes } from './routes/codec.js';
import { connectSessionRoutes } from './routes/connect-sessions.js';
import { connectionRoutes } from './routes/connections.js';
import { consoleRoutes } from './routes/console.js';
import { healthRoutes } from './routes/health.js';
import { integrationRoutes } from './routes/integrations.js';
import { kpiRoutes } from './routes/kpis.js';
import { oauthRoutes } from './routes/oauth.js';
import { pageRoutes } from './routes/pages.js';
import { onboardingRoutes } from './routes/onboarding.js';
import { progressStreamRoutes } from './routes/progress-stream.js';
import { syncRoutes } from './routes/sync.js';
import { providerCallRoutes } from './routes/provider-calls.js';
import { webhookRoutes } from './routes/webhooks.js';
import { tracingPlugin } from './plugins/tracing.js';
import type { Tracer } from '@opentelemetry/api';

export const API_VERSION = '0.1.0';

/** Fastify's trustProxy: a hop count trusts that many proxies nearest to the server, a list those addresses. */
const trustProxyOption = (trust: number | string[]) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

/** Builds the API without listening; bin/ listens, tests inject. */
export async function buildApp(
  deps: AppDeps,
  options: {
    logger?: FastifyServerOptions['logger'];
    /** Each API key's budget, and each client address's without a key (600). */
    requestsPerMinute?: number;
    /** Each Connect or console session's budget; the key budget when not given. */
    sessionRequestsPerMinute?: number;
    /** Which proxies' X-Forwarded-For to believe (ONRAMP_TRUST_PROXY): a hop count or addresses/CIDRs; none by default. */
    trustProxy?: number | string[];
    /** Sees every route as it is registered (tests enumerate them). */
    onRoute?: (route: RouteOptions) => void;
    /** Traces requests (wiring/tracing.ts); absent when no OTLP endpoint is configured. */
    tracer?: Tracer;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    clientErrorHandler: clientErrorHandler(securityHeaders()),
    frameworkErrors: renderFrameworkError,
    ...(options.trustProxy !== undefined ? { trustProxy: trustProxyOption(options.trustProxy) } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // Action routes (retry, sync) take no body; clients that still send a JSON content type with
  // nothing after it must not get a 400 for that.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // First, so every later hook and handler runs inside the request's span.
  if (options.tracer) await app.register(tracingPlugin, { tracer: options.tracer });
  await app.register(problemsPlugin);
  // Before any route: it wraps every handler registered after it.
  await app.register(conflictRetryPlugin);
  await app.register(drainPlugin);
  const requestsPerMinute = options.requestsPerMinute ?? 600;
  await app.register(securityPlugin, { requestsPerMinute, sessionRequestsPerMinute: options.sessionRequestsPerMinute ?? requestsPerMinute });
  await app.register(openapiPlugin, { version: API_VERSION });
  await app.register(metricsPlugin, { db: deps.db });
  // Before auth: it tells a dead console session apart from a missing key (its own comment says more).
  await app.register(consoleSessionPlugin, { db: deps.db, apiKeys: deps.apiKeys });
  await app.register(authPlugin, { apiKeys: deps.apiKeys, db: deps.db });
  await app.register(auditPlugin, { db: deps.db });

  await app.register(healthRoutes, { deps });
  await app.register(integrationRoutes, { deps });
  await app.register(connectionRoutes, { deps });
  await app.register(onboardingRoutes, { deps });
  await app.register(progressStreamRoutes, { deps });
  await app.register(connectSessionRoutes, { deps });
  await app.register(oauthRoutes, { deps });
  await app.register(syncRoutes, { deps });
  await app.register(providerCallRoutes, { deps });
  await app.register(kpiRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(webhookRoutes, { deps });
  await app.register(consoleRoutes, { deps });
  await app.register(codecRoutes, { deps, corsOrigins: deps.codecCorsOrigins });
  await app.register(pageRoutes, deps.pages);
  return app;
}
