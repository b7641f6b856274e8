import { useState } from 'preact/hooks';
import { callApi } from '../shared/api.js';
import { messageOf, type ConsoleSession } from './api.js';

/** Posts the support key once and forgets it: from then on the HttpOnly cookie stands for it. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: ConsoleSession) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await callApi<ConsoleSession>('/v1/console/session', { method: 'POST', json: { key } });
      setKey('');
      onSignedIn(session);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sign-in-title" class="card narrow">
      <h2 id="sign-in-title">Sign in</h2>
      <form onSubmit={submit}>
        <label for="support-key">Support API key</label>
        <input
          id="support-key"
          name="support-key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-describedby={error ? 'sign-in-error' : 'sign-in-help'}
        />
        <p id="sign-in-help" class="help">
          A key with role support. It is sent once and not kept by this page; the session lasts a few hours.
        </p>
        {error && (
          <p id="sign-in-error" role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
