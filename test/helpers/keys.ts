/**
 * The credentials key of test stacks: fixed (and worthless outside tests) so that histories
 * recorded by tests, whose payloads it seals, can be replayed by later runs.
 */
export const TEST_CREDENTIALS_KEY = Buffer.from('onramp-test-credentials-key-0001', 'utf8');
