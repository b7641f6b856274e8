/**
 * `npm run build:workflows`: bundles workflows/ ahead of time into .build/ (the Docker image runs
 * it at build), so workers start without webpack in their process. A worker checks the bundle
 * against the sources and bundles at start when they differ (wiring/prebuilt-workflow-bundle.ts).
 * Quick when nothing changed: it rebuilds only a stale bundle (--force: always).
 */
import { workflowsPath } from '../wiring/compose.js';
import { projectRoot } from '../platform/project-root.js';
import { buildPrebuiltBundle, prebuiltBundleFiles, staleness } from '../wiring/prebuilt-workflow-bundle.js';

const files = prebuiltBundleFiles(projectRoot);
const stale = process.argv.includes('--force') ? 'asked to (--force)' : await staleness(files);
if (stale) {
  const started = Date.now();
  const noop = () => undefined;
  const manifest = await buildPrebuiltBundle(files, workflowsPath, { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop });
  console.log(`workflow bundle built (${stale}): ${Object.keys(manifest.sources).length} project modules, ${Date.now() - started} ms → ${files.code}`);
}
