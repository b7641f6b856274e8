/**
 * `/connect.js`: the SDK as a classic script a host page loads from Onramp
 * (`<script src="https://onramp.example/connect.js">`), which then calls `Onramp.connect(...)`.
 * It knows Onramp's origin from its own address, so a session token alone is enough.
 */
import { connect, type ConnectOptions } from './connect.js';

const scriptOrigin = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  return src ? new URL(src).origin : location.origin;
})();

(window as unknown as { Onramp: { connect: typeof connect } }).Onramp = {
  connect: (options: ConnectOptions) => connect({ onrampUrl: scriptOrigin, ...options }),
};
