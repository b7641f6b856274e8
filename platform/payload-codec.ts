import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS module: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';
import { keyIdOf } from './crypto.js';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;
const ENCODING = 'binary/encrypted';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload that cannot be opened: tampered, truncated, or sealed with a key this process lacks. */
export class PayloadDecodeError extends Error {
  override name = 'PayloadDecodeError';
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** The codec key is derived from a credentials key, so the two rotate together. */
export function payloadKeyFrom(credentialsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', credentialsKey, Buffer.alloc(0), 'onramp temporal payload codec', 32));
}

/**
 * AES-256-GCM over each whole payload (metadata included), so workflow inputs, update
 * arguments, activity results, failure details and (with the failure converter below) failure
 * messages and stack traces are ciphertext in Temporal's store. The key
 * id travels in the metadata; payloads without the marker (histories from before the codec)
 * pass through unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly key: Buffer, previousKeys: Buffer[] = []) {
    this.keyId = keyIdOf(key);
    this.keys = new Map([key, ...previousKeys].map((k) => [keyIdOf(k), k]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = PayloadMessage.encode(payload).finish();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { encoding: encoder.encode(ENCODING), 'encryption-key-id': encoder.encode(this.keyId) },
        data: Buffer.concat([iv, cipher.getAuthTag(), body]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload, index) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyId = decoder.decode(payload.metadata?.['encryption-key-id'] ?? new Uint8Array());
      const key = this.keys.get(keyId);
      if (!key) {
        throw new PayloadDecodeError(index, `cannot be decrypted: sealed with key ${keyId}, which this process does not have (add it to ONRAMP_PREVIOUS_CREDENTIALS_KEYS)`);
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
        decipher.setAuthTag(data.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
        return PayloadMessage.decode(plain);
      } catch {
        // Node's own messages ("Unsupported state or unable to authenticate data") say nothing useful.
        throw new PayloadDecodeError(index, 'cannot be decrypted: it was altered or truncated; send the payload exactly as Temporal stores it');
      }
    });
  }
}

/**
 * The failure converter (a CommonJS module: the SDK require()s it by path): failure messages and
 * stack traces become a payload, sealed by the codec like the rest. Every workflow bundle must be
 * built with it too (`bundleWorkflowCode({ failureConverterPath })`), or failures raised inside
 * workflows stay plain.
 */
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

const converters = new Map<string, DataConverter>();

/** One data converter per key set, shared by the worker, the client and tests. */
export function dataConverterFor(credentialsKey: Buffer, previousKeys: Buffer[] = []): DataConverter {
  const payloadKey = payloadKeyFrom(credentialsKey);
  const previous = previousKeys.map(payloadKeyFrom);
  const id = [payloadKey, ...previous].map(keyIdOf).join(',');
  let converter = converters.get(id);
  if (!converter) {
    converter = { payloadCodecs: [new AesGcmPayloadCodec(payloadKey, previous)], failureConverterPath };
    converters.set(id, converter);
  }
  return converter;
}
