import { createRequire } from 'node:module';
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Context as ActivityContext } from '@temporalio/activity';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { redactUrl } from './logging.js';

/**
 * OpenTelemetry traces, only when an OTLP endpoint is configured: then one trace runs from the
 * API's request span through the workflow it starts (Temporal headers carry the context), its
 * activities and the provider's HTTP calls (undici, i.e. fetch). Without an endpoint nothing
 * here runs and the OpenTelemetry API stays a no-op.
 */
export interface Tracing {
  tracer: Tracer;
  /** Workflow spans are recorded inside the sandbox and leave it through a sink into this. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

export function startTracing(options: { serviceName: string; otlpEndpoint: string | undefined }): Tracing | undefined {
  if (!options.otlpEndpoint) return undefined;
  const resource = new Resource({ 'service.name': options.serviceName });
  // Batching (OTEL_BSP_* variables tune it) keeps export off the request's path.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global on purpose: the SDK's interceptors and the undici instrumentation find it there.
  provider.register();
  const fetches = new UndiciInstrumentation({
    // Provider calls happen inside an activity's span; a fetch outside any (the worker's own
    // metrics scrape of the core exporter) is not worth a trace of its own.
    requireParentforSpans: true,
    // Censored as in the logs: a provider URL may carry a key or token in its query.
    requestHook: (span, request) => {
      const url = new URL(request.path, request.origin);
      span.setAttribute('url.full', redactUrl(url.toString()));
      span.setAttribute('url.query', redactUrl(url.search));
    },
  });
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [fetches] });
  return {
    tracer: provider.getTracer('onramp'),
    spanProcessor,
    resource,
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}

/** The Temporal client's half: starting a workflow carries the caller's span in its headers. */
export const tracingClientInterceptors = () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] });

/** The workflow half, which must be bundled with the workflows (see createOnrampWorker). */
export const tracingWorkflowInterceptorModule = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** The worker's half: activities continue the workflow's trace; workflow spans leave the sandbox through the sink. */
export const tracingWorkerOptions = (tracing: Pick<Tracing, 'spanProcessor' | 'resource'>) => ({
  interceptors: {
    activity: [(ctx: ActivityContext) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
  },
  sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
});
