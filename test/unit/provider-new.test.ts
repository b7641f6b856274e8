import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffold } from '../../bin/provider-new.js';

const run = promisify(execFile);

/**
 * `npm run provider:new`: in a scratch copy of the tree (under the git-ignored test-artifacts/, so
 * the checkout's node_modules resolve), it writes the provider, replica and e2e test, registers the
 * provider and adds its README row; the provider and replica compile, and it never overwrites.
 */
describe('provider:new (bin/provider-new.ts)', () => {
  const root = join(process.cwd(), 'test-artifacts', `provider-new-${process.pid}`);
  beforeAll(async () => {
    await rm(root, { recursive: true, force: true });
    await mkdir(join(root, 'test', 'replicas'), { recursive: true });
    for (const dir of ['providers', 'domain']) await cp(dir, join(root, dir), { recursive: true });
    await cp('test/replicas/loopback.ts', join(root, 'test/replicas/loopback.ts'));
    await cp('README.md', join(root, 'README.md'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('scaffolds a provider that compiles and is registered, with its replica, e2e test and README row', async () => {
    const written = await scaffold(root, { slug: 'acme-books', name: 'Acme Books', auth: 'api_key', endpoints: { api: 'https://api.acme-books.example' } });
    expect(written).toEqual(['providers/acme-books.ts', 'test/replicas/acme-books-server.ts', 'test/e2e/provider-acme-books.e2e.test.ts', 'providers/registry.ts', 'README.md']);
    const registry = await readFile(join(root, 'providers/registry.ts'), 'utf8');
    expect(registry).toContain("import { acmeBooksProvider } from './acme-books.js';");
    // The last entry of builtInProviders, whichever provider was last before it.
    expect(registry).toMatch(/Provider,\n {2}acmeBooksProvider,\n\];/);
    // The provider table's last row, right after the one that was last.
    expect(await readFile(join(root, 'README.md'), 'utf8')).toMatch(/\n\| [^|\n]+ \(`[a-z0-9-]+`\) \|[^\n]*\n\| Acme Books \(`acme-books`\) \| API key[^\n]*\|\n\n/);
    const e2e = await readFile(join(root, 'test/e2e/provider-acme-books.e2e.test.ts'), 'utf8');
    expect(e2e).toContain('ONRAMP_ENDPOINT_ACME_BOOKS_API: replica.url');
    // Until filled in, its e2e test asserts values nobody wrote: it fails.
    expect(e2e).toContain("kpi_key: 'TODO'");

    await scaffold(root, { slug: 'acme-oauth', name: 'Acme OAuth', auth: 'oauth2', endpoints: { api: 'https://api.acme.example', authorize: 'https://acme.example/authorize', token: 'https://acme.example/token' } });
    await writeFile(
      join(root, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.json', include: ['providers', 'domain', 'test/replicas'], compilerOptions: { noEmit: true } }),
    );
    const tsc = await run(process.execPath, [join(process.cwd(), 'node_modules/typescript/bin/tsc'), '-p', root]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(tsc).toBe('');
  });

  it('refuses to overwrite, a bad slug, and an endpoint that is not a URL', async () => {
    await expect(scaffold(root, { slug: 'acme-books', name: 'Again', auth: 'api_key', endpoints: { api: 'https://x.example' } })).rejects.toThrow(/exists already/);
    await expect(scaffold(root, { slug: 'Bad Slug', name: 'x', auth: 'api_key', endpoints: { api: 'https://x.example' } })).rejects.toThrow(/is not a slug/);
    await expect(scaffold(root, { slug: 'nourl', name: 'x', auth: 'custom', endpoints: { api: 'ftp://x' } })).rejects.toThrow(/not an http\(s\) URL/);
  });
});
