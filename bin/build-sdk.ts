#!/usr/bin/env -S node --import tsx
/**
 * Builds the embed SDK as the `@onramp/connect` package (web/sdk/package.json): one ES module
 * and its type declarations in web/sdk/dist, from web/sdk/connect.ts, the same source
 * bin/build-web.mjs builds /connect.js from. `npm run sdk:build`; `npm pack` in web/sdk runs it
 * too (prepack). Prints the module's size, gzipped.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sdk = join(root, 'web', 'sdk');
const dist = join(sdk, 'dist');
const source = join(sdk, 'connect.ts');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [source],
  outfile: join(dist, 'connect.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari16'],
  logLevel: 'warning',
  legalComments: 'none',
});

// Declarations only: esbuild strips types and does not write them.
const program = ts.createProgram([source], {
  declaration: true,
  emitDeclarationOnly: true,
  outDir: dist,
  rootDir: sdk,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  skipLibCheck: true,
});
const emitted = program.emit();
const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (problems.length > 0) {
  console.error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
  process.exit(1);
}

const bytes = readFileSync(join(dist, 'connect.js'));
console.log(`@onramp/connect: web/sdk/dist/connect.js ${bytes.length} B, ${gzipSync(bytes).length} B gzipped; connect.d.ts`);
