export type StepName = 'connect' | 'configure' | 'test' | 'activate';

export const STEP_LABELS: Record<StepName, string> = { connect: 'Connect', configure: 'Choose', test: 'Check', activate: 'Complete' };
const ORDER: StepName[] = ['connect', 'configure', 'test', 'activate'];

/**
 * Where set-up stands, by icon and words as well as colour: the steps before the current one are
 * done, the current one is in progress or failed, and nothing after a failed step counts as done.
 */
export function Steps({ current, failed = false }: { current: StepName | 'done'; failed?: boolean }) {
  const at = current === 'done' ? ORDER.length : ORDER.indexOf(current);
  return (
    <ol class="steps" aria-label="Set-up steps">
      {ORDER.map((step, i) => {
        const state = i < at ? 'done' : i === at ? (failed ? 'failed' : 'current') : 'todo';
        const icon = { done: '✓', failed: '✕', current: '●', todo: '○' }[state];
        const words = { done: 'done', failed: 'needs attention', current: 'in progress', todo: 'not started' }[state];
        return (
          <li key={step} class={state} aria-current={i === at ? 'step' : undefined}>
            <span class="step-icon" aria-hidden="true">{icon}</span> {STEP_LABELS[step]}
            <span class="step-state"> {words}</span>
          </li>
        );
      })}
    </ol>
  );
}
