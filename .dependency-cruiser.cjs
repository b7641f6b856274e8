/**
 * The rooms of Onramp and the directions their imports may run (README, "Architecture").
 * `npm run lint` checks every import against these rules; a new import against the grain, or a
 * circle, fails `npm test`. bin/architecture.mjs draws the picture in the README from the same
 * cruise, so picture and rules cannot drift from the code.
 */

// From the ground up: a room may import its own floor's rooms only where a rule below says so,
// and the floors beneath it.
const rooms = {
  domain: 0, // the connection's rules and shapes: pure, imports nothing of ours
  db: 1, // Postgres: tables, migrations, repositories
  providers: 1, // one module per vendor, the registry, the shared HTTP client
  workflows: 2, // deterministic workflow code and the definitions both sides share
  platform: 3, // adapters: Temporal client and schedules, Postgres LISTEN, webhook sending, crypto
  activities: 4, // the worker's side effects, built over injected dependencies
  api: 4, // the Fastify app
  wiring: 5, // composition root, config, the worker process, telemetry: only entry points use it
  embedded: 5, // the embedded dev stack: npm run dev, the bench and tests, never production code
  bin: 6, // entry points
};
const names = Object.keys(rooms);
const above = (room) => names.filter((other) => rooms[other] > rooms[room]);
const beside = (room) => names.filter((other) => other !== room && rooms[other] === rooms[room]);
const anyOf = (list) => `^(${list.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other (even as types) cannot be understood, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      comment: 'domain/ is the ground floor: everything stands on it, it stands on nothing of ours, and on no package but zod.',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    ...names
      .filter((room) => room !== 'workflows')
      .map((room) => ({
        name: `${room}-imports-down-only`,
        severity: 'error',
        comment: `${room}/ may import the rooms beneath it, never one on its floor or above.`,
        from: { path: `^${room}/` },
        to: { path: anyOf([...above(room), ...beside(room)]) },
      })),
    {
      name: 'workflows-import-down-only',
      severity: 'error',
      comment:
        'Workflow code is bundled and replayed: it sees activities, providers and db only as types (proxyActivities<Activities>), and nothing of the rooms above.',
      from: { path: '^workflows/' },
      to: { path: anyOf([...above('workflows'), ...beside('workflows')]), pathNot: anyOf(['activities', 'providers', 'db']) },
    },
    {
      name: 'workflows-see-activities-as-types',
      severity: 'error',
      comment: 'Workflows reach activities, providers and db as types only: do I/O in an activity.',
      from: { path: '^workflows/' },
      to: { path: anyOf(['activities', 'providers', 'db']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-deterministic',
      severity: 'error',
      comment: 'Workflows must stay deterministic: no Node built-ins, no package but the Temporal SDK\'s workflow side. Do I/O in an activity.',
      from: { path: '^workflows/' },
      to: {
        pathNot: [anyOf(['workflows', 'domain', 'activities', 'providers', 'db']), '^node_modules/@temporalio/(workflow|common)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'only-definitions-leave-workflows',
      severity: 'error',
      comment:
        'Outside workflows/, only the shared definitions (ids, messages, failure types) are imported; workflow code runs in the worker\'s bundle alone.',
      from: { pathNot: '^(workflows|test|bench)/' },
      to: { path: '^workflows/', pathNot: '^workflows/(definitions|failures|index)\\.ts$' },
    },
    {
      name: 'pages-are-api-clients',
      severity: 'error',
      comment: 'The browser pages talk to the API over HTTP: they import their own code, the domain\'s plain shapes, and the API\'s schemas as types only.',
      from: { path: '^web/' },
      to: { pathNot: ['^web/', '^domain/', '^api/', '^node_modules/'] },
    },
    {
      name: 'pages-see-the-api-as-types',
      severity: 'error',
      comment: 'A value imported from api/ would bundle server code into the page.',
      from: { path: '^web/' },
      to: { path: '^api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-pages',
      severity: 'error',
      comment: 'web/ is built into web/dist and served as files.',
      from: { pathNot: '^(web|test)/' },
      to: { path: '^web/' },
    },
    {
      name: 'the-typed-client-stands-alone',
      severity: 'error',
      comment: 'client/ is copied into host backends: it imports only itself and openapi-fetch.',
      from: { path: '^client/' },
      to: { pathNot: ['^client/', '^node_modules/openapi-fetch/'] },
    },
    {
      name: 'nothing-imports-the-typed-client',
      severity: 'error',
      comment: 'client/ is for hosts talking to the API over HTTP (examples/ plays one, which bin/dev.ts starts); Onramp itself never needs it.',
      from: { pathNot: '^(client|examples|bin|test|bench)/' },
      to: { path: '^client/' },
    },
    {
      name: 'examples-are-hosts',
      severity: 'error',
      comment: 'examples/ plays a host product: it reaches Onramp over HTTP through client/, never its insides.',
      from: { path: '^examples/' },
      to: { pathNot: ['^examples/', '^client/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      from: { pathNot: '^(test|bench)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(web/dist|web/sdk/dist|\\.tools|\\.onramp|\\.build|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    skipAnalysisNotInRules: false,
  },
};
