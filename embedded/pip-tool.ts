import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../platform/project-root.js';

const run = promisify(execFile);

/** Where a pinned Python tool lives: `.tools/<name>-<version>` in the checkout. */
export const toolDir = (name: string, version: string) => join(projectRoot, '.tools', `${name}-${version}`);

/**
 * Installs a pinned package from the Python registry into `dir` (pip --target) unless it is
 * there already. pip writes into a scratch folder that is renamed into place only when complete,
 * so a run killed half-way never leaves a folder that looks installed.
 */
export async function installPipTool(dir: string, requirement: string, options: { withDeps: boolean }): Promise<void> {
  if (existsSync(dir)) return;
  const scratch = `${dir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await run(
    'python3',
    [
      '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
      ...(options.withDeps ? [] : ['--no-deps']),
      '--target', scratch, requirement,
    ],
    { env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' }, maxBuffer: 16 * 1024 * 1024 },
  );
  // Another process may have finished the same install meanwhile: theirs is as good as ours.
  if (existsSync(dir)) return void (await rm(scratch, { recursive: true, force: true }));
  await rename(scratch, dir);
}
