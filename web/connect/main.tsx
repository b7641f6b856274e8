import { render } from 'preact';

function ConnectPage() {
  return (
    <main>
      <h1>Connect an integration</h1>
    </main>
  );
}

render(<ConnectPage />, document.getElementById('app')!);
