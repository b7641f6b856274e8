import { describe, expect, it } from 'vitest';
import { pathTemplate, startCall, vendorError, withCallLog, type ProviderCall } from '../../providers/call-log.js';

describe('the vendor call log\'s pure parts', () => {
  it('writes ids in a path as {id}, keeping the words', () => {
    expect(pathTemplate('/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/analytics')).toBe('/client/v4/zones/{id}/analytics');
    expect(pathTemplate('/v1beta/properties/123456789:runReport')).toBe('/v1beta/properties/{id}:runReport');
    expect(pathTemplate('/v2/organizations/42/devices')).toBe('/v2/organizations/{id}/devices');
    expect(pathTemplate('/v1/reporting/transactions')).toBe('/v1/reporting/transactions');
    expect(pathTemplate('/v1/items/5f0c2a5e-8d1b-4c8e-9a57-0b0f1e2d3c4b')).toBe('/v1/items/{id}');
  });

  it('reads the vendor\'s code and message from the error bodies vendors send', () => {
    expect(vendorError(JSON.stringify({ name: 'NOT_AUTHORIZED', message: 'Authorization failed.', debug_id: 'abc', details: [{ issue: 'PERMISSION_DENIED' }] }))).toEqual({
      code: 'NOT_AUTHORIZED/PERMISSION_DENIED',
      message: 'Authorization failed.',
    });
    expect(vendorError(JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] }))).toEqual({ code: '10000', message: 'Authentication error' });
    expect(vendorError(JSON.stringify({ error: { code: 403, message: 'User does not have sufficient permissions', status: 'PERMISSION_DENIED' } }))).toEqual({
      code: 'PERMISSION_DENIED',
      message: 'User does not have sufficient permissions',
    });
    expect(vendorError(JSON.stringify({ error: 'invalid_client', error_description: 'Bad client credentials' }))).toEqual({ code: 'invalid_client', message: 'Bad client credentials' });
    expect(vendorError('<html>Bad   gateway</html>')).toEqual({ code: null, message: '<html>Bad gateway</html>' });
    expect(vendorError('')).toEqual({ code: null, message: null });
  });

  it('notes a call into the log of the work that made it, with query names but never their values', async () => {
    const calls: ProviderCall[] = [];
    await withCallLog(calls, async () => {
      const call = startCall('https://api.example.test/v1/things/123?token=s3cret&from=2026-01-01', 'GET');
      call.note({ response: new Response('{"code":"nope","message":"No."}', { status: 429, headers: { 'cf-ray': '8a1b-AMS', 'retry-after': '2' } }), body: '{"code":"nope","message":"No."}', retryAfterMs: 2000 });
    });
    // Outside any log nothing is noted.
    startCall('https://api.example.test/x', 'GET').note({ failure: 'no answer' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', host: 'api.example.test', path: '/v1/things/{id}', queryKeys: ['token', 'from'], status: 429, retryAfterMs: 2000, errorCode: 'nope', errorMessage: 'No.', requestIds: { 'cf-ray': '8a1b-AMS' } });
    expect(JSON.stringify(calls)).not.toContain('s3cret');
  });
});
