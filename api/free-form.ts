import { z } from 'zod';
import { unstorable } from '../db/values.js';

// Config and credentials are free-form JSON until the chosen provider's schema reads them; these
// bounds keep what reaches that schema, the idempotency fingerprint and jsonb storable and small.
export const MAX_DEPTH = 32;
export const MAX_ENTRIES = 1000;

interface Problem {
  path: PropertyKey[];
  message: string;
}

/**
 * The first thing wrong with a free-form object, if any. Iterative on purpose: a recursive walk
 * is exactly what a body nested 10,000 deep overflows.
 */
export function freeFormProblem(root: Record<string, unknown>): Problem | undefined {
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  let entries = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      const why = unstorable(value);
      if (why) return { path, message: why };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) return { path: [], message: `nests objects or arrays deeper than ${MAX_DEPTH} levels; flatten it` };
    const children: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    entries += children.length;
    if (entries > MAX_ENTRIES) return { path: [], message: `holds more than ${MAX_ENTRIES} keys and array items in all; send less` };
    for (const [key, child] of children) {
      const why = typeof key === 'string' ? unstorable(key) : undefined;
      if (why) return { path: [...path, key], message: `this key ${why}` };
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** A JSON object with no shape of its own yet, bounded as above. */
export const freeFormObject = () =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = freeFormProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
