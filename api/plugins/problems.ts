import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { InvalidCursorError } from '../../db/cursor.js';
import { isTransactionConflict, outageOf, ownPartNames } from '../../platform/outages.js';
import { PayloadDecodeError } from '../../platform/payload-codec.js';
import { ProblemError, problemBody, type FieldError, type ProblemKind } from '../problems.js';
import { collectRouteMethods } from '../route-methods.js';
import { CONFLICT_ATTEMPTS } from './conflict-retry.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
/** What a 503 tells the client to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
/** A conflict between two transactions is over as soon as one of them commits. */
const CONFLICT_RETRY_AFTER_SECONDS = 1;

/** The request-schema errors of a failed validation, as fields (`querystring.state`), or undefined for any other error. */
export function validationFieldErrors(error: unknown): FieldError[] | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const part = error.validationContext ?? 'body';
  return error.validation.map((v) => ({
    field: [part, ...v.instancePath.split('/').filter(Boolean)].join('.'),
    message: v.message ?? 'is invalid',
  }));
}

/** A 5xx says nothing of the cause (that is in the log), only how to find it there. */
const internalProblem = (request: FastifyRequest, instance: string) =>
  problemBody('internal', `Something went wrong on our side; quote request id ${request.id} to support.`, instance);

/**
 * Fastify's `frameworkErrors`: a URL the router cannot take (bad escapes, a path segment over
 * `maxParamLength`) is refused before any route runs, by default as a bare 400 or 414 JSON body.
 * It is the caller's bad input like any other: a 400 problem, which every route with a
 * parameter documents.
 */
export function renderFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const instance = request.url.split('?')[0] ?? request.url;
  const detail = {
    FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is longer than any this API accepts',
    FST_ERR_BAD_URL: 'the URL is not valid (bad percent-encoding?)',
  }[error.code];
  if (!detail) {
    request.log.error({ err: error }, 'router error');
    return void reply.code(500).type(PROBLEM_JSON).send(internalProblem(request, instance));
  }
  void reply.code(400).type(PROBLEM_JSON).send(problemBody('validation', detail, instance, [{ field: 'params', message: detail }]));
}

/** Fastify's own refusals of a body, in the API's words (its messages name internal codes). */
const frameworkProblems: Record<number, { kind: ProblemKind; detail: (request: FastifyRequest) => string }> = {
  413: { kind: 'payload_too_large', detail: () => 'The body is larger than the 256 KiB this API accepts; send less (config and credentials are small).' },
  415: {
    kind: 'unsupported_media_type',
    detail: (request) =>
      `The body's content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted: send application/json, or no body at all where the operation takes none.`,
  },
};

/** One error handler: everything leaves as problem+json; 5xx details stay in the log. */
export const problemsPlugin = fp(
  async (app: FastifyInstance) => {
    const methodsOf = collectRouteMethods(app);
    function noRoute(request: FastifyRequest, reply: FastifyReply) {
      const path = request.url.split('?')[0] ?? request.url;
      const allowed = methodsOf(path);
      // A route that matched and then found nothing (a file under /assets/) is a plain 404 too.
      if (allowed.length === 0 || allowed.includes(request.method)) {
        return reply.code(404).type(PROBLEM_JSON).send(problemBody('not_found', `no route ${request.method} ${path}`, path));
      }
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .type(PROBLEM_JSON)
        .send(problemBody('method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}`, path));
    }
    app.setNotFoundHandler(noRoute);

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const instance = request.url.split('?')[0] ?? request.url;
      // A body that cannot be parsed for a route that does not exist: the route is the problem.
      if (request.is404) return noRoute(request, reply);
      if (error instanceof ProblemError) {
        if (error.status >= 500) request.log.error({ err: error }, 'request failed');
        if (error.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return reply.code(error.status).type(PROBLEM_JSON).send(problemBody(error.kind, error.detail, instance, error.errors, error.failure));
      }
      const errors = validationFieldErrors(error);
      if (errors) {
        const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        return reply.code(400).type(PROBLEM_JSON).send(problemBody('validation', detail, instance, errors));
      }
      if (error instanceof PayloadDecodeError) {
        const field = `body.payloads.${error.index}`;
        return reply
          .code(400)
          .type(PROBLEM_JSON)
          .send(problemBody('validation', `${field}: ${error.message}`, instance, [{ field, message: error.message }]));
      }
      if (error instanceof InvalidCursorError) {
        return reply
          .code(400)
          .type(PROBLEM_JSON)
          .send(problemBody('validation', error.message, instance, [{ field: 'querystring.cursor', message: error.message }]));
      }
      // Fastify's own 4xx (malformed JSON, wrong content type, body too large) are the caller's to fix.
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
        const kind = frameworkProblems[status];
        if (kind) return reply.code(status).type(PROBLEM_JSON).send(problemBody(kind.kind, kind.detail(request), instance));
        return reply.code(status).type(PROBLEM_JSON).send({
          ...problemBody('validation', error.message, instance),
          status,
          title: status === 400 ? 'Invalid request' : 'Request error',
        });
      }
      const unavailable = (retryAfterSeconds: number, detail: string) =>
        reply.code(503).header('retry-after', String(retryAfterSeconds)).type(PROBLEM_JSON).send(problemBody('unavailable', detail, instance));
      const part = outageOf(error);
      if (part) {
        // Our own dependency is down: the client did nothing wrong and may simply try again.
        request.log.warn({ err: error, part }, 'infrastructure unavailable');
        return unavailable(
          RETRY_AFTER_SECONDS,
          `Onramp cannot reach ${ownPartNames[part]} right now; retry in ${RETRY_AFTER_SECONDS} seconds. If this lasts, the operators should check ${part}.`,
        );
      }
      if (isTransactionConflict(error)) {
        // Ran CONFLICT_ATTEMPTS times (plugins/conflict-retry.ts) and lost each time: busy, not broken.
        request.log.warn({ err: error }, 'transaction conflict outlasted the retries');
        return unavailable(
          CONFLICT_RETRY_AFTER_SECONDS,
          `Other changes to the same data kept colliding with this request (Postgres aborted it ${CONFLICT_ATTEMPTS} times as a deadlock or serialization conflict) and it was rolled back; send it again in ${CONFLICT_RETRY_AFTER_SECONDS} second.`,
        );
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).type(PROBLEM_JSON).send(internalProblem(request, instance));
    });
  },
  { name: 'onramp-problems' },
);
