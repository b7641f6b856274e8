import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/project-root.js';

const run = promisify(execFile);
const sdkDir = join(projectRoot, 'web', 'sdk');
/** Issue 23's budget for the SDK a host page loads. */
const BUDGET_GZIP_BYTES = 5 * 1024;

/** The embed SDK as the @onramp/connect package: `npm run sdk:build`, then `npm pack` (offline). */
describe('the @onramp/connect package', () => {
  let out: string;
  let packed: { name: string; version: string; files: { path: string }[]; filename: string };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'onramp-sdk-pack-'));
    await run('npm', ['run', 'sdk:build'], { cwd: projectRoot });
    // --offline: packing needs no registry (the package has no dependencies); --ignore-scripts: built just above.
    const { stdout } = await run('npm', ['pack', '--offline', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: sdkDir });
    packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  });
  afterAll(async () => out && rm(out, { recursive: true, force: true }));

  it('packs the ES module, its types, the README and package.json, and nothing else', () => {
    expect(packed.name).toBe('@onramp/connect');
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/connect.d.ts', 'dist/connect.js', 'package.json']);
    expect(packed.filename).toBe('onramp-connect-0.1.0.tgz');
  });

  it('exports connect from the same source as /connect.js, typed, with no import of anything', async () => {
    const code = await readFile(join(sdkDir, 'dist', 'connect.js'), 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*\bconnect\b/);
    expect(code).not.toMatch(/\bimport\b[\s{*]/);
    const types = await readFile(join(sdkDir, 'dist', 'connect.d.ts'), 'utf8');
    expect(types).toContain('export declare function connect(options: ConnectOptions): ConnectHandle;');
    expect(types).toContain('onrampUrl?: string;');
    const { connect } = (await import(join(sdkDir, 'dist', 'connect.js'))) as { connect: (o: object) => unknown };
    // Without a session it says what it needs, before touching any page.
    expect(() => connect({})).toThrow('Onramp.connect needs a sessionToken (or the session url)');
    expect(() => connect({ sessionToken: 'ocs_x' })).toThrow(/needs onrampUrl/);
  });

  it('stays within 5 KB gzipped', async () => {
    const code = await readFile(join(sdkDir, 'dist', 'connect.js'));
    expect(gzipSync(code).length).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
