import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The step before a support action: the question, a confirm button that takes the focus as it
 * appears (Enter confirms; a layout effect, so a key typed meanwhile does not land elsewhere) and
 * a cancel button (Escape cancels too).
 */
export function Confirm(props: { id: string; question: string; label: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => confirmRef.current?.focus(), [props.id]);
  // Escape takes the question back, as in any dialog (listening from the moment it shows).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onCancel();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [props.onCancel]);
  return (
    <div class="confirm" role="alertdialog" aria-labelledby={props.id} aria-modal="false">
      <p id={props.id}>{props.question} It is recorded in the audit trail under your support key.</p>
      <button type="button" ref={confirmRef} disabled={props.busy} onClick={props.onConfirm}>
        Confirm: {props.label}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
