import { describe, expect, it } from 'vitest';
import { accentPalette, contrastRatio, darkenUntil, textOn } from '../../domain/contrast.js';
import { initialsOf, monogramFor } from '../../domain/monogram.js';

describe('colour contrast (WCAG 2.x)', () => {
  it('gives the known ratios: black on white 21, white on white 1, #767676 on white 4.54', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('puts white text on a dark accent and black text on a pale one', () => {
    expect(textOn('#1f5bd8')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
  });

  it('darkens a pale accent until it reads as text on the page, and leaves a dark one as it is', () => {
    const yellow = accentPalette('#ffd400');
    expect(yellow.accent).toBe('#ffd400');
    expect(contrastRatio(yellow.accentText, '#f6f7f9')).toBeGreaterThanOrEqual(4.5);
    expect(yellow.accentText).not.toBe('#ffd400');
    expect(accentPalette('#0b3d91').accentText).toBe('#0b3d91');
    expect(darkenUntil('#ffffff', '#ffffff', 4.5)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('reaches AA for the text on any accent', () => {
    for (let i = 0; i < 4096; i += 7) {
      const hex = `#${[i >> 8, (i >> 4) & 15, i & 15].map((d) => d.toString(16).repeat(2)).join('')}`;
      const palette = accentPalette(hex);
      expect(contrastRatio(palette.onAccent, hex), hex).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(palette.accentText, '#f6f7f9'), hex).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('monograms for integrations without a logo', () => {
  it('takes the initials of the first two words', () => {
    expect(initialsOf('Google Analytics')).toBe('GA');
    expect(initialsOf('Stripe')).toBe('S');
    expect(initialsOf('NinjaOne RMM (beta)')).toBe('NR');
    expect(initialsOf('  ')).toBe('');
  });

  it('keeps a slug\'s colour, differs between slugs, and keeps white initials at AA', () => {
    expect(monogramFor('cloudflare', 'Cloudflare')).toEqual(monogramFor('cloudflare', 'Cloudflare'));
    expect(monogramFor('cloudflare', 'Cloudflare').background).not.toBe(monogramFor('paypal', 'PayPal').background);
    for (const slug of ['cloudflare', 'paypal', 'stripe', 'google-analytics', 'ninjaone', 'demo', 'x', 'a-very-long-slug-name']) {
      const m = monogramFor(slug, slug);
      expect(contrastRatio(m.color, m.background), slug).toBeGreaterThanOrEqual(4.5);
    }
    expect(monogramFor('x', '').initials).toBe('X');
  });
});
