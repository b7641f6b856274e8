import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { change, get, messageOf, setCsrfToken, watchReachability, type ConsoleSession } from './api.js';
import { ConnectionView } from './connection.js';
import { filtersFrom, Home } from './home.js';
import { SignIn } from './sign-in.js';

type Route = { page: 'home'; query: URLSearchParams } | { page: 'connection'; id: string };

function routeOf(hash: string): Route {
  const match = /^#\/connections\/([0-9a-f-]{36})$/i.exec(hash);
  if (match) return { page: 'connection', id: match[1]! };
  return { page: 'home', query: new URLSearchParams(hash.split('?')[1] ?? '') };
}

function ConsolePage() {
  // undefined: not known yet; null: signed out.
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);
  const [route, setRoute] = useState(() => routeOf(location.hash));
  const [reachable, setReachable] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    watchReachability(setReachable);
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    get<ConsoleSession | undefined>('/v1/console/session').then(
      (current) => (current ? signedIn(current) : setSession(null)),
      () => undefined,
    );
    return () => removeEventListener('hashchange', onHash);
  }, []);

  function signedIn(next: ConsoleSession) {
    setCsrfToken(next.csrfToken);
    setNotice(null);
    setSession(next);
  }

  async function signOut() {
    try {
      await change('DELETE', '/v1/console/session');
      setCsrfToken('');
      setSession(null);
      setNotice('You are signed out.');
    } catch (error) {
      setNotice(`Sign-out failed: ${messageOf(error)}`);
    }
  }

  return (
    <>
      {!reachable && (
        <div class="banner" role="alert">
          Onramp cannot be reached right now: what you see may be out of date and actions will not go through. Check your network or whether
          the API is running, then reload the page.
        </div>
      )}
      <header class="top">
        <h1>Onramp support console</h1>
        {session && (
          <p>
            Signed in with support key <code>{session.keyId}</code>
            {session.label && ` (${session.label})`}{' '}
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </p>
        )}
      </header>
      <main>
        {notice && <p role="status">{notice}</p>}
        {session === undefined && reachable && <p aria-live="polite">Loading…</p>}
        {session === null && <SignIn onSignedIn={signedIn} />}
        {session && route.page === 'home' && <Home key={route.query.toString()} filters={filtersFrom(route.query)} waitingAttentionMs={session.waitingAttentionMs} onFilters={(query) => (location.hash = `#/?${query.toString()}`)} />}
        {session && route.page === 'connection' && <ConnectionView key={route.id} id={route.id} session={session} />}
      </main>
    </>
  );
}

render(<ConsolePage />, document.getElementById('app')!);
