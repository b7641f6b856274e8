/**
 * The one scrubber: removes every credential a request carried from text a vendor answered
 * (error bodies, `error_description`, messages) before any of it is kept in a message, and so in
 * `lastError`, the `events` outbox and its webhooks, Temporal history and logs. A vendor echoes a
 * secret in whatever encoding its answer uses, so each secret is matched in every spelling it
 * can come back in, even mixed within one value: as is, JSON-escaped (`\"`, `\\`, `\/`,
 * `\u00XX`), URL-encoded (`%2F` or `%2f`, `+` for a space), and URL-encoded JSON escapes. An id
 * and secret sent together in HTTP Basic also come back as the base64 of `id:secret` (raw, or
 * form-encoded first as RFC 6749 §2.3.1 asks), itself in any of those spellings.
 */
import { ProviderError } from './errors.js';

/** A secret, or a client id with its secret (HTTP Basic sends the base64 of `id:secret`). */
export type Secret = string | { id: string; secret: string };

const REDACTED = '[redacted]';
/** Shorter values are not scrubbed: they would censor ordinary words (`live`, `US`). */
const MIN_LENGTH = 4;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Hex digits in either case: `%2f` and `%2F`, `\u00e9` and `\u00E9`. */
const anyCaseHex = (hex: string) => [...hex].map((c) => (/[a-f]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => anyCaseHex(`%${byte.toString(16).padStart(2, '0')}`)).join('');
const urlEncoded = (text: string) => [escapeRegExp(text), percentEncoded(text), ...(text === ' ' ? ['\\+'] : [])];

/** Every way one character can be spelled, as regular-expression alternatives. */
function characterSpellings(char: string): string[] {
  const jsonEscapes = new Set<string>([JSON.stringify(char).slice(1, -1)]);
  if (char === '/') jsonEscapes.add('\\/');
  const code = char.codePointAt(0)!;
  // \uXXXX of the character (a pair of them beyond the BMP), as ASCII-only JSON writes it.
  const units = char.length === 1 ? [code] : [char.charCodeAt(0), char.charCodeAt(1)];
  jsonEscapes.add(units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join(''));
  const spellings = new Set<string>(urlEncoded(char));
  for (const escape of jsonEscapes) {
    spellings.add(escape === char ? escapeRegExp(char) : escape.startsWith('\\u') ? escapeRegExp('\\u') + anyCaseHex(escape.slice(2)) : escapeRegExp(escape));
    for (const encoded of urlEncoded(escape)) spellings.add(encoded);
  }
  // The \u escapes again with URL-encoded backslash and any-case hex (a JSON body inside a query string).
  spellings.add(percentEncoded('\\') + 'u' + anyCaseHex(units.map((u) => u.toString(16).padStart(4, '0')).join('')));
  return [...spellings];
}

const patternFor = (value: string) => [...value].map((char) => `(?:${characterSpellings(char).join('|')})`).join('');

const base64Forms = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=+$/, '')];
};
const formEncoded = (text: string) => new URLSearchParams({ x: text }).toString().slice(2);

/** The plain values one secret stands for: itself, or the base64 forms of an `id:secret` pair and the secret. */
function plainForms(secret: Secret): string[] {
  if (typeof secret === 'string') return [secret];
  return [
    secret.secret,
    ...base64Forms(`${secret.id}:${secret.secret}`),
    ...base64Forms(`${formEncoded(secret.id)}:${formEncoded(secret.secret)}`),
  ];
}

/** `text` with every spelling of every secret replaced by `[redacted]`. */
export function scrub(text: string, secrets: readonly Secret[]): string {
  const values = [...new Set(secrets.flatMap(plainForms))].filter((value) => value.length >= MIN_LENGTH);
  if (values.length === 0 || text.length === 0) return text;
  // Longest first, so a secret that contains another is removed whole.
  values.sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(values.map(patternFor).join('|'), 'g'), REDACTED);
}

/** Credential fields that hold a secret (`apiKey`, `apiToken`, `clientSecret`, `accessToken`, `password`…), not its kind or lifetime. */
const SECRET_FIELD = /key|token|secret|password|code|verifier/i;
const NOT_SECRET_FIELD = /type|expires|scope/i;
/** Fields that name who the secret belongs to, sent beside it in HTTP Basic. */
const ID_FIELD = /id$|user|email|account/i;

/**
 * The secrets in credentials (a connection's, a token set, an OAuth client: any objects, nested
 * too), found by field name, each also paired as a Basic `id:secret` with the ids beside it.
 */
export function credentialSecrets(...objects: unknown[]): Secret[] {
  const secrets: string[] = [];
  const ids: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [field, inner] of Object.entries(value)) {
      if (typeof inner !== 'string') walk(inner);
      else if (SECRET_FIELD.test(field) && !NOT_SECRET_FIELD.test(field)) secrets.push(inner);
      else if (ID_FIELD.test(field)) ids.push(inner);
    }
  };
  objects.forEach(walk);
  return [...secrets, ...secrets.flatMap((secret) => ids.map((id) => ({ id, secret })))];
}

/**
 * The same error with every secret scrubbed from its message, hint and stack: what a provider
 * call throws passes here before it becomes a Temporal failure, a log line or a `lastError`.
 */
export function scrubError(error: unknown, secrets: readonly Secret[]): unknown {
  if (error instanceof ProviderError) {
    const scrubbed = new ProviderError(error.kind, scrub(error.message, secrets), {
      hint: scrub(error.hint, secrets),
      ...(error.userMessage !== undefined ? { userMessage: scrub(error.userMessage, secrets) } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      retryable: error.retryable,
    });
    if (error.stack) scrubbed.stack = scrub(error.stack, secrets);
    return scrubbed;
  }
  if (error instanceof Error) {
    error.message = scrub(error.message, secrets);
    if (error.stack) error.stack = scrub(error.stack, secrets);
  }
  return error;
}
