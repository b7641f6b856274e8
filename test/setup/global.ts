import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { workflowsPath } from '../../wiring/compose.js';
import { startEmbeddedPostgres } from '../../embedded/postgres.js';
import { failureConverterPath } from '../../platform/payload-codec.js';
import { projectRoot } from '../../platform/project-root.js';
import { resolveTemporalCli } from '../../embedded/temporal-cli.js';
import { startTemporalDevServer } from '../../embedded/temporal-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Postgres URL whose database name is `{db}`: each test file makes its own. */
    postgresUrlTemplate: string;
    temporalAddress: string;
    /** The workflow bundle, built once per run. */
    workflowBundlePath: string;
  }
}

/** Starts the real servers the tests need, once, and stops them after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = join(projectRoot, '.test-data', `run-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const [postgres, temporal, bundle] = await Promise.all([
    startEmbeddedPostgres({ parentDir: dir, database: 'onramp_test', logFile: join(dir, 'postgres.log') }),
    resolveTemporalCli().then((cli) =>
      startTemporalDevServer({ cli, namespace: 'default', ui: false, logFile: join(dir, 'temporal.log') }),
    ),
    bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quietLogger }),
  ]);
  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('postgresUrlTemplate', postgres.urlFor('{db}'));
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await temporal.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
