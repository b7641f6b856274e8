import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ProblemError } from '../problems.js';

export interface PagesOptions {
  /** The folder bin/build-web.mjs writes (web/dist). */
  root: string;
  /** Origins that may frame the Connect page (ONRAMP_CONNECT_FRAME_ANCESTORS); nothing may frame the console. */
  connectFrameAncestors: string[];
  /** Origins a Connect session's logo may come from (api/branding.ts): the Connect page's img-src. */
  logoOrigins: string[];
}

const pages = {
  connect: { title: 'Connect an integration · Onramp' },
  console: { title: 'Support console · Onramp' },
} as const;
type Page = keyof typeof pages;

/**
 * Scripts and styles only from this origin, no inline code, calls only back to this API: an
 * injected `<img onerror>` or `<script>` in a connection name or a vendor's message cannot run.
 */
function contentSecurityPolicy(frameAncestors: string[], imageOrigins: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ['img-src', "'self'", 'data:', ...imageOrigins].join(' '),
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

function shell(page: Page): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${pages[page].title}</title>
<link rel="stylesheet" href="/assets/${page}.css">
<script type="module" src="/assets/${page}.js"></script>
</head>
<body>
<div id="app"><noscript>This page needs JavaScript.</noscript></div>
</body>
</html>
`;
}

/**
 * The browser pages: an HTML shell per page and the built assets. Public routes: what a page
 * may do is decided by the credentials its script presents to the API (a Connect session token,
 * the console's session cookie), never by being able to load the page.
 */
export const pageRoutes: FastifyPluginAsync<PagesOptions> = async (app, options) => {
  const built = existsSync(join(options.root, 'sizes.json'));
  const notBuilt = () =>
    new ProblemError('unavailable', 'The browser pages are not built: run `node bin/build-web.mjs` (npm run dev and npm test do it for you).');

  const servePage = (page: Page, frameAncestors: string[], imageOrigins: string[] = []) => async (_request: unknown, reply: FastifyReply) => {
    if (!built) throw notBuilt();
    reply.header('content-security-policy', contentSecurityPolicy(frameAncestors, imageOrigins));
    reply.header('cache-control', 'no-store');
    // The Connect page opens the provider's sign-in in a popup and closes it once the
    // authorization arrives (helmet's same-origin would cut the popup off from it), and is itself
    // opened by the application, which hears its events through window.opener (web/connect/host.ts):
    // any other policy would sever that opener (same-origin-allow-popups here makes a cross-origin
    // opener lose it: README "Security"; the host may set it on its own side). The page keeps
    // nothing an opener could reach: its token sits in this origin's sessionStorage, and events
    // go to the returnUrl's origin only.
    if (page === 'connect') reply.header('cross-origin-opener-policy', 'unsafe-none');
    // frame-ancestors decides framing; an X-Frame-Options beside it would forbid the allowed origins in older browsers.
    if (frameAncestors.length > 0) reply.removeHeader('x-frame-options');
    else reply.header('x-frame-options', 'DENY');
    return reply.type('text/html; charset=utf-8').send(shell(page));
  };

  const config = { public: true } as const;
  app.get('/connect', { schema: { hide: true }, config }, servePage('connect', options.connectFrameAncestors, options.logoOrigins));
  app.get('/console', { schema: { hide: true }, config }, servePage('console', []));
  // The embed SDK (web/sdk/connect.ts), loaded by host products' pages from their own origin.
  app.get('/connect.js', { schema: { hide: true }, config }, async (_request, reply) => {
    if (!built) throw notBuilt();
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('cache-control', 'no-cache');
    return reply.type('text/javascript; charset=utf-8').send(await readFile(join(options.root, 'connect-sdk.js')));
  });

  await app.register(async (assets) => {
    // The static plugin takes no route config; this marks its routes public like the pages.
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await assets.register(fastifyStatic, {
      root: options.root,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      // Names are stable (no content hash), so browsers revalidate by ETag rather than cache blindly.
      maxAge: 0,
      allowedPath: (pathName) => /^\/[a-z-]+\.(js|css)$/.test(pathName),
    });
  });
};
