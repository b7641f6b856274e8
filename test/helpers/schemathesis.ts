import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { installPipTool, toolDir } from '../../embedded/pip-tool.js';

const run = promisify(execFile);

/** Pinned, like the Temporal CLI: a new version brings new checks, taken on deliberately. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** Installs schemathesis into `.tools/` once (pip, with its dependencies); later runs reuse it. */
export async function installSchemathesis(): Promise<string> {
  const dir = toolDir('schemathesis', SCHEMATHESIS_VERSION);
  await installPipTool(dir, `schemathesis==${SCHEMATHESIS_VERSION}`, { withDeps: true });
  return dir;
}

export interface SchemathesisRun {
  /** 0 when every check passed on every generated request. */
  exitCode: number;
  /** Schemathesis' own report: each failure with the request that reproduces it. */
  output: string;
}

/** `schemathesis run` against a served OpenAPI document; a failing run is a result, not an error. */
export async function runSchemathesis(options: {
  schemaUrl: string;
  /** Sent as the document's bearer security scheme (the config file reads it from the env). */
  apiKey: string;
  configFile: string;
  seed: number;
  maxExamples: number;
  /** A request still unanswered after this is reported as a failure, not waited out. */
  requestTimeoutSeconds: number;
}): Promise<SchemathesisRun> {
  const dir = await installSchemathesis();
  const args = [
    '-m', 'schemathesis.cli', '--config-file', options.configFile, '--no-color', 'run', options.schemaUrl,
    '--checks', 'all',
    '--seed', String(options.seed),
    '--max-examples', String(options.maxExamples),
    '--request-timeout', String(options.requestTimeoutSeconds),
  ];
  // Its own copy of every dependency first on the path, whatever the machine's Python has.
  const env = { ...process.env, PYTHONPATH: dir, PYTHONNOUSERSITE: '1', COLUMNS: '120', ONRAMP_CONTRACT_API_KEY: options.apiKey };
  try {
    const { stdout, stderr } = await run('python3', args, { env, maxBuffer: 64 * 1024 * 1024 });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { exitCode: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
