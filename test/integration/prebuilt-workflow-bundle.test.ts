import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../../wiring/compose.js';
import { projectRoot } from '../../platform/project-root.js';
import { buildPrebuiltBundle, FAILURE_CONVERTER_SOURCE, installedWorkflowSdkVersion, staleness } from '../../wiring/prebuilt-workflow-bundle.js';

const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined };

describe('npm run build:workflows', () => {
  let out: string | undefined;
  afterAll(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

  it('bundles every workflow module and records what it was built from, so a worker can tell it is current', async () => {
    out = await mkdtemp(join(tmpdir(), 'onramp-prebuilt-'));
    const files = { root: projectRoot, code: join(out, 'bundle.js'), manifest: join(out, 'bundle.json') };
    const manifest = await buildPrebuiltBundle(files, workflowsPath, quiet);
    const workflowFiles = (await readdir(join(projectRoot, 'workflows'))).filter((f) => f.endsWith('.ts')).map((f) => `workflows/${f}`);
    const sources = Object.keys(manifest.sources).sort();
    expect(sources.filter((path) => path.startsWith('workflows/'))).toEqual(workflowFiles.sort());
    // Beside workflow code, only the pure domain rules it uses (the one room whose values workflows may
    // import) and the failure converter that seals the failures workflows raise.
    expect(sources.filter((path) => !path.startsWith('workflows/'))).toEqual(['domain/periods.ts', FAILURE_CONVERTER_SOURCE].sort());
    expect(manifest.sdkVersion).toBe(installedWorkflowSdkVersion());
    expect(await staleness(files)).toBeNull();
  }, 120_000);
});
