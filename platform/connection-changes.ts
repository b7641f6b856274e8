import { CONNECTION_CHANGES_CHANNEL } from '../db/repositories/connections.js';
import { listenReconnecting, type ListenLogger, type Listening } from './pg-listen.js';

export interface ConnectionChanges {
  /** Calls `wake` whenever the connection may have changed; answers the unsubscribe. */
  subscribe(connectionId: string, wake: () => void): () => void;
  close(): Promise<void>;
}

/**
 * One LISTEN per process for every open progress stream: a committed change of a connection
 * wakes the streams of that connection, which re-read the row themselves (a notification says
 * only which). The connection is opened at the first subscriber, so a process that never
 * streams holds none. A (re)connect wakes everyone: changes made while nobody listened are lost.
 */
export function listenForConnectionChanges(options: { databaseUrl: string; logger: ListenLogger }): ConnectionChanges {
  const subscribers = new Map<string, Set<() => void>>();
  let listening: Listening | undefined;
  let closed = false;

  const wakeEach = (wakes: Iterable<() => void> | undefined) => {
    for (const wake of wakes ?? []) wake();
  };

  return {
    subscribe(connectionId, wake) {
      if (!listening && !closed) {
        listening = listenReconnecting({
          databaseUrl: options.databaseUrl,
          channels: [CONNECTION_CHANGES_CHANNEL],
          name: 'progress listener',
          logger: options.logger,
          onNotification: (_channel, id) => wakeEach(subscribers.get(id)),
          onListening: () => {
            for (const wakes of subscribers.values()) wakeEach(wakes);
          },
        });
      }
      const wakes = subscribers.get(connectionId) ?? new Set();
      subscribers.set(connectionId, wakes);
      wakes.add(wake);
      return () => {
        wakes.delete(wake);
        if (wakes.size === 0 && subscribers.get(connectionId) === wakes) subscribers.delete(connectionId);
      };
    },
    async close() {
      closed = true;
      await listening?.close();
    },
  };
}
