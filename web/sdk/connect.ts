/**
 * The embed SDK: a host product's page calls
 *
 *   Onramp.connect({ sessionToken, onSuccess, onExit, onEvent })
 *
 * to open the Connect page in a modal over its own page (an iframe; where Onramp refuses to be
 * framed by this origin, see ONRAMP_CONNECT_FRAME_ANCESTORS, in a popup instead). It hears the
 * page's events (web/connect/host.ts) only from Onramp's own origin and only from the window it
 * opened, and closes itself on success or exit. No dependencies.
 *
 * One source, two builds: `/connect.js` (web/sdk/script.ts, a classic script that knows Onramp's
 * origin from its own address) and the `@onramp/connect` package (`npm run sdk:build`, ESM and
 * types, where the host passes `onrampUrl` or the session's `url`).
 */

export interface ConnectEvent {
  type: 'open' | 'integration_selected' | 'step' | 'error' | 'success' | 'exit';
  integration?: string;
  step?: string;
  state?: string;
  code?: string;
  userMessage?: string;
  connectionId?: string | null;
}

export interface ConnectOptions {
  /** The Connect session's token (POST /v1/connect/sessions, made by your server). */
  sessionToken?: string;
  /** Or the session's `url` as the API answered it. */
  url?: string;
  /** Where Onramp is (https://onramp.example), for a `sessionToken`; /connect.js knows it from its own address. */
  onrampUrl?: string;
  onEvent?(event: ConnectEvent): void;
  onSuccess?(event: ConnectEvent & { type: 'success'; connectionId: string; integration: string }): void;
  onExit?(event: ConnectEvent & { type: 'exit' }): void;
  /** How long the framed page may take to say it opened before the popup is used instead. */
  openTimeoutMs?: number;
}

export interface ConnectHandle {
  /** Closes the Connect page as if the user had left it (onExit is called). */
  close(): void;
}

const SOURCE = 'onramp-connect';

function pageUrl(options: ConnectOptions): URL {
  if (options.url) return new URL(options.url);
  if (!options.sessionToken) throw new Error('Onramp.connect needs a sessionToken (or the session url)');
  if (!options.onrampUrl) throw new Error('Onramp.connect needs onrampUrl (where Onramp is) beside a sessionToken, or the session url');
  return new URL(`/connect#session=${encodeURIComponent(options.sessionToken)}`, options.onrampUrl);
}

function overlay(url: string, onClose: () => void): { root: HTMLElement; frame: HTMLIFrameElement } {
  const root = document.createElement('div');
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-modal', 'true');
  root.setAttribute('aria-label', 'Connect an integration');
  root.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(15,18,40,.55);display:flex;align-items:center;justify-content:center;padding:16px;box-sizing:border-box';
  const box = document.createElement('div');
  box.style.cssText = 'position:relative;width:min(520px,100%);height:min(760px,100%);background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 12px 48px rgba(0,0,0,.35)';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close');
  close.style.cssText = 'position:absolute;top:6px;right:8px;z-index:1;border:0;background:transparent;font:28px/1 system-ui,sans-serif;color:#333;cursor:pointer;padding:4px 8px';
  close.addEventListener('click', onClose);
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.title = 'Connect an integration';
  frame.style.cssText = 'width:100%;height:100%;border:0;display:block';
  box.append(close, frame);
  root.append(box);
  document.body.append(root);
  frame.focus();
  return { root, frame };
}

export function connect(options: ConnectOptions): ConnectHandle {
  const url = pageUrl(options);
  const origin = url.origin;
  let frame: { root: HTMLElement; frame: HTMLIFrameElement } | undefined;
  let popup: Window | null = null;
  let opened = false;
  let lastStep = 'connect';
  let done = false;

  const finish = (event: ConnectEvent) => {
    if (done) return;
    done = true;
    window.removeEventListener('message', onMessage);
    document.removeEventListener('keydown', onKey);
    clearTimeout(openTimer);
    clearInterval(popupWatch);
    frame?.root.remove();
    if (popup && !popup.closed) popup.close();
    if (event.type === 'success') options.onSuccess?.(event as Parameters<NonNullable<ConnectOptions['onSuccess']>>[0]);
    else options.onExit?.(event as ConnectEvent & { type: 'exit' });
  };
  const leave = () => finish({ type: 'exit', connectionId: null, step: lastStep });

  function onMessage(event: MessageEvent) {
    // Only Onramp's page, in the window this call opened: another origin or window is ignored.
    if (event.origin !== origin) return;
    if (event.source !== frame?.frame.contentWindow && event.source !== popup) return;
    const data = event.data as (ConnectEvent & { source?: string }) | null;
    if (!data || data.source !== SOURCE || typeof data.type !== 'string') return;
    const connectEvent: ConnectEvent = { ...data };
    delete (connectEvent as { source?: string }).source;
    if (connectEvent.type === 'open') opened = true;
    if (connectEvent.type === 'step' && connectEvent.step) lastStep = connectEvent.step;
    options.onEvent?.(connectEvent);
    if (connectEvent.type === 'success' || connectEvent.type === 'exit') finish(connectEvent);
  }
  function onKey(event: KeyboardEvent) {
    if (event.key === 'Escape') leave();
  }
  function usePopup() {
    frame?.root.remove();
    frame = undefined;
    popup = window.open(url.href, 'onramp-connect', 'popup,width=520,height=760');
    // Popups blocked too: the page itself goes there, and comes back to the session's returnUrl.
    if (!popup) {
      window.removeEventListener('message', onMessage);
      window.location.assign(url.href);
    }
  }

  window.addEventListener('message', onMessage);
  document.addEventListener('keydown', onKey);
  frame = overlay(url.href, leave);
  // A page Onramp refuses to show in this origin's frame never says `open`: use a popup.
  const openTimer = setTimeout(() => {
    if (!opened && !done) usePopup();
  }, options.openTimeoutMs ?? 8_000);
  // A popup the user closed with the window's own button is an exit too.
  const popupWatch = setInterval(() => {
    if (popup?.closed && !done) leave();
  }, 500);
  return { close: leave };
}
