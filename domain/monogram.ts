// The stand-in for an integration without a logo: its initials on a colour of its own. Plain
// code without zod, for the browser pages.
import { AA_TEXT, darkenUntil } from './contrast.js';

/** Up to two initials: the first letters of the first two words ("Google Analytics" → "GA", "Stripe" → "S"). */
export function initialsOf(name: string): string {
  const words = name.split(/[\s\-_./]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0]!.toUpperCase())
    .join('');
}

/** FNV-1a: a small, stable hash, so a slug keeps its colour across builds and browsers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text) h = Math.imul(h ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

const hslToHex = (h: number, s: number, l: number) => {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
};

/**
 * A slug's monogram: its initials in white on a hue derived from the slug, darkened where
 * needed so the white initials reach WCAG AA (4.5:1) on it.
 */
export function monogramFor(slug: string, name: string): { initials: string; background: string; color: '#ffffff' } {
  const hue = hash(slug) % 360;
  const background = darkenUntil(hslToHex(hue, 0.55, 0.42), '#ffffff', AA_TEXT);
  return { initials: initialsOf(name) || slug.slice(0, 1).toUpperCase(), background, color: '#ffffff' };
}
