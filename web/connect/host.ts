/**
 * Everything the Connect page tells the application that opened it goes through here, so the
 * embed SDK (issue 23) has one contract to build on.
 *
 * Events (`{ source: 'onramp-connect', type, … }`), posted to `window.opener` and to the framing
 * `window.parent` with the exact origin of the session's `returnUrl` (never `*`; without a
 * `returnUrl` nothing is posted):
 * - `open` {}: the page is ready;
 * - `integration_selected` { integration };
 * - `step` { step, state }: connect | configure | test | activate, and running | waiting | failed | done;
 * - `error` { code, userMessage }: a step failed; the page offers the fix;
 * - `success` { connectionId, integration }: active with its first sync done;
 * - `exit` { connectionId, step }: the person left (Cancel, Escape) before the end.
 *
 * Leaving the page goes to the `returnUrl` with query parameters: `status=connected` with
 * `connectionId` and `integration` only once the connection is active; `status=exit` with `step`
 * (`catalog` before an integration was chosen; and `connectionId` when one was created) otherwise.
 */
export type HostEvent =
  | { type: 'open' }
  | { type: 'integration_selected'; integration: string }
  | { type: 'step'; step: string; state: string }
  | { type: 'error'; code: string; userMessage: string }
  | { type: 'success'; connectionId: string; integration: string }
  | { type: 'exit'; connectionId: string | null; step: string };

export const HOST_EVENT_SOURCE = 'onramp-connect';

export interface Host {
  post(event: HostEvent): void;
  /** Where "Back to the application" goes once connected; null without a returnUrl. */
  connectedUrl(connectionId: string, integration: string): string | null;
  /** Posts `exit` and goes back to the application; false when there is nowhere to go. */
  exit(connectionId: string | null, step: string): boolean;
}

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function withParams(url: string, params: Record<string, string | null>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) if (value !== null) target.searchParams.set(name, value);
  return target.href;
}

export function createHost(returnUrl: string | null, navigate: (url: string) => void = (url) => window.location.assign(url)): Host {
  const origin = originOf(returnUrl);
  const targets = (): Window[] => {
    const found: Window[] = [];
    if (window.opener && window.opener !== window) found.push(window.opener as Window);
    if (window.parent !== window) found.push(window.parent);
    return found;
  };
  return {
    post(event) {
      if (!origin) return;
      for (const target of targets()) {
        try {
          target.postMessage({ source: HOST_EVENT_SOURCE, ...event }, origin);
        } catch {
          // A target that went away, or of another origin: the redirect still tells the host.
        }
      }
    },
    connectedUrl(connectionId, integration) {
      return returnUrl ? withParams(returnUrl, { connectionId, integration, status: 'connected' }) : null;
    },
    exit(connectionId, step) {
      this.post({ type: 'exit', connectionId, step });
      if (!returnUrl) return false;
      navigate(withParams(returnUrl, { connectionId, status: 'exit', step }));
      return true;
    },
  };
}
