import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.History;
const { History } = temporal.api.history.v1;
import { projectRoot } from '../../platform/project-root.js';

export const historiesDir = join(projectRoot, 'test', 'histories');

/**
 * With ONRAMP_CAPTURE_HISTORIES=1 the end-to-end tests record the histories of the workflows
 * they ran into test/histories/, for the replay test to guard. Re-capture only when adding a
 * path; old files stay, so today's code keeps proving it can replay yesterday's runs.
 */
export async function captureHistory(client: Client, name: string, workflowId: string, runId?: string): Promise<void> {
  if (process.env.ONRAMP_CAPTURE_HISTORIES !== '1') return;
  const file = join(historiesDir, `${name}.json`);
  // Never replace a recorded history: it stands for runs that may still be in flight.
  if (existsSync(file)) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  // protobufjs's own JSON (enums and int64 as strings, bytes as base64), read back by fromObject.
  await writeFile(file, JSON.stringify(History.fromObject(history).toJSON(), null, 1) + '\n');
}

export async function loadHistories(): Promise<{ workflowId: string; history: History }[]> {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: History.fromObject(JSON.parse(await readFile(join(historiesDir, file), 'utf8'))),
    })),
  );
}
