import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * A server span per request, the parent of whatever the request starts (a workflow start carries
 * it into Temporal). The rest of the request runs inside the span's context: `done` is called
 * within `context.with`, and Fastify runs the later hooks and the handler from there. A caller's
 * `traceparent` header makes the span its child. Registered only when tracing is configured.
 */
export const tracingPlugin = fp(
  async (app: FastifyInstance, options: { tracer: Tracer }) => {
    const spans = new WeakMap<object, Span>();
    app.addHook('onRequest', (request, _reply, done) => {
      const parent = propagation.extract(context.active(), request.headers);
      // The route pattern, never the raw URL: ids would make every span name unique, and query
      // strings can carry secrets (the OAuth callback's code).
      const route = request.routeOptions.url ?? 'unmatched';
      const span = options.tracer.startSpan(
        `${request.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
        parent,
      );
      spans.set(request, span);
      context.with(trace.setSpan(parent, span), done);
    });
    app.addHook('onResponse', async (request, reply) => {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  },
  { name: 'onramp-tracing' },
);
