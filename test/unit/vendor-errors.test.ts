import { describe, expect, it } from 'vitest';
import { describeVendorAnswer, parseVendorError } from '../../providers/vendor-errors.js';

describe("vendors' error bodies", () => {
  it("reads PayPal's name, message, debug id, issue and its result-set numbers", () => {
    const body = JSON.stringify({
      name: 'RESULTSET_TOO_LARGE',
      message: 'Result set size is greater than the maximum limit. Change the filter criteria and try again.',
      debug_id: 'f00dbeef12345',
      total_items: 13_412,
      maximum_items: 10_000,
      links: [],
    });
    const error = parseVendorError(400, body);
    expect(error).toMatchObject({ code: 'RESULTSET_TOO_LARGE', requestId: 'f00dbeef12345', numbers: { total_items: 13_412, maximum_items: 10_000 } });
    // The whole message, never the JSON cut mid-number.
    expect(describeVendorAnswer('PayPal', error)).toBe(
      'PayPal answered 400 RESULTSET_TOO_LARGE: Result set size is greater than the maximum limit. Change the filter criteria and try again. (debug id f00dbeef12345)',
    );
    const denied = parseVendorError(403, JSON.stringify({ name: 'NOT_AUTHORIZED', message: 'Authorization failed.', details: [{ issue: 'PERMISSION_DENIED' }] }));
    expect(describeVendorAnswer('PayPal', denied)).toBe('PayPal answered 403 NOT_AUTHORIZED (PERMISSION_DENIED): Authorization failed.');
  });

  it("reads every Cloudflare error code", () => {
    const error = parseVendorError(403, JSON.stringify({ success: false, errors: [{ code: 9109, message: 'Unauthorized to access requested resource' }, { code: 10000, message: 'Authentication error' }], messages: [], result: null }));
    expect(error).toMatchObject({ code: '9109', codes: ['9109', '10000'], message: 'Unauthorized to access requested resource' });
  });

  it("reads Google's status and the reasons and metadata of its details", () => {
    const error = parseVendorError(
      403,
      JSON.stringify({
        error: {
          code: 403,
          message: 'Google Analytics Data API has not been used in project 123456 before or it is disabled.',
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'SERVICE_DISABLED',
              domain: 'googleapis.com',
              metadata: { consumer: 'projects/123456', service: 'analyticsdata.googleapis.com' },
            },
          ],
        },
      }),
    );
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', codes: ['PERMISSION_DENIED', 'SERVICE_DISABLED'] });
    expect(error.info).toEqual([{ reason: 'SERVICE_DISABLED', metadata: { consumer: 'projects/123456', service: 'analyticsdata.googleapis.com' } }]);
  });

  it('reads OAuth token errors (NinjaOne, Google, PayPal token endpoints) and plain text', () => {
    expect(parseVendorError(400, JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }))).toMatchObject({
      code: 'invalid_client',
      message: 'Client authentication failed',
    });
    expect(parseVendorError(502, '<html> Bad   gateway </html>')).toMatchObject({ code: null, message: '<html> Bad gateway </html>' });
    expect(describeVendorAnswer('NinjaOne', parseVendorError(503, ''))).toBe('NinjaOne answered 503');
  });
});
