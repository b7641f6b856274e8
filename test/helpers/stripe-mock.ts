import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolDir } from '../../embedded/pip-tool.js';

const run = promisify(execFile);

/**
 * Stripe's own request-validating mock, pinned to the release whose OpenAPI description the
 * Stripe adapter and its replica were built from (providers/stripe.ts STRIPE_VERSION).
 */
export const STRIPE_MOCK_VERSION = '0.203.0';
const MODULE = `github.com/stripe/stripe-mock@v${STRIPE_MOCK_VERSION}`;

/**
 * The stripe-mock binary: `ONRAMP_STRIPE_MOCK` when set, else `.tools/stripe-mock-<version>/`,
 * built there once with `go install` (about half a minute of CPU, a few minutes on a busy machine,
 * then cached like the other pinned tools). Without Go this fails, saying what to install: the
 * test it serves never skips silently.
 */
export async function installStripeMock(): Promise<string> {
  const fromEnv = process.env.ONRAMP_STRIPE_MOCK;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`ONRAMP_STRIPE_MOCK names ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const dir = toolDir('stripe-mock', STRIPE_MOCK_VERSION);
  const binary = join(dir, 'stripe-mock');
  if (existsSync(binary)) return binary;
  const go = await findGo();
  const scratch = `${dir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  // GOBIN puts the binary in the scratch folder; the module cache is Go's own (reused next time).
  await run(go, ['install', MODULE], { env: { ...process.env, GOBIN: scratch, GOFLAGS: '-mod=mod' }, maxBuffer: 16 * 1024 * 1024 });
  // Another process may have finished the same install meanwhile: theirs is as good as ours.
  if (existsSync(binary)) {
    await rm(scratch, { recursive: true, force: true });
    return binary;
  }
  await rename(scratch, dir);
  return binary;
}

async function findGo(): Promise<string> {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    try {
      await run(candidate, ['version']);
      return candidate;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `stripe-mock v${STRIPE_MOCK_VERSION} is built from source with Go (go install ${MODULE}), and no Go toolchain was found ` +
      '(neither `go` on PATH nor /usr/local/go/bin/go). Install Go, or set ONRAMP_STRIPE_MOCK to a stripe-mock binary of that version.',
  );
}

export interface StripeMock {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts stripe-mock on loopback ports the system picks (HTTP and HTTPS both: it always opens
 * both, and would otherwise take 12111/12112 on every interface), with `-strict-version-check`
 * so a `Stripe-Version` other than its description's is refused too. Resolves once it listens.
 */
export async function startStripeMock(binary: string, deadlineMs = 60_000): Promise<StripeMock> {
  const child: ChildProcess = spawn(binary, ['-http-addr', '127.0.0.1:', '-https-addr', '127.0.0.1:', '-strict-version-check'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stripe-mock did not listen within ${deadlineMs} ms:\n${output}`)), deadlineMs);
    const onData = (chunk: Buffer) => {
      // It logs every request; keep reading (a full pipe would stall it) but only the start.
      if (output.length < 64_000) output += chunk.toString();
      const match = /Listening for HTTP at address: (127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stripe-mock exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
