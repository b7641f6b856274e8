// Temporal's failure converter for Onramp (platform/payload-codec.ts names it in every data
// converter and workflow bundle): failure messages and stack traces travel as an encoded payload,
// which the payload codec seals like every other, instead of as plain text in the history.
// CommonJS, because the SDK require()s it by path in workers and clients, and bundles it into
// the workflow code; histories whose failures are plain text still decode as before.
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
