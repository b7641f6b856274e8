/**
 * A child process with one behaviour, for the tests of embedded/processes.ts:
 * `ready` prints a line and serves until stopped, `fail` complains and exits with code 3,
 * `silent` never gets ready, `stubborn` gets ready but ignores SIGTERM.
 */
const mode = process.argv[2];
// Never outlives a test run whose runner died before it could stop us.
const serve = () => setTimeout(() => process.exit(0), 120_000);

switch (mode) {
  case 'ready':
    console.log('ready');
    serve();
    break;
  case 'fail':
    console.log('starting');
    console.error('config is missing: set FIXTURE_CONFIG');
    process.exit(3);
    break;
  case 'silent':
    serve();
    break;
  case 'stubborn':
    process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
    console.log('ready');
    serve();
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
