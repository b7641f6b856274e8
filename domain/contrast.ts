// WCAG 2.x colour contrast, and the colours a host's accent gives the Connect page. Plain
// functions without zod: the browser pages import this file (web/connect) as the API does.

/** `#rrggbb`, the one colour form a Connect session's branding takes. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

type Rgb = readonly [number, number, number];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
const hexOf = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** Relative luminance (WCAG 2.x definition), 0 for black to 1 for white. */
export function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG AA for body text (and so for large text and controls too). */
export const AA_TEXT = 4.5;

/** The text colour on a background: white or black, whichever reads better (one of them always reaches 4.5:1). */
export const textOn = (background: string): '#ffffff' | '#000000' =>
  contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';

/** The colour darkened (mixed toward black) just enough to reach `ratio` against `background`. */
export function darkenUntil(colour: string, background: string, ratio = AA_TEXT): string {
  const rgb = rgbOf(colour);
  for (let step = 0; step <= 20; step++) {
    const mixed = hexOf(rgb.map((c) => c * (1 - step / 20)) as unknown as Rgb);
    if (contrastRatio(mixed, background) >= ratio) return mixed;
  }
  return '#000000';
}

/**
 * What the page paints with a host's accent: filled buttons in the accent with white or black
 * text (whichever reaches AA), and the accent as text (links, outlined buttons) on the page's
 * light backgrounds darkened until it reaches AA there. Any `#rrggbb` is accepted: the page
 * stays readable whatever colour a host picks, instead of refusing pale brand colours.
 */
export function accentPalette(accent: string, pageBackground = '#f6f7f9'): { accent: string; onAccent: string; accentText: string } {
  // The darker of the page's two backgrounds (white cards on a light grey page) decides.
  const background = luminance(pageBackground) < luminance('#ffffff') ? pageBackground : '#ffffff';
  return { accent, onAccent: textOn(accent), accentText: darkenUntil(accent, background) };
}
