import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../platform/project-root.js';

// The worker's memory settings are measured by `npm run bench` (issue 12: without them its RSS
// peak passed the 400 MB goal); these check every way the repo starts a worker still sets them.
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const SEMI_SPACE = '--max-semi-space-size=4';

describe('worker memory settings', () => {
  it('compose runs workers, and only workers, with V8 semi-spaces capped and glibc arenas bounded', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    expect(compose.services.worker!.environment!.NODE_OPTIONS).toContain(SEMI_SPACE);
    expect(compose.services.api!.environment?.NODE_OPTIONS).toBeUndefined();
    expect(read('Dockerfile')).toMatch(/^\s*MALLOC_ARENA_MAX=2 \\$/m);
  });

  it('`npm run worker` sets both, keeping NODE_OPTIONS given to it', () => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.worker!;
    expect(script).toContain('MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}');
    expect(script).toContain(`NODE_OPTIONS="${SEMI_SPACE} \${NODE_OPTIONS:-}"`);
  });

  it('the bench measures workers as they run in production', () => {
    expect(read('bench/stack.ts')).toContain(`?? '${SEMI_SPACE}'`);
  });
});
