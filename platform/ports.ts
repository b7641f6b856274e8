import { createServer } from 'node:net';

function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(chosen));
    });
  });
}

/** The preferred port when it is free, otherwise any free one on 127.0.0.1. */
export async function choosePort(preferred?: number): Promise<number> {
  if (preferred) {
    const got = await listenOnce(preferred);
    if (got) return got;
  }
  const any = await listenOnce(0);
  if (!any) throw new Error('no free TCP port on 127.0.0.1');
  return any;
}
