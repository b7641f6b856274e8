// Draws the rooms of the code and the imports between them, from the code itself, into the
// README's "Architecture" section (a Mermaid diagram GitHub renders). `--check` fails when the
// picture in the README is not the one the code draws, so it cannot drift; `npm run lint` runs it.
// The rooms and their allowed directions are the rules in .dependency-cruiser.cjs.
// Plain Node: it reads dependency-cruiser's JSON, nothing else of ours.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const START = '<!-- architecture:start (npm run architecture draws this from the code) -->';
const END = '<!-- architecture:end -->';

// Top to bottom, as the picture shows them; test/ and bench/ may use every room and are left out.
const rooms = ['bin', 'examples', 'client', 'web', 'wiring', 'embedded', 'api', 'activities', 'platform', 'workflows', 'providers', 'db', 'domain'];

const cruise = JSON.parse(
  execFileSync(join(root, 'node_modules', '.bin', 'depcruise'), ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
);

const roomOf = (path) => rooms.find((room) => path.startsWith(`${room}/`));
/** "from to" → whether every import behind the arrow is a type-only one. */
const arrows = new Map();
for (const module of cruise.modules) {
  const from = roomOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = roomOf(dependency.resolved);
    if (!to || to === from) continue;
    const key = `${from} ${to}`;
    const typesOnly = dependency.dependencyTypes.includes('type-only');
    arrows.set(key, (arrows.get(key) ?? true) && typesOnly);
  }
}

const order = (key) => key.split(' ').map((room) => rooms.indexOf(room).toString().padStart(2, '0')).join('');
const lines = [
  '```mermaid',
  'flowchart TD',
  ...rooms.map((room) => `  ${room}[${room}/]`),
  ...[...arrows.keys()]
    .sort((a, b) => order(a).localeCompare(order(b)))
    .map((key) => {
      const [from, to] = key.split(' ');
      return arrows.get(key) ? `  ${from} -. types .-> ${to}` : `  ${from} --> ${to}`;
    }),
  '```',
];
const picture = `${START}\n${lines.join('\n')}\n${END}`;

const text = readFileSync(readme, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md has no architecture picture between ${START} and ${END}`);
  process.exit(1);
}
const updated = text.slice(0, start) + picture + text.slice(end + END.length);
if (process.argv.includes('--check')) {
  if (updated !== text) {
    console.error('README.md: the architecture picture is not the one the code draws. Run `npm run architecture` and commit README.md.');
    process.exit(1);
  }
} else if (updated !== text) {
  writeFileSync(readme, updated);
  console.log('README.md: architecture picture redrawn');
}
