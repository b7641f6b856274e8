import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { InvalidCursorError } from '../../db/cursor.js';
import { outageOf, ownPartNames } from '../../runtime/outages.js';
import { PayloadDecodeError } from '../../runtime/payload-codec.js';
import { ProblemError, problemBody, type FieldError } from '../problems.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
/** What a 503 tells the client to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/** The request-schema errors of a failed validation, as fields (`querystring.state`), or undefined for any other error. */
export function validationFieldErrors(error: unknown): FieldError[] | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const part = error.validationContext ?? 'body';
  return error.validation.map((v) => ({
    field: [part, ...v.instancePath.split('/').filter(Boolean)].join('.'),
    message: v.message ?? 'is invalid',
  }));
}

/** One error handler: everything leaves as problem+json; 5xx details stay in the log. */
export const problemsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setNotFoundHandler((request, reply) => {
      void reply
        .code(404)
        .type(PROBLEM_JSON)
        .send(problemBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, request.url));
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const instance = request.url.split('?')[0] ?? request.url;
      if (error instanceof ProblemError) {
        if (error.status >= 500) request.log.error({ err: error }, 'request failed');
        if (error.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return reply.code(error.status).type(PROBLEM_JSON).send(problemBody(error.kind, error.detail, instance, error.errors));
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
        return reply.code(status).type(PROBLEM_JSON).send({
          ...problemBody('validation', error.message, instance),
          status,
          title: status === 400 ? 'Invalid request' : error.code ?? 'Request error',
        });
      }
      const part = outageOf(error);
      if (part) {
        // Our own dependency is down: the client did nothing wrong and may simply try again.
        request.log.warn({ err: error, part }, 'infrastructure unavailable');
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .type(PROBLEM_JSON)
          .send(
            problemBody(
              'unavailable',
              `Onramp cannot reach ${ownPartNames[part]} right now; retry in ${RETRY_AFTER_SECONDS} seconds. If this lasts, the operators should check ${part}.`,
              instance,
            ),
          );
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .code(500)
        .type(PROBLEM_JSON)
        .send(problemBody('internal', `Something went wrong on our side; quote request id ${request.id} to support.`, instance));
    });
  },
  { name: 'onramp-problems' },
);
