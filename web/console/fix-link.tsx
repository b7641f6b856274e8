import { useRef, useState } from 'preact/hooks';
import type { Connection } from './api.js';
import { change, messageOf } from './api.js';
import { when } from './format.js';

interface Link {
  url: string;
  expiresAt: string;
}

/**
 * A fix link for the connection's end user: a Connect session for this connection only (new
 * credentials, config or an authorization), made on request, audited under the support key, and
 * copied to send. The page forgets it when it is left.
 */
export function FixLink({ connection, onMade }: { connection: Connection; onMade: () => void }) {
  const [link, setLink] = useState<Link | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  async function make() {
    setBusy(true);
    setNote(null);
    try {
      setLink(await change<Link>('POST', `/v1/connections/${connection.id}/connect-session`));
      // The audit trail below shows it at once.
      onMade();
    } catch (failure) {
      setNote({ ok: false, text: `No fix link: ${messageOf(failure)}` });
    } finally {
      setBusy(false);
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setNote({ ok: true, text: 'Copied: paste it into your message to the end user.' });
    } catch {
      // Without clipboard access the link is selected, for Ctrl-C.
      field.current?.select();
      setNote({ ok: true, text: 'Selected: press Ctrl-C (⌘-C) to copy it.' });
    }
  }

  if (connection.status === 'disconnected') return null;
  return (
    <div class="fix-link">
      <button type="button" disabled={busy} onClick={() => void make()}>
        {link ? 'Make another fix link' : 'Make a fix link'}
      </button>
      <p class="help">
        A link for {connection.endUser?.displayName ?? connection.endUser?.email ?? 'the end user'} to fix this connection in the Connect page (new
        credentials, settings or sign-in), without starting over. Recorded in the audit trail under your support key.
      </p>
      {link && (
        <div class="link-box">
          <label for="fix-link-url">Fix link (works until {when(link.expiresAt)}, for this connection only)</label>
          <input id="fix-link-url" ref={field} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy(link.url)}>
            Copy link
          </button>
        </div>
      )}
      {note && (
        <p role="status" class={note.ok ? 'ok' : 'error'}>
          {note.text}
        </p>
      )}
    </div>
  );
}
