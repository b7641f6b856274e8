import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Envelope for secrets at rest: AES-256-GCM with a fresh 96-bit IV per value.
 * Format: `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id lets a later
 * rotation tell which key sealed a value without trying them all.
 */
export interface SecretBox {
  readonly keyId: string;
  seal(value: unknown): string;
  open<T = unknown>(sealed: string): T;
  /** The key id a sealed value names (no decryption). */
  keyIdOfSealed(sealed: string): string | undefined;
  /** Keyed hash for values we must compare but never store (idempotency bodies). */
  fingerprint(value: string): string;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * `key` seals; `previousKeys` (older keys during a rotation) still open what they sealed, chosen
 * by the key id in the envelope.
 */
export function createSecretBox(key: Buffer, previousKeys: Buffer[] = []): SecretBox {
  for (const k of [key, ...previousKeys]) {
    if (k.length !== 32) throw new SecretBoxError('credentials keys must be 32 bytes');
  }
  const keyId = keyIdOf(key);
  const openers = new Map([key, ...previousKeys].map((k) => [keyIdOf(k), k]));
  return {
    keyId,
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(keyId));
      const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return ['v1', keyId, iv, cipher.getAuthTag(), ct]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join(':');
    },
    open<T>(sealed: string): T {
      const [version, kid, iv, tag, ct] = sealed.split(':');
      if (version !== 'v1' || !kid || !iv || !tag || ct === undefined) {
        throw new SecretBoxError('sealed value is malformed');
      }
      const opener = openers.get(kid);
      if (!opener) {
        throw new SecretBoxError(`sealed with key ${kid}, which is not configured (current key ${keyId}); add it to ONRAMP_PREVIOUS_CREDENTIALS_KEYS`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', opener, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(kid));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as T;
      } catch {
        // Never echo the payload: it is a secret.
        throw new SecretBoxError('sealed value failed authentication (wrong key or tampered data)');
      }
    },
    keyIdOfSealed(sealed) {
      return sealed.split(':')[1];
    },
    fingerprint(value) {
      return createHmac('sha256', key).update(value).digest('base64url');
    },
  };
}
