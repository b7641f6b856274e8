import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createWorkerLogger } from '../../wiring/worker-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
      done();
    },
  });
  return { lines, stream };
}

describe('worker JSON logs', () => {
  it('censors secrets at the top level and one level down, as the API does', () => {
    const { lines, stream } = capture();
    const { sdk } = createWorkerLogger('info', stream);
    sdk.info('activity input', { apiKey: 'top-secret', input: { accessToken: 'tok-1', refresh_token: 'tok-2', site: 'shop' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'activity input', apiKey: '[redacted]', input: { accessToken: '[redacted]', refresh_token: '[redacted]', site: 'shop' } });
    expect(JSON.stringify(lines)).not.toMatch(/top-secret|tok-1|tok-2/);
  });

  it("maps the SDK's levels and keeps errors readable", () => {
    const { lines, stream } = capture();
    const { sdk } = createWorkerLogger('info', stream);
    sdk.debug('dropped below the level');
    sdk.log('WARN', 'activity failed', { error: new Error('provider said no') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'activity failed', error: { type: 'Error', message: 'provider said no' } });
  });
});
