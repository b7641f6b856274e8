import { chmodSync, writeFileSync } from 'node:fs';

/** A variable another process needs; `value` undefined means it came from the user's own environment. */
export type JoinVariable = [name: string, value: string | undefined];

/**
 * `<data dir>/join.env`: what a hand-started worker or API needs to join a running
 * `npm run dev` (`node --env-file=… --import tsx bin/worker.ts`). It holds the database password
 * and the dev keys, so it is private to the user, like dev-secrets.json. Values the user set
 * in their own environment are not copied: they are named, and stay where the user keeps them.
 */
export function writeJoinEnv(file: string, variables: JoinVariable[]): void {
  const lines = [
    '# Written by `npm run dev` while it runs: the settings that let another process join this stack.',
    '# Load with: node --env-file=<this file> --import tsx bin/worker.ts   (or: set -a; . <this file>; set +a)',
  ];
  for (const [name, value] of variables) {
    if (value === undefined) lines.push(`# ${name}: set it as in the environment \`npm run dev\` was started from`);
    else if (/['\n]/.test(value)) throw new Error(`${name} cannot be written to ${file}: it contains a quote or a newline`);
    else lines.push(`${name}='${value}'`);
  }
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  // `mode` applies only when the file is created; an older copy keeps its mode without this.
  chmodSync(file, 0o600);
}
