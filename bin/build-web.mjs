#!/usr/bin/env node
/**
 * Builds the browser pages (web/connect, web/console) into web/dist with esbuild: one minified
 * script and one stylesheet per page, no CDN, no runtime network. Skips the build when the
 * output is newer than every source, so `npm run dev` and `npm test` can call it every time.
 * Writes web/dist/sizes.json (bytes shipped, raw and gzipped) for the bench.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const pages = ['connect', 'console'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== dist) newest = Math.max(newest, newestSource(path));
    } else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(join(dist, 'sizes.json')).mtimeMs;
  } catch {
    return 0;
  }
}

const force = process.argv.includes('--force');
if (!force && builtAt() > Math.max(newestSource(web), statSync(join(root, 'package-lock.json')).mtimeMs)) process.exit(0);

mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: pages.flatMap((page) => [
    { in: join(web, page, 'main.tsx'), out: page },
    { in: join(web, page, 'style.css'), out: page },
  ]),
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

// The embed SDK host pages load from here: one classic script (no module, no imports), so it
// learns Onramp's origin from its own address.
const sdk = await build({
  entryPoints: [{ in: join(web, 'sdk', 'script.ts'), out: 'connect-sdk' }],
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome120', 'firefox120', 'safari16'],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

const sizes = {};
for (const file of [...Object.keys(result.metafile.outputs), ...Object.keys(sdk.metafile.outputs)]) {
  const bytes = readFileSync(join(root, file));
  sizes[file.replace(/^web\/dist\//, '')] = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}
writeFileSync(join(dist, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
