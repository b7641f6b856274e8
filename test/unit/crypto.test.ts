import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../../platform/crypto.js';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips a value and never shows it in the sealed text', () => {
    const sealed = box.seal({ apiKey: 'sk_live_very_secret' });
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain('sk_live_very_secret');
    expect(Buffer.from(sealed.split(':')[4] ?? '', 'base64url').toString()).not.toContain('secret');
    expect(box.open(sealed)).toEqual({ apiKey: 'sk_live_very_secret' });
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses tampered data and other keys', () => {
    const sealed = box.seal('value');
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[4] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow(SecretBoxError);
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(/not configured .*ONRAMP_PREVIOUS_CREDENTIALS_KEYS/);
  });
});
