import { performance } from 'node:perf_hooks';

/**
 * One measure of Onramp beside the platform's floor (the same work with nothing of Onramp's
 * around it), taken back to back on the same servers. `ratio` reads "times the floor's cost"
 * whichever way the unit points, so a ratio of 3 is three times slower or a third the rate.
 */
export interface Pair {
  name: string;
  unit: string;
  better: 'higher' | 'lower';
  onramp: number;
  floor: number | null;
  ratio: number | null;
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : +x.toFixed(2));

export function pair(name: string, unit: string, better: Pair['better'], onramp: number, floor: number | null): Pair {
  const ratio = floor === null || onramp === 0 || floor === 0 ? null : better === 'lower' ? onramp / floor : floor / onramp;
  return { name, unit, better, onramp: round(onramp), floor: floor === null ? null : round(floor), ratio: ratio === null ? null : +ratio.toFixed(2) };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? 0;

export const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` calls of `fn`, at most `inFlight` at a time. */
export async function inParallel(count: number, inFlight: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
}

export function formatTable(pairs: Pair[]): string {
  const rows = [
    ['measure', 'Onramp', 'floor', 'ratio'],
    ...pairs.map((p) => [`${p.name} (${p.unit})`, String(p.onramp), p.floor === null ? '—' : String(p.floor), p.ratio === null ? '—' : `${p.ratio}×`]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
