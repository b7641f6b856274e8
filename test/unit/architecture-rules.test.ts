import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/project-root.js';

// `npm run lint` checks the real tree against .dependency-cruiser.cjs and passes; this shows the
// same rules refuse each kind of import against the grain, on a small tree built to break them.
const run = promisify(execFile);

const tree: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  'domain/rules.ts': "import { row } from '../db/row.js';\nexport const rule = row;\n",
  'db/row.ts': "export const row = 1;\n",
  'db/reads-api.ts': "import type { Deps } from '../api/deps.js';\nexport type D = Deps;\n",
  'api/deps.ts': "import { loadConfig } from '../wiring/config.js';\nimport { onboarding } from '../workflows/onboarding.js';\nexport type Deps = { a: typeof loadConfig; b: typeof onboarding };\n",
  'api/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
  'api/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  'activities/index.ts': "export const createActivities = () => ({});\n",
  'activities/dev.ts': "import { start } from '../embedded/stack.js';\nexport const dev = start;\n",
  'workflows/onboarding.ts': "import { readFileSync } from 'node:fs';\nimport { createActivities } from '../activities/index.js';\nexport const onboarding = [readFileSync, createActivities];\n",
  'workflows/sync.ts': "import type { createActivities } from '../activities/index.js';\nexport type A = typeof createActivities;\n",
  'wiring/config.ts': "export const loadConfig = () => ({});\n",
  'embedded/stack.ts': "export const start = () => ({});\n",
  'web/page.ts': "import { row } from '../db/row.js';\nexport const page = row;\n",
};

describe('the architecture rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let violations: { rule: { name: string }; from: string; to: string }[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onramp-rooms-'));
    for (const [path, text] of Object.entries(tree)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await symlink(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
    const depcruise = join(projectRoot, 'node_modules', '.bin', 'depcruise');
    const config = join(projectRoot, '.dependency-cruiser.cjs');
    // depcruise exits non-zero when it finds violations: its JSON report is what we read.
    const { stdout } = await run(depcruise, ['--config', config, '--output-type', 'json', '.'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout: string }) => error,
    );
    violations = (JSON.parse(stdout) as { summary: { violations: typeof violations } }).summary.violations;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const broken = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} -> ${v.to}`);

  it('keeps domain/ free of every other room', () => {
    expect(broken('domain-imports-nothing-of-ours')).toEqual(['domain/rules.ts -> db/row.ts']);
  });

  it('refuses an import from a lower room to a higher one, types included', () => {
    expect(broken('db-imports-down-only')).toEqual(['db/reads-api.ts -> api/deps.ts']);
    expect(broken('api-imports-down-only')).toEqual(['api/deps.ts -> wiring/config.ts']);
    expect(broken('activities-imports-down-only')).toEqual(['activities/dev.ts -> embedded/stack.ts']);
  });

  it('refuses circles', () => {
    expect(violations.some((v) => v.rule.name === 'no-circular' && v.from === 'api/a.ts')).toBe(true);
  });

  it('keeps workflows deterministic: activities as types only, no Node built-ins', () => {
    expect(broken('workflows-see-activities-as-types')).toEqual(['workflows/onboarding.ts -> activities/index.ts']);
    expect(broken('workflows-stay-deterministic')).toContain('workflows/onboarding.ts -> fs');
    expect(violations.filter((v) => v.from === 'workflows/sync.ts')).toEqual([]);
  });

  it('lets only the shared definitions out of workflows/', () => {
    expect(broken('only-definitions-leave-workflows')).toEqual(['api/deps.ts -> workflows/onboarding.ts']);
  });

  it('keeps the pages clients of the API', () => {
    expect(broken('pages-are-api-clients')).toEqual(['web/page.ts -> db/row.ts']);
  });
});
