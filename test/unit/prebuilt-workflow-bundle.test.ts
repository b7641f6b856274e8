import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledProjectModules, FAILURE_CONVERTER_SOURCE, prebuiltBundleFiles, staleness, type PrebuiltBundleFiles } from '../../wiring/prebuilt-workflow-bundle.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('prebuilt workflow bundle: used only while it matches the sources and the SDK', () => {
  let root: string;
  let files: PrebuiltBundleFiles;
  const source = 'export async function syncWorkflow() {}\n';
  const converter = 'exports.failureConverter = {};\n';

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'onramp-bundle-'));
    files = prebuiltBundleFiles(root);
    await mkdir(join(root, 'workflows'));
    await mkdir(join(root, '.build'));
    await writeFile(join(root, 'workflows', 'sync.ts'), source);
    await mkdir(join(root, FAILURE_CONVERTER_SOURCE, '..'), { recursive: true });
    await writeFile(join(root, FAILURE_CONVERTER_SOURCE), converter);
    await writeFile(files.code, '/* bundle */');
    await writeFile(files.manifest, JSON.stringify({ sdkVersion: '1.24.0', sources: { 'workflows/sync.ts': sha256(source), [FAILURE_CONVERTER_SOURCE]: sha256(converter) } }));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is fresh when every bundled source and the SDK version are as built', async () => {
    expect(await staleness(files, '1.24.0')).toBeNull();
  });

  it('is stale once a bundled source changes, and says which', async () => {
    await writeFile(join(root, 'workflows', 'sync.ts'), source + 'export const x = 1;\n');
    expect(await staleness(files, '1.24.0')).toBe('workflows/sync.ts changed since it was built');
  });

  it('is stale once a bundled source is gone, or the SDK is another version', async () => {
    expect(await staleness(files, '1.25.0')).toBe('it was built with @temporalio/workflow 1.24.0, 1.25.0 is installed');
    await rm(join(root, 'workflows', 'sync.ts'));
    expect(await staleness(files, '1.24.0')).toBe('workflows/sync.ts changed since it was built');
  });

  it('is stale when built without the failure converter: its workflows would leave failure messages unsealed', async () => {
    await writeFile(files.manifest, JSON.stringify({ sdkVersion: '1.24.0', sources: { 'workflows/sync.ts': sha256(source) } }));
    expect(await staleness(files, '1.24.0')).toBe('it was built without the failure converter that seals failure messages');
  });

  it('is missing without a manifest, with an empty code file, or with a manifest that is not one', async () => {
    await writeFile(files.code, '');
    expect(await staleness(files, '1.24.0')).toBe('there is no prebuilt bundle');
    await writeFile(files.code, '/* bundle */');
    await writeFile(files.manifest, '{"sources": 3}');
    expect(await staleness(files, '1.24.0')).toBe('there is no prebuilt bundle');
    await rm(files.manifest);
    expect(await staleness(files, '1.24.0')).toBe('there is no prebuilt bundle');
  });

  it("lists the project's modules webpack put in a bundle, not the packages", () => {
    const code = ['/***/ "./workflows/sync.ts"', '/***/ (function() {}),', '/***/ "./node_modules/@temporalio/workflow/lib/index.js"', '/***/ "?31ff"', '/***/ "./workflows/definitions.ts":'].join('\n');
    expect(bundledProjectModules(code)).toEqual(['./workflows/definitions.ts', './workflows/sync.ts']);
  });
});
