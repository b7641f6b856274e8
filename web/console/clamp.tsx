import { useState } from 'preact/hooks';

const SHOWN = 90;

/** A long text cut to its start, with the whole of it a click away: long hints must not squeeze a table. */
export function Clamp({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= SHOWN) return <>{text}</>;
  return (
    <>
      {open ? text : `${text.slice(0, SHOWN).trimEnd()}…`}{' '}
      <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'less' : 'more'}
      </button>
    </>
  );
}
