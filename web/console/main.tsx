import { render } from 'preact';

function ConsolePage() {
  return (
    <main>
      <h1>Onramp support console</h1>
    </main>
  );
}

render(<ConsolePage />, document.getElementById('app')!);
