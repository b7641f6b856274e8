import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Every replica listens the same way: a free port on 127.0.0.1 only, and a close that drops
 * open keep-alive connections and may be called twice.
 */
export async function serveOnLoopback(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
