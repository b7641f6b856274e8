import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core run inside the page as it stands: no critical and no serious violation (WCAG 2.x A
 * and AA rules and axe's best practices). Evaluated through the browser's debugging protocol,
 * which the page's CSP (no eval, scripts from itself only) does not apply to.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // Expressions as text: the tests compile without the DOM's types.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axeSource);
  const violations = await page.evaluate<{ id: string; impact: string | null; help: string; targets: string[] }[]>(`axe.run(document, { resultTypes: ['violations'] })
    .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
  expect({ state, violations: violations.filter((v) => v.impact === 'critical' || v.impact === 'serious') }).toEqual({ state, violations: [] });
}

/**
 * Words an end user must never read on the Connect page (issue 22): API paths and verbs, status
 * codes, path templates, scope URLs and a validation library's own text.
 */
export const JARGON = [
  /\/v1\//, /\b(GET|POST|PUT|PATCH|DELETE) /, /\{id\}/, /HTTP [0-9]/, /https:\/\/www\.googleapis/, /expected string/, /Too small/, /Invalid input/,
  // Xero's scope names, header and API host (issue 26).
  /\baccounting\.[a-z.]+read\b/, /xero-tenant-id/i, /api\.xero\.com/, /X-Rate-Limit-Problem/i,
];

/** Every jargon pattern the text matches, with the text around it. */
export function jargonIn(text: string): string[] {
  return JARGON.flatMap((pattern) => {
    const match = pattern.exec(text);
    return match ? [`${pattern}: …${text.slice(Math.max(0, match.index - 60), match.index + 60)}…`] : [];
  });
}

/** The page as a person reads it (visible text and what assistive technology announces), free of jargon. */
export async function expectPlainWords(page: Page): Promise<void> {
  const text = await page.evaluate<string>(`[document.body.innerText,
    ...[...document.querySelectorAll('[aria-label], [placeholder], [title]')].map((e) => [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')].join(' '))
  ].join('\\n')`);
  expect(jargonIn(text)).toEqual([]);
}

/** Picks a discovered choice by (part of) its name, searching the list first as a person would. */
export async function choose(page: Page, name: string): Promise<void> {
  const search = page.getByRole('searchbox');
  if (await search.count()) await search.fill(name);
  await page.getByRole('radio', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).check();
}
