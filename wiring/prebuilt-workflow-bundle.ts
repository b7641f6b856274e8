import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from '@temporalio/common';
import { z } from 'zod';
import { failureConverterPath } from '../platform/payload-codec.js';
import { projectRoot } from '../platform/project-root.js';

/**
 * The workflow bundle built ahead of time (`npm run build:workflows`, the Docker image's build),
 * as Temporal advises for production: a worker that bundles at start runs webpack in its own
 * process, which left about 85 MB of RSS behind for its life (issue 12: a worker within 400 MB),
 * and takes seconds. A worker uses this bundle only while it matches the sources it was built
 * from, file by file, and the installed SDK; otherwise it bundles at start as before, so an
 * edited workflow never runs from a stale bundle.
 */
export interface PrebuiltBundleFiles {
  /** The directory the project's paths are relative to. */
  root: string;
  code: string;
  manifest: string;
}

export const prebuiltBundleFiles = (root: string): PrebuiltBundleFiles => ({
  root,
  code: join(root, '.build', 'workflow-bundle.js'),
  manifest: join(root, '.build', 'workflow-bundle.json'),
});

const manifestSchema = z.object({
  sdkVersion: z.string(),
  /** Every project file webpack put in the bundle (relative to root), with its SHA-256. */
  sources: z.record(z.string(), z.string()),
});
type Manifest = z.infer<typeof manifestSchema>;

/** The failure converter's module, as the manifest names it (relative to the project). */
export const FAILURE_CONVERTER_SOURCE = relative(projectRoot, failureConverterPath);

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The installed workflow SDK: its code is in the bundle too. */
export function installedWorkflowSdkVersion(): string {
  return (createRequire(import.meta.url)('@temporalio/workflow/package.json') as { version: string }).version;
}

/**
 * The project's own modules in a bundle: webpack names each module by its path from the
 * bundler's context (a line `/***\/ "./workflows/sync.ts"`); packages are covered by the SDK version.
 */
export function bundledProjectModules(code: string): string[] {
  const ids = new Set<string>();
  for (const match of code.matchAll(/^\/\*\*\*\/ "(\.{1,2}\/[^"]+)":?$/gm)) {
    if (!match[1]!.includes('node_modules/')) ids.add(match[1]!);
  }
  return [...ids].sort();
}

/** Bundles `workflowsPath` and writes the code and its manifest (atomically, code first). */
export async function buildPrebuiltBundle(files: PrebuiltBundleFiles, workflowsPath: string, logger: Logger): Promise<Manifest> {
  const { code } = await bundleWorkflowCode({ workflowsPath, failureConverterPath, logger });
  // The bundler names modules from the current directory.
  const modules = bundledProjectModules(code).map((id) => relative(files.root, resolve(process.cwd(), id)));
  if (modules.length === 0) throw new Error('found no project module in the workflow bundle: the bundler changed how it names modules');
  const sources: Record<string, string> = {};
  for (const path of modules) sources[path] = sha256(await readFile(join(files.root, path)));
  const manifest: Manifest = { sdkVersion: installedWorkflowSdkVersion(), sources };
  await mkdir(join(files.code, '..'), { recursive: true });
  // The manifest last: a build cut short leaves no manifest claiming a code file it does not match.
  await writeAtomically(files.code, code);
  await writeAtomically(files.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

async function writeAtomically(path: string, data: string): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

/** Why the prebuilt bundle cannot be used, or null when it matches the sources and the SDK. */
export async function staleness(files: PrebuiltBundleFiles, sdkVersion = installedWorkflowSdkVersion()): Promise<string | null> {
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(files.manifest, 'utf8')));
    if ((await stat(files.code)).size === 0) throw new Error('empty');
  } catch {
    return 'there is no prebuilt bundle';
  }
  if (manifest.sdkVersion !== sdkVersion) return `it was built with @temporalio/workflow ${manifest.sdkVersion}, ${sdkVersion} is installed`;
  // Built before failures were sealed: its workflows would put failure messages in plain text.
  if (!(FAILURE_CONVERTER_SOURCE in manifest.sources)) return 'it was built without the failure converter that seals failure messages';
  for (const [path, hash] of Object.entries(manifest.sources)) {
    const now = await readFile(join(files.root, path)).then(sha256, () => null);
    if (now !== hash) return `${path} changed since it was built`;
  }
  return null;
}
