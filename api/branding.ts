import type { Branding } from '../db/tables/connect-sessions.js';
import { ProblemError } from './problems.js';

/**
 * Where a host's logo may come from: the origins already trusted as the host product's own
 * (those that may frame the Connect page, and those its returnUrls lead to). The Connect page's
 * shell is served before its session is known (the token sits in the URL fragment), so its
 * Content-Security-Policy cannot name one session's logo: it names these origins, and a session
 * may only use a logo on one of them. Proxying the logo through Onramp instead would make the
 * API fetch whatever URL a tenant names (a server-side request to anywhere, to be checked,
 * cached and sniffed); this keeps the page's img-src to a list the operator wrote.
 */
export function brandingLogoOrigins(frameAncestors: string[], returnUrls: string[]): string[] {
  const origins = [...frameAncestors, ...returnUrls].flatMap((url) => (URL.canParse(url) ? [new URL(url).origin] : []));
  return [...new Set(origins)].filter((origin) => origin !== 'null');
}

/** The branding as given, once its logo is on an allowed origin; a 400 naming the field otherwise. */
export function checkBranding(branding: Branding | undefined, logoOrigins: string[]): Branding | null {
  if (!branding) return null;
  if (branding.logoUrl && !logoOrigins.includes(new URL(branding.logoUrl).origin)) {
    throw new ProblemError('validation', 'branding.logoUrl is on an origin the Connect page may not load images from', [
      {
        field: 'body.branding.logoUrl',
        message:
          logoOrigins.length > 0
            ? `must be on one of ${logoOrigins.join(', ')} (the origins of ONRAMP_CONNECT_FRAME_ANCESTORS and ONRAMP_OAUTH_RETURN_URLS): host the logo on your product's own site`
            : 'no origin may serve a logo yet: set ONRAMP_CONNECT_FRAME_ANCESTORS or ONRAMP_OAUTH_RETURN_URLS to your product\'s origin, and host the logo there',
      },
    ]);
  }
  return branding;
}
