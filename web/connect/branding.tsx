import { useEffect } from 'preact/hooks';
import { accentPalette } from '../../domain/contrast.js';
import type { Branding } from './types.js';

/** Who the page speaks for in its wording ("to let <product> read …"): the host product, else Onramp. */
export const productNameOf = (branding: Branding | null | undefined) => branding?.productName ?? 'Onramp';

/**
 * The host's accent on the page: set as CSS custom properties on the document (through the
 * CSSOM, which the page's style-src 'self' allows, unlike a style attribute), with the text
 * colours accentPalette keeps at WCAG AA. The tab's title names the host product too.
 */
export function useBranding(branding: Branding | null | undefined): void {
  useEffect(() => {
    if (!branding) return;
    document.title = `Connect an integration · ${branding.productName}`;
    if (!branding.accentColor) return;
    const palette = accentPalette(branding.accentColor);
    const style = document.documentElement.style;
    style.setProperty('--accent', palette.accent);
    style.setProperty('--on-accent', palette.onAccent);
    style.setProperty('--accent-text', palette.accentText);
  }, [branding?.productName, branding?.accentColor]);
}

/** The host product's logo and name above the page's heading; nothing for Onramp's own sessions. */
export function BrandHeader({ branding }: { branding: Branding | null | undefined }) {
  if (!branding) return null;
  return (
    <header class="brand">
      {/* The name is written beside it: the logo adds nothing for a screen reader. */}
      {branding.logoUrl && <img class="brand-logo" src={branding.logoUrl} alt="" height={32} />}
      <span class="brand-name">{branding.productName}</span>
    </header>
  );
}
