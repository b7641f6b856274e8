import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problemBody, type ProblemKind } from './problems.js';

const refusals: Record<string, { kind: ProblemKind; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    kind: 'headers_too_large',
    detail: `The request headers exceed ${maxHeaderSize} bytes in all; send a shorter Authorization header (an API key is under 200 characters) and fewer or smaller cookies.`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: { kind: 'request_timeout', detail: 'The request did not arrive in time; send it again.' },
};
const malformed = { kind: 'validation', detail: 'The request is not valid HTTP/1.1; check the client or proxy that sent it.' } as const;

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses some requests (headers too large,
 * malformed, too slow) before Fastify sees them, so no hook runs. They still get problem+json
 * and the security headers every other answer carries.
 */
export function clientErrorHandler(headers: Record<string, string>) {
  const fixed = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { kind, detail } = refusals[error.code ?? ''] ?? malformed;
    const problem = problemBody(kind, detail, undefined);
    const body = JSON.stringify(problem);
    this.log.debug({ code: error.code, status: problem.status }, 'request refused by the HTTP parser');
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${fixed}` +
          `content-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
