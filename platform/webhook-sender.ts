import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { assertPublicAddress, NonPublicAddressError, publicOnlyLookup } from './public-address.js';

/** At most this much of a receiver's answer is kept (the delivery log shows it). */
export const RESPONSE_EXCERPT_BYTES = 1024;
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

export interface WebhookMessage {
  url: string;
  /** The event id: receivers deduplicate on it (`webhook-id`). */
  id: string;
  /** The JSON body, exactly as signed. */
  body: string;
  /** `whsec_…` secrets; each signs, so a receiver holding either verifies during a rotation. */
  secrets: string[];
  at: Date;
}

/** How one attempt went: data, never an exception (its outcome is recorded, not retried by Temporal). */
export interface AttemptOutcome {
  outcome: 'delivered' | 'gone' | 'failed';
  statusCode: number | null;
  /** Why it failed and what the receiver's owner can do; null when delivered. */
  error: string | null;
  excerpt: string | null;
}

export interface WebhookSender {
  send(message: WebhookMessage): Promise<AttemptOutcome>;
  close(): Promise<void>;
}

/** Standard Webhooks headers: one `v1,…` signature per secret, space-separated as the spec allows. */
export function signedHeaders(message: WebhookMessage, signerFor = (secret: string) => new Webhook(secret)): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Onramp-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.at.getTime() / 1000)),
    'webhook-signature': message.secrets.map((secret) => signerFor(secret).sign(message.id, message.at, message.body)).join(' '),
  };
}

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    // Whatever the receiver sends beyond the excerpt is not read (nor kept).
    if (size >= RESPONSE_EXCERPT_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
}

function describeError(error: unknown, timeoutMs: number): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof NonPublicAddressError) {
    return `${cause.message}: webhooks reach public addresses only (set ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS=true for local receivers in development)`;
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s: answer 2xx at once and do the work afterwards`;
  }
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `could not reach the endpoint (${code ?? message}): check that the URL is right and the receiver is up`;
}

function failureFor(statusCode: number, headers: Record<string, string | string[] | undefined>): string {
  if (statusCode >= 300 && statusCode < 400) {
    return `the receiver answered ${statusCode} (redirect to ${String(headers.location ?? 'nowhere')}): redirects are not followed; register the final URL`;
  }
  return `the receiver answered ${statusCode}: only a 2xx counts as delivered`;
}

/**
 * POSTs signed events. With `allowPrivateUrls` false (production), every connection goes through a
 * lookup that refuses non-public addresses; keep-alive connections are pooled per origin.
 */
export function createWebhookSender(options: { allowPrivateUrls: boolean; timeoutMs?: number }): WebhookSender {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const agent = new Agent({
    ...(options.allowPrivateUrls ? {} : { connect: { lookup: publicOnlyLookup } }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // Decoding a secret costs more than signing a small body: keep the few in use (per sender).
  const signers = new Map<string, Webhook>();
  const signerFor = (secret: string) => {
    let signer = signers.get(secret);
    if (!signer) {
      if (signers.size >= 1_000) signers.clear();
      signer = new Webhook(secret);
      signers.set(secret, signer);
    }
    return signer;
  };
  return {
    async send(message) {
      try {
        const { hostname } = new URL(message.url);
        const literal = hostname.replace(/^\[|\]$/g, '');
        if (!options.allowPrivateUrls && isIP(literal)) assertPublicAddress(literal);
        const response = await request(message.url, {
          method: 'POST',
          dispatcher: agent,
          headers: signedHeaders(message, signerFor),
          body: message.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const excerpt = await readExcerpt(response.body);
        const { statusCode } = response;
        if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', statusCode, error: null, excerpt };
        if (statusCode === 410) {
          return { outcome: 'gone', statusCode, error: 'the receiver answered 410 Gone: the endpoint is disabled; re-enable it once it takes events again', excerpt };
        }
        return { outcome: 'failed', statusCode, error: failureFor(statusCode, response.headers), excerpt };
      } catch (error) {
        return { outcome: 'failed', statusCode: null, error: describeError(error, timeoutMs), excerpt: null };
      }
    },
    close: () => agent.close(),
  };
}
